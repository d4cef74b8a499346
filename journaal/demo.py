"""Demo notes: for each case with a consultant a few notes in the past months, by the consultant, each with its
line on the timeline (the category only). They are older than the edit time, so they are fixed."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from cases.models import TijdlijnGebeurtenis

from .models import Notitie

TEKSTEN = {
    Notitie.Categorie.CONTACT: [
        "Gebeld over de voortgang van de les; gaat goed.",
        "Niet bereikt, voicemail ingesproken.",
        "Langs geweest op het spreekuur met vragen over een brief.",
    ],
    Notitie.Categorie.AFSPRAAK: ["Afspraak verzet op verzoek van de statushouder.", "Niet verschenen op de afspraak."],
    Notitie.Categorie.ZORG: ["Was ziek, kon niet naar de les.", "Heeft een afspraak bij de huisarts gemaakt."],
    Notitie.Categorie.WERK: ["Wil graag in de zorg werken; werkfit-traject besproken.", "Proefplaatsing besproken."],
    Notitie.Categorie.ONDERWIJS: ["Interesse in een mbo-opleiding; open dag bezocht."],
    Notitie.Categorie.TAAL: ["Taalcafé in de bibliotheek aangeraden.", "Oefent thuis met een taalmaatje."],
    Notitie.Categorie.FINANCIEN: ["Vragen over de toeslagen; doorverwezen naar de schuldhulp-inloop."],
    Notitie.Categorie.WONEN: ["Huurcontract getekend; verhuizing volgende maand."],
    Notitie.Categorie.OVERIG: ["Fietsles via Vluchtelingenwerk geregeld."],
}


def vul_demo(statushouders, vandaag: date, rng: random.Random) -> int:
    notities, regels = [], []
    categorieen = list(TEKSTEN)
    for sh in statushouders:
        if sh.consultant_id is None:
            continue
        for _i in range(rng.randint(0, 4)):
            categorie = rng.choice(categorieen)
            datum = vandaag - timedelta(days=rng.randint(1, 120))
            notities.append(
                Notitie(
                    statushouder=sh,
                    datum=datum,
                    categorie=categorie,
                    tekst=rng.choice(TEKSTEN[categorie]),
                    auteur_id=sh.consultant_id,
                )
            )
            regels.append(
                TijdlijnGebeurtenis(
                    statushouder=sh,
                    datum=datum,
                    soort="journaal",
                    omschrijving=f"Notitie ({Notitie.Categorie(categorie).label}) vastgelegd",
                    actor_id=sh.consultant_id,
                )
            )
    gemaakt = Notitie.objects.bulk_create(notities, batch_size=1000)
    TijdlijnGebeurtenis.objects.bulk_create(regels, batch_size=1000)
    # written long ago: fixed, no longer editable
    Notitie.objects.filter(pk__in=[n.pk for n in gemaakt]).update(aangemaakt_op=timezone.now() - timedelta(days=1))
    return len(gemaakt)
