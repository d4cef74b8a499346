"""The demo seed: `manage.py seed_demo` builds the Achterhoek with consistent case data, `--if-empty` keeps it,
and a tiny national-shaped run (`--fraction`) goes through the same bulk (COPY) path with more regions."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone

from cases import deadlines
from cases.models import BredeIntake, PipVersie, Statushouder, TijdlijnGebeurtenis, Voortgangsgesprek
from cases.validators import TEST_BSN_PREFIX, bsn_elfproef
from cases.workflow import OPSCHORTBAAR, Eindreden, Status
from inburgering.accounts import roles
from inburgering.accounts.models import User
from leerroutes.models import Aanwezigheid, Examenresultaat, Inschrijving
from partners.achterhoek import GEMEENTEN, KETENPARTNERS
from partners.models import Arbeidsmarktregio, Gemeente, Organisatie


def seed(*args, **options) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def uitvoer(db):
    return seed()


@pytest.mark.django_db
def test_achterhoek_regio_organisaties_en_gebruikers(uitvoer):
    assert Arbeidsmarktregio.objects.get().naam == "Achterhoek"
    assert set(Gemeente.objects.values_list("cbs_code", flat=True)) == {code for _, code, _ in GEMEENTEN}
    aanbieders = Organisatie.objects.filter(type__in=[Organisatie.Type.TAALAANBIEDER, Organisatie.Type.ONDERWIJS])
    assert set(aanbieders.values_list("naam", flat=True)) == {"TopTaal", "Interbeek", "Graafschap College", "HAN"}
    ketenpartners = Organisatie.objects.filter(type=Organisatie.Type.KETENPARTNER)
    assert set(ketenpartners.values_list("naam", flat=True)) == {naam for naam, _ in KETENPARTNERS}

    per_rol = dict(
        User.objects.filter(groups__name__in=roles.ROLES).values_list("groups__name").annotate(n=Count("id"))
    )
    assert per_rol == {roles.TEAMLEIDER: 8, roles.CONSULTANT: 16, roles.REGIOCOORDINATOR: 1, roles.BEHEERDER: 1}
    for gemeente in Gemeente.objects.all():
        staf = User.objects.filter(groups=gemeente.group)
        assert staf.filter(groups__name=roles.TEAMLEIDER).count() == 1
        assert staf.filter(groups__name=roles.CONSULTANT).count() == 2
    beheerder = User.objects.get(username="beheerder")
    assert beheerder.is_staff and not beheerder.is_superuser
    assert User.objects.get(username="consulent.winterswijk1").check_password("inburgering-demo")
    assert "teamleider.winterswijk" in uitvoer and "regio.achterhoek" in uitvoer and "inburgering-demo" in uitvoer


@pytest.mark.django_db
def test_demo_api_sleutel_van_toptaal_werkt(uitvoer):
    """The printed demo key authenticates TopTaal on the provider API and sees its enrolments."""
    from rest_framework.test import APIClient

    from cases.demo.seed import DEMO_API_SLEUTEL

    assert f"Api-Key {DEMO_API_SLEUTEL}" in uitvoer
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {DEMO_API_SLEUTEL}")
    response = api.get("/api/v1/inschrijvingen")
    assert response.status_code == 200 and response.json()["count"] > 0
    toptaal = Organisatie.objects.get(naam="TopTaal")
    assert Inschrijving.objects.filter(organisatie=toptaal).count() == response.json()["count"]


@pytest.mark.django_db
def test_statushouders_in_elke_fase_met_consistente_gegevens(uitvoer):
    today = timezone.localdate()
    alle = Statushouder.objects.all()
    assert 250 <= alle.count() <= 350
    assert set(alle.values_list("status", flat=True)) == set(Status.values)
    assert set(alle.filter(status=Status.AFGEROND).values_list("eindreden", flat=True)) == set(Eindreden.values)
    assert alle.filter(oude_wet=True).exists()
    assert alle.values("doelgroep").distinct().count() >= 3
    assert alle.exclude(overdracht_scenario="").values("overdracht_scenario").distinct().count() == 3

    bsns = list(alle.values_list("bsn", flat=True))
    assert all(bsn.startswith(TEST_BSN_PREFIX) and bsn_elfproef(bsn) for bsn in bsns)
    assert not alle.values("gemeente", "bsn").annotate(n=Count("id")).filter(n__gt=1).exists()

    datumvelden = [
        "verblijfsvergunning_datum", "koppeling_datum", "kennisgeving_datum", "brp_inschrijving_datum",
        "huisvesting_datum", "intake_start_datum", "leerbaarheidstoets_datum", "pip_dagtekening", "einddatum",
        "status_sinds",
    ]  # fmt: skip
    laatste = alle.aggregate(**{veld: Max(veld) for veld in datumvelden})
    assert all(d <= today for d in laatste.values() if d), laatste

    for sh in alle.filter(status__in=[Status.IN_UITVOERING, Status.AFGEROND, Status.OPGESCHORT]):
        if sh.pip_dagtekening is None:
            continue
        versies = PipVersie.objects.filter(pip__statushouder=sh, status=PipVersie.VersieStatus.VASTGESTELD)
        assert versies.filter(dagtekening=sh.pip_dagtekening).exists(), sh.pk
        verlenging = sh.verlengingen.aggregate(m=Sum("maanden"))["m"] or 0
        assert sh.termijn_einde == deadlines.termijn_einde(sh.pip_dagtekening, verlenging)
    assert not alle.filter(status=Status.IN_UITVOERING, pip_dagtekening__isnull=True).exists()
    assert not alle.filter(eindreden=Eindreden.VOLDAAN, pip_dagtekening__isnull=True).exists()
    assert set(alle.filter(status=Status.OPGESCHORT).values_list("status_voor_opschorting", flat=True)) <= set(
        OPSCHORTBAAR
    )
    for intake in BredeIntake.objects.select_related("statushouder"):
        assert intake.statushouder.intake_start_datum == intake.startdatum
        assert intake.scores.count() == 9
    assert not alle.filter(status__in=[Status.AANGEMELD], intake__isnull=False).exists()
    # Every status a case went through is on its timeline.
    assert TijdlijnGebeurtenis.objects.filter(soort="status:aangemeld").count() == alle.count()
    assert TijdlijnGebeurtenis.objects.filter(soort="status:afgerond").count() == alle.filter(status="afgerond").count()
    assert Voortgangsgesprek.objects.exists()


@pytest.mark.django_db
def test_inschrijvingen_aanwezigheid_en_examens(uitvoer):
    today = timezone.localdate()
    inschrijvingen = Inschrijving.objects.select_related("organisatie", "leerroute")
    assert inschrijvingen.exists()
    for ins in inschrijvingen:
        if ins.leerroute.keurmerk_vereist:  # B1- and Z-route only at a provider with the Blik op Werk keurmerk
            assert ins.organisatie.keurmerk_geldig_op(ins.startdatum)
        else:
            assert ins.organisatie.type == Organisatie.Type.ONDERWIJS
        assert ins.contract.organisatie_id == ins.organisatie_id and ins.contract.leerroute_id == ins.leerroute_id
    rijen = Aanwezigheid.objects.all()
    assert rijen.count() > 10_000
    assert not rijen.filter(aanwezige_minuten__gt=F("geplande_minuten")).exists()
    assert not rijen.filter(datum__gt=today).exists()
    minuten = rijen.aggregate(gepland=Sum("geplande_minuten"), aanwezig=Sum("aanwezige_minuten"))
    assert 0.8 < minuten["aanwezig"] / minuten["gepland"] < 0.95
    assert set(rijen.values_list("status", flat=True).distinct()) == set(Aanwezigheid.Status.values)
    assert not rijen.filter(Q(datum__lt=F("inschrijving__startdatum")) | Q(datum__gt=F("inschrijving__einddatum")))
    examens = Examenresultaat.objects.values_list("onderdeel__code", flat=True).distinct()
    assert {"lezen", "luisteren", "spreken", "schrijven", "knm"} <= set(examens)
    assert not Examenresultaat.objects.filter(datum__gt=today).exists()


@pytest.mark.django_db
def test_if_empty_bouwt_niet_opnieuw_en_zonder_vlag_weigert_het(uitvoer):
    voor = (Statushouder.objects.count(), Aanwezigheid.objects.count(), User.objects.count(), Gemeente.objects.count())
    tweede = seed(if_empty=True)
    assert "niets gebouwd" in tweede and "consulent.aalten1" in tweede
    assert voor == (
        Statushouder.objects.count(),
        Aanwezigheid.objects.count(),
        User.objects.count(),
        Gemeente.objects.count(),
    )
    with pytest.raises(CommandError, match="--if-empty"):
        seed()


@pytest.mark.django_db
def test_deterministisch_met_dezelfde_seed(db):
    def momentopname():
        velden = ("uuid", "bsn", "voornamen", "achternaam", "status", "verblijfsvergunning_datum", "termijn_einde")
        rijen = list(Statushouder.objects.order_by("uuid").values_list(*velden))
        return rijen, Aanwezigheid.objects.aggregate(n=Count("id"), m=Sum("aanwezige_minuten"))

    with transaction.atomic():
        seed(seed=7)
        eerste = momentopname()
        transaction.set_rollback(True)
    seed(seed=7)
    assert momentopname() == eerste


@pytest.mark.django_db
def test_kleine_landelijke_run(db):
    uitvoer = seed(scale="national", fraction=0.001)
    assert Arbeidsmarktregio.objects.count() == 2
    synthetisch = Gemeente.objects.exclude(arbeidsmarktregio__naam="Achterhoek")
    assert synthetisch.count() >= 5 and all(g.cbs_code >= "GM7001" for g in synthetisch)
    assert Statushouder.objects.count() == 150
    assert Aanwezigheid.objects.filter(inschrijving__statushouder__gemeente__in=synthetisch).exists()
    assert User.objects.filter(username__startswith="regio.").count() == 2
    assert "leerroutes_aanwezigheid" in uitvoer


@pytest.mark.django_db
def test_voldaan_cases_have_complete_route_records_within_duos_date_rules(uitvoer):
    """Every voldaan case passes the voldaan check on its end date (cases.routekaart: exams, MAP praktijkuren,
    themes and eindgesprek, PVT hours and signing, the Z-route's hours and eindgesprek, the taalschakeltraject), and
    every recorded date keeps DUO's rules: from the start of the termijn, not in the future, not after the Z-route's
    completion, 'verwijtbaar' exactly when after the termijn."""
    from cases import routekaart
    from leerroutes.models import Routeafronding, Taalschakeltraject

    today = timezone.localdate()
    voldaan = list(Statushouder.objects.filter(eindreden=Eindreden.VOLDAAN))
    assert voldaan
    routes = set()
    for sh in voldaan:
        v = routekaart.voortgang(sh, sh.einddatum)
        assert v.ontbrekend == [], (sh.pk, v.route, sh.doelgroep, v.ontbrekend)
        routes.add(v.route.code)
    assert routes == {"b1", "z", "onderwijs"}
    records = Routeafronding.objects.select_related("statushouder")
    assert records.filter(statushouder__status=Status.IN_UITVOERING).exists()  # partial records of running cases
    for record in records:
        sh = record.statushouder
        start = deadlines.termijn_start(sh.pip_dagtekening)
        for datum, verwijtbaar in (
            (record.map_eindgesprek_op, record.map_verwijtbaar),
            (record.pvt_ondertekend_op, record.pvt_verwijtbaar),
        ):
            if datum is None:
                assert verwijtbaar is None
                continue
            assert start <= datum <= today and (sh.einddatum is None or datum <= sh.einddatum), sh.pk
            assert record.zroute_eindgesprek_op is None or datum <= record.zroute_eindgesprek_op
            assert (verwijtbaar is not None) == (datum > sh.termijn_einde), sh.pk
    assert Taalschakeltraject.objects.filter(resultaat="afgerond").exists()
    assert not Taalschakeltraject.objects.filter(einddatum__gt=today).exists()
    praktijk = Aanwezigheid.objects.filter(soort=Aanwezigheid.Soort.PRAKTIJK)
    assert praktijk.exists() and not praktijk.filter(datum__gt=today).exists()
