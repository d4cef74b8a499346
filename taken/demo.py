"""Demo tasks: for about a third of the cases with a consultant a task around today (some overdue, a few done),
mostly for the consultant, now and then made for a colleague of the same gemeente."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .models import Taak

OMSCHRIJVINGEN = [
    "Huurtoeslag nabellen",
    "Brief van DUO uitleggen",
    "Aanmelding taalaanbieder controleren",
    "Terugbellen over de kinderopvang",
    "Werkfit-traject aanvragen bij het Werkplein",
    "Verslag voortgangsgesprek afmaken",
    "Tolk regelen voor het volgende gesprek",
    "Vrijwilligerswerk zoeken bij de bibliotheek",
]


def vul_demo(statushouders, vandaag: date, rng: random.Random) -> int:
    consultants = defaultdict(set)
    for sh in statushouders:
        if sh.consultant_id is not None:
            consultants[sh.gemeente_id].add(sh.consultant_id)
    rijen = []
    for sh in statushouders:
        if sh.consultant_id is None or rng.random() > 0.35:
            continue
        collegas = sorted(consultants[sh.gemeente_id] - {sh.consultant_id})
        voor = rng.choice(collegas) if collegas and rng.random() < 0.2 else sh.consultant_id
        deadline = vandaag + timedelta(days=rng.randint(-10, 30))
        afgerond = deadline < vandaag and rng.random() < 0.3
        rijen.append(
            Taak(
                statushouder=sh,
                omschrijving=rng.choice(OMSCHRIJVINGEN),
                deadline=deadline,
                toegewezen_aan_id=voor,
                aangemaakt_door_id=sh.consultant_id,
                afgerond_op=(timezone.make_aware(datetime.combine(deadline, time(11))) if afgerond else None),
                afgerond_door_id=voor if afgerond else None,
            )
        )
    Taak.objects.bulk_create(rijen, batch_size=1000)
    return len(rijen)
