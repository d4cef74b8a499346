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


def dossier_in_uitvoering(gemeente, consultant, pip_dagtekening=None, **velden) -> Statushouder:
    """A case in uitvoering since `pip_dagtekening` (01-10-2026: no gesprek or enrolment due yet in late 2026)."""
    pip_dagtekening = pip_dagtekening or dt.date(2026, 10, 1)
    return StatushouderFactory(
        gemeente=gemeente,
        consultant=consultant,
        status="in_uitvoering",
        intake_start_datum=pip_dagtekening,
        pip_dagtekening=pip_dagtekening,
        termijn_einde=dt.date(2029, 10, 2),
        **velden,
    )


def b1_inschrijving(sh, achterhoek) -> Inschrijving:
    """An active enrolment of the case at TopTaal on the B1-route."""
    from leerroutes.models import Leerroute

    return InschrijvingFactory(
        statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=Leerroute.objects.get(code="b1")
    )


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


# --- route records (MAP, PVT, Z-route, taalschakeltraject) -----------------------------------------------------


def leg_route_af(
    sh,
    *,
    datum=dt.date(2025, 6, 1),
    praktijkuren=40,
    themas=None,
    map_eindgesprek=True,
    pvt_uren="12",
    pvt_ondertekend=True,
    les_uren=0,
    participatie_uren=0,
    zroute_eindgesprek=True,
    taalschakel="afgerond",
):
    """The one test helper that completes a case's route records as the voldaan check reads them (cases.routekaart),
    for the route of its vastgesteld PIP: praktijk attendance (MAP) and, for the Z-route, lesson and participation
    attendance on an enrolment of that route at the PIP's provider; the MAP themes (default all 8), the MAP
    eindgesprek, the PVT hours and signing date, the Z-route eindgesprek (each on `datum`, or left out with False/0/
    None); the onderwijsroute's taalschakeltraject ended on `datum` with `taalschakel` as the result (None: none).
    Attendance goes in blocks of 10 hours plus the remainder in minutes. Returns the enrolment."""
    from decimal import Decimal

    from leerroutes.models import MapThema, Routeafronding, Taalschakeltraject

    versie = PipVersie.objects.filter(pip__statushouder=sh, status="vastgesteld").latest("dagtekening", "versie")
    route = versie.leerroute
    inschrijving = Inschrijving.objects.filter(statushouder=sh, leerroute=route).first() or InschrijvingFactory(
        statushouder=sh, organisatie=versie.taalaanbieder, leerroute=route, startdatum=min(datum, dt.date(2025, 6, 1))
    )

    def uren(soort, aantal):
        minuten = round(Decimal(str(aantal)) * 60)
        while minuten > 0:
            blok = min(minuten, 600)
            AanwezigheidFactory(inschrijving=inschrijving, soort=soort, geplande_minuten=blok, datum=datum)
            minuten -= blok

    if route.code == "onderwijs":
        if taalschakel:
            Taalschakeltraject.objects.update_or_create(
                inschrijving=inschrijving,
                defaults={
                    "startdatum": min(inschrijving.startdatum, datum),
                    "einddatum": datum,
                    "resultaat": taalschakel,
                    "vervolgopleiding": "Verpleegkunde",
                    "vervolgniveau": "mbo",
                },
            )
    else:
        uren(Aanwezigheid.Soort.PRAKTIJK, praktijkuren)
    if route.code == "z":
        uren(Aanwezigheid.Soort.LES, les_uren)
        uren(Aanwezigheid.Soort.PARTICIPATIE, participatie_uren)
    Routeafronding.objects.update_or_create(
        statushouder=sh,
        defaults={
            "map_themas": list(MapThema.values if themas is None else themas) if route.map_verplicht else [],
            "map_eindgesprek_op": datum if map_eindgesprek and route.map_verplicht else None,
            "pvt_uren": Decimal(pvt_uren) if pvt_uren is not None else None,
            "pvt_ondertekend_op": datum if pvt_ondertekend else None,
            "zroute_eindgesprek_op": datum if zroute_eindgesprek and route.code == "z" else None,
        },
    )
    return inschrijving


class KeurmerkFactory(factory.django.DjangoModelFactory):
    """A Blik op Werk keurmerk period of `organisatie=` from 2022 until `geldig_tot` (default: none); pass
    soort="taalschakelinstelling" for the recognition as erkende taalschakelinstelling."""

    class Meta:
        model = "partners.Keurmerk"

    soort = "blik_op_werk"
    geldig_van = dt.date(2022, 1, 1)
    geldig_tot = None


class NotificatieFactory(factory.django.DjangoModelFactory):
    """A notification DUO posted for `gemeente=` (and `bsn=`), as the Notificatie API stores it: not yet processed."""

    class Meta:
        model = "duo.Notificatie"

    bericht_id = factory.Faker("uuid4", cast_to=None)
    bron = "00000001800866472000"
    doel = factory.LazyAttribute(lambda o: o.gemeente.oin)
    gebeurtenis_id = "SS139"
    registratie_datum_tijd = factory.LazyFunction(lambda: dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC))


class AanmeldingFactory(factory.django.DjangoModelFactory):
    """An open aanmelding of DUO (give gemeente=): SS139 for a test BSN, its notification made alongside."""

    class Meta:
        model = "duo.Aanmelding"

    bsn = factory.LazyFunction(lambda: next(_bsns))
    notificatie = factory.SubFactory(
        NotificatieFactory,
        gemeente=factory.SelfAttribute("..gemeente"),
        bsn=factory.SelfAttribute("..bsn"),
        gebeurtenis_id=factory.SelfAttribute("..gebeurtenis_id"),
    )
    gebeurtenis_id = "SS139"
    doelgroep = "asiel"
    gedetailleerde_doelgroep = "Asielstatushouder"
    plicht_begindatum = dt.date(2026, 10, 20)
    kennisgeving_datum = dt.date(2026, 11, 3)
    tien_weken_start = dt.date(2026, 11, 3)


class MeldingFactory(factory.django.DjangoModelFactory):
    """A PIP melding to DUO of a case (give statushouder=), waiting to be sent; pass status= and fouten= for others."""

    class Meta:
        model = "duo.Melding"

    gemeente = factory.LazyAttribute(lambda o: o.statushouder.gemeente)
    api = "pip"
    operatie = "postPipByBsn"
    methode = "POST"
    pad = "/personen/{bsn}/PIP"
    inhoud = factory.LazyFunction(lambda: {"dagtekeningPip": "2026-10-01", "leerroute": "B"})
    omschrijving = "PIP versie 1 vastgesteld (eerste plan), dagtekening 01-10-2026"


class VoorstelFactory(factory.django.DjangoModelFactory):
    """An open voorstel of DUO on a case (give statushouder=; soort= defaults to afsluiten after SS106)."""

    class Meta:
        model = "duo.Voorstel"

    soort = "afsluiten"
    gebeurtenis_id = "SS106"
    toelichting = "DUO: diploma behaald, de inburgeringsplicht is voldaan. Rond het dossier af."


# --- agenda (issue 15, part 1) ---
class AfspraakFactory(factory.django.DjangoModelFactory):
    """Pass statushouder= and consultant= (a user of the case's gemeente)."""

    class Meta:
        model = "agenda.Afspraak"

    soort = "voortgangsgesprek"
    datum = dt.date(2026, 11, 24)
    begintijd = dt.time(10, 0)
    eindtijd = dt.time(11, 0)
    plaats_soort = "kantoor"
    plaats = "Gemeentehuis, spreekkamer 2"
