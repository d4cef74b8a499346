"""Demo appointments: for each case with a consultant a few in the weeks around today, on working days in office
hours, some with an interpreter in the person's first language, now and then a cancelled one."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .models import Afspraak

SOORTEN = [
    (Afspraak.Soort.VOORTGANGSGESPREK, 5),
    (Afspraak.Soort.INTAKE, 2),
    (Afspraak.Soort.OVERLEG, 2),
    (Afspraak.Soort.EINDGESPREK, 1),
    (Afspraak.Soort.OVERIG, 1),
]
PLAATSEN = [
    (Afspraak.PlaatsSoort.KANTOOR, "Gemeentehuis, spreekkamer {n}", 6),
    (Afspraak.PlaatsSoort.VIDEO, "https://video.example.nl/gesprek/{n}", 2),
    (Afspraak.PlaatsSoort.THUIS, "", 1),
    (Afspraak.PlaatsSoort.AZC, "AZC, kamer {n}", 1),
]
OVERLEG_MET = ["Vluchtelingenwerk", "UWV", "de taalaanbieder", "het Werkplein", "de GGD"]


def _werkdag(dag: date) -> date:
    while dag.weekday() >= 5:
        dag += timedelta(days=1)
    return dag


def vul_demo(statushouders, vandaag: date, rng: random.Random) -> int:
    soorten, soort_gewicht = zip(*SOORTEN, strict=True)
    rijen = []
    for sh in statushouders:
        if sh.consultant_id is None:
            continue
        for _i in range(rng.randint(0, 3)):
            dag = _werkdag(vandaag + timedelta(days=rng.randint(-30, 45)))
            begin = time(rng.randint(9, 15), rng.choice((0, 30)))
            eind = (datetime.combine(dag, begin) + timedelta(minutes=rng.choice((30, 45, 60, 90)))).time()
            plaats_soort, sjabloon, _w = rng.choices(PLAATSEN, weights=[p[2] for p in PLAATSEN])[0]
            soort = rng.choices(soorten, weights=soort_gewicht)[0]
            talen = [t for t in (sh.talen or []) if t != "nl"]
            tolk = bool(talen) and rng.random() < 0.4
            rijen.append(
                Afspraak(
                    statushouder=sh,
                    soort=soort,
                    datum=dag,
                    begintijd=begin,
                    eindtijd=eind,
                    plaats_soort=plaats_soort,
                    plaats=sjabloon.format(n=rng.randint(1, 12)),
                    tolk_nodig=tolk,
                    tolk_taal=talen[0] if tolk else "",
                    tolk_wijze=rng.choice(list(Afspraak.TolkWijze.values)) if tolk else "",
                    consultant_id=sh.consultant_id,
                    genodigden_overig=rng.choice(OVERLEG_MET) if soort == Afspraak.Soort.OVERLEG else "",
                    geannuleerd_op=timezone.now() if rng.random() < 0.05 else None,
                    aangemaakt_door_id=sh.consultant_id,
                )
            )
    Afspraak.objects.bulk_create(rijen, batch_size=1000)
    return len(rijen)
