"""A report's queries side by side, all in the one snapshot the run reads.

A region's report is some 150 aggregate queries (every indicator, and its trend measure for each of 12 months); run
one after the other they leave all but one of the database's cores idle. The run's transaction exports its snapshot
(`pg_export_snapshot`), and each helper thread opens its own connection, imports that snapshot (`SET TRANSACTION
SNAPSHOT`) and takes queries from a shared list: every query still sees exactly the data the run's own transaction
sees, however the data change meanwhile, so the figures cannot mix two states (DESIGN.md §6)."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.db import connections, transaction

T = TypeVar("T")


def snapshot(db: str) -> str:
    """Export the snapshot of the open repeatable-read transaction on `db` (it stays valid while it is open)."""
    with connections[db].cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        return cursor.fetchone()[0]


def kaart(
    db: str,
    functie: Callable[..., T],
    taken: Sequence[tuple],
    werkers: int,
    bij_klaar: Callable[[int, int], None] | None = None,
) -> list[T]:
    """[functie(*taak) for taak in taken], the queries spread over the calling thread and `werkers - 1` helper
    threads, each with a connection in the snapshot of the caller's transaction on `db` (which must be a
    repeatable-read transaction: a report run's). `bij_klaar(klaar, totaal)` is called after each task, one call
    at a time (from whichever thread finished it). The first error is raised once every thread has stopped; the
    others stop taking new work as soon as one fails."""
    klaar = 0

    def meld() -> None:
        nonlocal klaar
        klaar += 1
        if bij_klaar:
            bij_klaar(klaar, len(taken))

    if werkers <= 1 or len(taken) <= 1:
        uitkomsten = []
        for taak in taken:
            uitkomsten.append(functie(*taak))
            meld()
        return uitkomsten
    if not connections[db].in_atomic_block:
        raise RuntimeError("gelijktijdig.kaart: alleen binnen de snapshot-transactie van een run")
    gedeeld = snapshot(db)
    uitkomsten: list = [None] * len(taken)
    fouten: list[BaseException] = []
    volgende = iter(range(len(taken)))
    slot = threading.Lock()

    def werk() -> None:
        while not fouten:
            with slot:
                i = next(volgende, None)
            if i is None:
                return
            try:
                uitkomsten[i] = functie(*taken[i])
                with slot:
                    meld()
            except BaseException as exc:  # noqa: BLE001 - handed to the caller, which raises it
                fouten.append(exc)

    def helper() -> None:
        try:
            with transaction.atomic(using=db):
                with connections[db].cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    cursor.execute("SET TRANSACTION SNAPSHOT %s", [gedeeld])
                werk()
        except BaseException as exc:  # noqa: BLE001 - e.g. the snapshot could not be imported
            fouten.append(exc)
        finally:
            connections.close_all()  # this thread's own connections (also one `bij_klaar` opened)

    draden = [  # in the caller's context (e.g. reports.indicators.base.EENHEDEN_GEHEUGEN)
        threading.Thread(target=contextvars.copy_context().run, args=(helper,), name=f"rapportage-{n}", daemon=True)
        for n in range(werkers - 1)
    ]
    for draad in draden:
        draad.start()
    try:
        werk()
    finally:
        for draad in draden:
            draad.join()
    if fouten:
        raise fouten[0]
    return uitkomsten
