"""Demo data: a few sent letters (real PDFs, kept with a kenmerk) on demo cases. Kept small: each is a render."""

from __future__ import annotations

from datetime import timedelta

from cases.workflow import Status

from . import services

AANTAL = 3


def vul_demo(statushouders, vandaag, rng) -> int:
    """A herinnering for up to three cases still waiting for their intake (others if there are none)."""
    wachtend = [sh for sh in statushouders if sh.status == Status.AANGEMELD and sh.consultant_id]
    kandidaten = wachtend or [sh for sh in statushouders if sh.consultant_id]
    gekozen = rng.sample(kandidaten, min(AANTAL, len(kandidaten)))
    for sh in gekozen:
        services.verstuur_brief(
            actor=sh.consultant, statushouder=sh, soort="herinnering", uiterlijk=vandaag + timedelta(days=14)
        )
    return len(gekozen)
