"""All test factories in one place. Statushouders get BSNs from the documented test range."""

import datetime as dt
import itertools

import factory

from cases.models import Participatie, Pip, PipVersie, Statushouder, Verwijzing, Voortgangsgesprek
from cases.validators import iter_test_bsns
from leerroutes.models import Aanwezigheid, Examenresultaat, Inschrijving
from partners.models import Sleutelpersoon

_bsns = iter_test_bsns()
_unique = itertools.count()


class StatushouderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statushouder

    bsn = factory.LazyFunction(lambda: next(_bsns))
    voornamen = factory.Iterator(["Ahmad", "Semhar", "Yonas", "Rania", "Mohammed", "Lina", "Tesfay"])
    achternaam = factory.Iterator(["Al-Hassan", "Tesfamariam", "Haile", "Khalil", "Yilmaz", "Rahimi", "Kidane"])
    geboortedatum = dt.date(1998, 5, 4)
    geslacht = Statushouder.Geslacht.MAN
    nationaliteit = "SYR"
    talen = factory.LazyFunction(lambda: ["ar"])
    status = "aangemeld"
    status_sinds = dt.date(2025, 3, 1)
    verblijfsvergunning_datum = dt.date(2024, 11, 1)
    koppeling_datum = dt.date(2024, 11, 15)
    kennisgeving_datum = dt.date(2024, 11, 20)
    brp_inschrijving_datum = dt.date(2025, 2, 10)
    huisvesting_datum = dt.date(2025, 2, 10)


# The factories below take their parents explicitly (statushouder=, inschrijving=, organisatie=, leerroute=,
# arbeidsmarktregio=, ketenpartner=/sleutelpersoon=): tests build on the Achterhoek fixture's organisations.


class InschrijvingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inschrijving

    status = Inschrijving.Status.ACTIEF
    startdatum = dt.date(2025, 6, 2)


class AanwezigheidFactory(factory.django.DjangoModelFactory):
    """One lesson of 180 minutes, attended in full unless told otherwise."""

    class Meta:
        model = Aanwezigheid

    les_id = factory.LazyFunction(lambda: f"les-{next(_unique)}")
    datum = dt.date(2026, 11, 2)
    soort = Aanwezigheid.Soort.LES
    geplande_minuten = 180
    aanwezige_minuten = factory.LazyAttribute(lambda o: 0 if o.status == "ongeoorloofd_afwezig" else o.geplande_minuten)
    status = Aanwezigheid.Status.AANWEZIG


class VoortgangsgesprekFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Voortgangsgesprek

    soort = Voortgangsgesprek.Soort.REGULIER
    gepland_op = dt.date(2026, 9, 1)


class ParticipatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participatie

    soort = Participatie.Soort.VRIJWILLIGERSWERK
    startdatum = dt.date(2026, 3, 1)


class SleutelpersoonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sleutelpersoon

    naam = factory.Iterator(["Amanuel Berhe", "Fatima Haddad", "Reza Ahmadi", "Olena Kovalenko"])
    talen = factory.LazyFunction(lambda: ["ti"])
    nationaliteiten = factory.LazyFunction(lambda: ["ERI"])


class VerwijzingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verwijzing

    reden = "Ondersteuning bij het vinden van vrijwilligerswerk"
    datum = dt.date(2026, 10, 1)


class ExamenresultaatFactory(factory.django.DjangoModelFactory):
    """A passed exam; pass `inschrijving=` and `onderdeel=` (an Onderdeel, e.g. Onderdeel.objects.get(code="knm"))."""

    class Meta:
        model = Examenresultaat

    datum = dt.date(2025, 6, 1)
    behaald = True


class PipFactory(factory.django.DjangoModelFactory):
    """A plan of the statushouder's gemeente (give statushouder=)."""

    class Meta:
        model = Pip

    gemeente = factory.LazyAttribute(lambda o: o.statushouder.gemeente)


class PipVersieFactory(factory.django.DjangoModelFactory):
    """A vastgestelde first version (give pip=, leerroute=, taalaanbieder=, dagtekening=); for a later version
    pass versie=2 and a wijzigingsreden such as "schakelen"."""

    class Meta:
        model = PipVersie

    versie = 1
    status = PipVersie.VersieStatus.VASTGESTELD
    wijzigingsreden = PipVersie.Wijzigingsreden.EERSTE_PLAN
    vastgesteld_op = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.dagtekening, dt.time(12), tzinfo=dt.UTC) if o.dagtekening else None
    )
