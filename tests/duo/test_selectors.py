"""duo.selectors: "DUO zegt / wij zeggen" fact by fact (what differs, who is the source, what can be done), the
gemeente's queue of aanmeldingen, the list of cases to look at, and the two DUO signals of Vandaag."""

import datetime as dt

import pytest
from django.utils import timezone

from cases import signals
from cases.models import BredeIntake, Statushouder
from duo import raadpleging, selectors
from duo.models import Aanmelding, Melding, Voorstel
from inburgering.accounts import roles
from leerroutes.models import Leerroute, Onderdeel
from tests.conftest import TODAY
from tests.factories import (
    AanmeldingFactory,
    ExamenresultaatFactory,
    InschrijvingFactory,
    MeldingFactory,
    PipFactory,
    PipVersieFactory,
    StatushouderFactory,
    VoorstelFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date

PLICHT = {
    "indicatorInburgeringsplicht": True,
    "begindatum": "2024-11-01",  # the factory's verblijfsvergunning
    "datumKennisgevingInburgeringsplicht": "2024-11-25",  # the factory's kennisgeving is 20-11-2024
}
DOELGROEP = {"indeling": "Asielstatushouder", "gedetailleerdeDoelgroep": "Asielstatushouder"}
TERMIJN = {"startdatum": "2026-03-02", "einddatum": "2029-09-02", "verlengingsgrondomschrijving": "ziekte"}


def uitvoering(gemeente, achterhoek, *, route="b1", taalniveau="", **velden):
    """A case in uitvoering since 01-03-2026 with a vastgesteld PIP of its gemeente at TopTaal."""
    sh = StatushouderFactory(
        gemeente=gemeente,
        status="in_uitvoering",
        intake_start_datum=D(2026, 1, 5),
        pip_dagtekening=D(2026, 3, 1),
        termijn_einde=D(2029, 3, 2),
        **velden,
    )
    PipVersieFactory(
        pip=PipFactory(statushouder=sh),
        leerroute=Leerroute.objects.get(code=route),
        taalaanbieder=achterhoek.aanbieders["TopTaal"],
        dagtekening=D(2026, 3, 1),
        taalniveau_doel=taalniveau,
    )
    return sh


def duo_zegt(sh, **gegevens):
    """Store DUO's answers as the raadpleging does."""
    raadpleging.bewaar(sh, gegevens)


def per_feit(sh) -> dict[str, selectors.Verschil]:
    return {v.feit: v for v in selectors.verschillen(sh)}


def test_without_duo_data_there_is_nothing_to_compare(winterswijk, achterhoek):
    assert selectors.verschillen(uitvoering(winterswijk, achterhoek)) == []


def test_each_fact_with_its_source_and_action(winterswijk, achterhoek):
    sh = uitvoering(winterswijk, achterhoek)
    inschrijving = InschrijvingFactory(
        statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=Leerroute.objects.get(code="b1")
    )
    ExamenresultaatFactory(
        inschrijving=inschrijving, onderdeel=Onderdeel.objects.get(code="knm"), datum=D(2026, 9, 1), behaald=True
    )
    duo_zegt(
        sh,
        inburgeringsplicht=PLICHT,
        doelgroep=DOELGROEP,
        termijn=TERMIJN,
        pip={"gemeentecode": winterswijk.cbs_code[2:], "pip": {"dagtekeningPip": "2026-03-01", "leerroute": "Z"}},
        leerbaarheidstoets=[
            {
                "resultaat": "B1-route haalbaar",
                "behaaldeScore": "60",
                "benodigdeScore": "50",
                "datumAfname": "2025-12-01",
            }
        ],
        examens=[
            {"examendatum": "2026-10-12", "resultaat": "Geslaagd", "onderdeel": "LE", "niveau": "B1"},
            {"examendatum": "2026-10-13", "resultaat": "Geen", "redenGeenResultaat": "Absent", "onderdeel": "SP"},
        ],
    )
    feiten = per_feit(sh)
    assert {feit: (v.verschilt, v.bron, v.actie) for feit, v in feiten.items()} == {
        "plicht": (False, "duo", ""),
        "plicht_start": (False, "duo", ""),
        "kennisgeving": (True, "duo", "overnemen"),
        "doelgroep": (False, "duo", ""),
        "termijn": (True, "duo", "overnemen"),
        "pip_dagtekening": (False, "gemeente", ""),
        "pip_leerroute": (True, "gemeente", "opnieuw_melden"),  # the first PIP row that differs carries the action
        "pip_niveau": (True, "gemeente", ""),  # Z-route at DUO (no level), B1-route here (B1)
        "leerbaarheidstoets": (True, "duo", ""),  # no outcome here; the case is past its intake
        "examen:KNM:2026-09-01": (True, "duo", ""),  # ours only: DUO registers the exams
        "examen:LE:2026-10-12": (True, "duo", "overnemen"),
    }
    assert feiten["kennisgeving"].nieuw == D(2024, 11, 25)
    assert (feiten["kennisgeving"].duo, feiten["kennisgeving"].wij) == ("25-11-2024", "20-11-2024")
    assert feiten["termijn"].nieuw == D(2029, 9, 2)
    assert feiten["termijn"].duo == "02-03-2026 tot en met 02-09-2029 (verlengd: ziekte)"
    assert feiten["termijn"].wij == "tot en met 02-03-2029"
    assert feiten["pip_leerroute"].onderdeel == "pip"
    assert (feiten["pip_leerroute"].duo, feiten["pip_leerroute"].wij) == ("Z-route", "B1-route")
    assert feiten["leerbaarheidstoets"].uitleg == "Over te nemen zolang het dossier in de brede intake is."
    assert feiten["examen:LE:2026-10-12"].nieuw == {
        "onderdeel": "lezen",
        "datum": D(2026, 10, 12),
        "behaald": True,
        "niveau": "B1",
    }
    assert (feiten["examen:LE:2026-10-12"].duo, feiten["examen:LE:2026-10-12"].wij) == (
        "geslaagd (B1)",
        "niet vastgelegd",
    )


def test_plicht_ended_at_duo_while_our_case_runs(winterswijk, achterhoek):
    sh = uitvoering(winterswijk, achterhoek)
    duo_zegt(sh, inburgeringsplicht={"indicatorInburgeringsplicht": False, "redenGeenInburgeringsplicht": "Overlijden"})
    plicht = per_feit(sh)["plicht"]
    assert (plicht.duo, plicht.wij, plicht.verschilt, plicht.actie) == (
        "nee: Overlijden",
        "dossier loopt (in uitvoering)",
        True,
        "",
    )
    assert "voorstellen" in plicht.uitleg


ASIEL = {"indeling": "Asielstatushouder", "gedetailleerdeDoelgroep": "Asielstatushouder"}
GEZINSVORMER = {"indeling": "Gezinsmigrant en overige migrant", "gedetailleerdeDoelgroep": "Gezinsvormer"}


@pytest.mark.parametrize(
    ("ons", "duo", "verschilt", "nieuw"),
    [
        ("nareiziger", ASIEL, False, "asiel"),
        ("asiel", GEZINSVORMER, True, "gezinsmigrant"),
        ("gezinsmigrant", ASIEL, True, "asiel"),
    ],
)
def test_doelgroep_compares_duos_indeling(winterswijk, achterhoek, ons, duo, verschilt, nieuw):
    sh = uitvoering(winterswijk, achterhoek, doelgroep=ons)
    duo_zegt(sh, doelgroep=duo)
    doelgroep = per_feit(sh)["doelgroep"]
    assert (doelgroep.verschilt, doelgroep.nieuw, doelgroep.actie == "overnemen") == (verschilt, nieuw, verschilt)


@pytest.mark.parametrize(
    ("route", "taalniveau", "duo_pip", "verschilt"),
    [
        ("b1", "", {"leerroute": "B"}, False),  # DUO sets B1 without a level
        ("b1", "B1", {"leerroute": "B"}, False),
        ("b1", "A2", {"leerroute": "B", "niveau": "B1"}, True),
        ("z", "", {"leerroute": "Z"}, False),
    ],
)
def test_pip_niveau_as_duo_registers_it(winterswijk, achterhoek, route, taalniveau, duo_pip, verschilt):
    sh = uitvoering(winterswijk, achterhoek, route=route, taalniveau=taalniveau)
    duo_zegt(sh, pip={"gemeentecode": winterswijk.cbs_code[2:], "pip": {"dagtekeningPip": "2026-03-01", **duo_pip}})
    assert per_feit(sh)["pip_niveau"].verschilt is verschilt


def test_another_gemeentes_pip_is_no_difference_before_ours(winterswijk, aalten):
    sh = StatushouderFactory(gemeente=winterswijk)
    duo_zegt(sh, pip={"gemeentecode": aalten.cbs_code[2:], "pip": {"dagtekeningPip": "2025-05-01", "leerroute": "B"}})
    feiten = per_feit(sh)
    assert feiten["pip_dagtekening"].duo == "01-05-2025 (PIP van een andere gemeente)"
    assert not any(feiten[f].verschilt for f in ("pip_dagtekening", "pip_leerroute", "pip_niveau"))


def test_pip_unknown_at_duo_is_reported_again(winterswijk, achterhoek):
    sh = uitvoering(winterswijk, achterhoek)
    duo_zegt(sh, pip=None)
    feiten = per_feit(sh)
    assert feiten["pip_dagtekening"].duo == "niet bij DUO" and feiten["pip_dagtekening"].actie == "opnieuw_melden"


@pytest.mark.parametrize(
    ("ons", "resultaat", "verschilt", "nieuw"),
    [
        ("hoog", "B1-route haalbaar", False, "hoog"),
        ("laag", "B1-route haalbaar", True, "gemiddeld"),
        ("gemiddeld", "B1-route niet haalbaar", True, "laag"),
        ("", "B1-route niet haalbaar", True, "laag"),
        ("laag", "Onbekend", False, None),
    ],
)
def test_leerbaarheidstoets_during_the_intake(winterswijk, ons, resultaat, verschilt, nieuw):
    sh = StatushouderFactory(gemeente=winterswijk, status="intake", intake_start_datum=D(2026, 10, 1))
    sh.leerbaarheidstoets_datum = D(2026, 10, 20)
    sh.save()
    BredeIntake.objects.create(statushouder=sh, startdatum=D(2026, 10, 1), leerbaarheidstoets_uitkomst=ons)
    uitslag = {"resultaat": resultaat, "behaaldeScore": "40", "benodigdeScore": "50", "datumAfname": "2026-10-20"}
    duo_zegt(sh, leerbaarheidstoets=[uitslag])
    toets = per_feit(sh)["leerbaarheidstoets"]
    assert (toets.verschilt, toets.actie) == (verschilt, "overnemen" if verschilt else "")
    if verschilt:
        assert toets.nieuw == (nieuw, D(2026, 10, 20))


def test_an_exam_without_enrolment_cannot_be_taken_over(winterswijk, achterhoek):
    sh = uitvoering(winterswijk, achterhoek)
    duo_zegt(sh, examens=[{"examendatum": "2026-10-12", "resultaat": "Gezakt", "onderdeel": "KNM"}])
    examen = per_feit(sh)["examen:KNM:2026-10-12"]
    assert (examen.verschilt, examen.actie, examen.duo) == (True, "", "gezakt")
    assert examen.uitleg == "Schrijf de statushouder eerst in bij een taalaanbieder."


def test_an_annotated_row_costs_no_query(winterswijk, achterhoek, django_assert_num_queries):
    sh = uitvoering(winterswijk, achterhoek)
    duo_zegt(sh, inburgeringsplicht=PLICHT, termijn=TERMIJN, examens=[])
    rij = selectors.met_vergelijking(Statushouder.objects.select_related("gemeente")).get(pk=sh.pk)
    with django_assert_num_queries(0):
        assert len(selectors.verschillen(rij)) == 4
    zonder = Statushouder.objects.get(pk=sh.pk)
    with django_assert_num_queries(1):
        assert len(selectors.verschillen(zonder)) == 4


# --- aanmeldingen ---------------------------------------------------------------------------------------------------


def test_aanmeldingen_of_the_users_gemeente_most_urgent_first(consultant, teamleider, make_user, winterswijk, aalten):
    later = AanmeldingFactory(gemeente=winterswijk, tien_weken_start=D(2026, 11, 3))
    eerder = AanmeldingFactory(gemeente=winterswijk, tien_weken_start=D(2026, 10, 1))
    zonder_klok = AanmeldingFactory(gemeente=winterswijk, gebeurtenis_id="SS101", tien_weken_start=None)
    AanmeldingFactory(gemeente=aalten)
    AanmeldingFactory(gemeente=winterswijk, status=Aanmelding.Status.GEREGISTREERD)
    AanmeldingFactory(gemeente=winterswijk, status=Aanmelding.Status.VERVALLEN)
    for user in (consultant, teamleider):
        assert list(selectors.aanmeldingen(user)) == [eerder, later, zonder_klok]
    coordinator = make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=winterswijk.arbeidsmarktregio)
    assert not selectors.aanmeldingen(coordinator).exists()


def test_aanmeldingen_for_vandaag_in_one_query(consultant, winterswijk, django_assert_num_queries):
    for dag in (1, 2, 3):
        AanmeldingFactory(gemeente=winterswijk, tien_weken_start=D(2026, 11, dag))
    bestaand = StatushouderFactory(gemeente=winterswijk)
    AanmeldingFactory(gemeente=winterswijk, bsn=bestaand.bsn, tien_weken_start=D(2026, 10, 1))
    with django_assert_num_queries(1):
        rijen, aantal = selectors.aanmeldingen_voor_vandaag(consultant, TODAY, 2)
    assert aantal == 4 and len(rijen) == 2
    assert rijen[0].bestaand_dossier == bestaand.uuid and rijen[1].bestaand_dossier is None
    assert (rijen[1].uiterlijk, rijen[1].dagen_over) == (D(2027, 1, 10), 47)
    assert rijen[1].bsn_gemaskeerd == "******" + rijen[1].aanmelding.bsn[-3:]


def test_gebeurtenis_in_dutch(winterswijk):
    assert (
        selectors.gebeurtenis_tekst(AanmeldingFactory.build(gemeente=winterswijk, tien_weken_start=D(2026, 11, 3)))
        == "SS139: inburgeringsplichtig, 10 weken lopen sinds 3 nov"
    )
    verhuisd = AanmeldingFactory.build(gemeente=winterswijk, gebeurtenis_id="SS121", tien_weken_start=None)
    assert (
        selectors.gebeurtenis_tekst(verhuisd) == "SS121: in de gemeente komen wonen, met het PIP van de vorige gemeente"
    )


# --- the gemeente's list ------------------------------------------------------------------------------------------


@pytest.fixture
def lijst(winterswijk, aalten, achterhoek, consultant):
    """Cases of Winterswijk (and one of Aalten) with and without something to look at."""
    verschil = uitvoering(winterswijk, achterhoek, achternaam="Verschil", consultant=consultant)
    duo_zegt(verschil, termijn=TERMIJN)
    gelijk = uitvoering(winterswijk, achterhoek, achternaam="Gelijk", consultant=consultant)
    duo_zegt(gelijk, termijn={**TERMIJN, "einddatum": "2029-03-02"})
    geweigerd = StatushouderFactory(gemeente=winterswijk, achternaam="Geweigerd")
    MeldingFactory(statushouder=geweigerd, status="geweigerd", fouten=[{"fouttekst": "Dagtekening te vroeg"}])
    opnieuw = StatushouderFactory(gemeente=winterswijk, achternaam="Opnieuw")
    oud = MeldingFactory(statushouder=opnieuw, status="geweigerd", fouten=["Dagtekening te vroeg"])
    MeldingFactory(statushouder=opnieuw, status="bevestigd", aangemaakt_op=oud.aangemaakt_op + dt.timedelta(hours=1))
    voorstel = StatushouderFactory(gemeente=winterswijk, achternaam="Voorstel")
    VoorstelFactory(statushouder=voorstel)
    afgehandeld = StatushouderFactory(gemeente=winterswijk, achternaam="Afgehandeld")
    VoorstelFactory(statushouder=afgehandeld, afgehandeld_op=timezone.now())
    elders = uitvoering(aalten, achterhoek, achternaam="Elders")
    duo_zegt(elders, termijn=TERMIJN)


def test_the_list_has_differences_refusals_and_voorstellen(teamleider, consultant, lijst):
    rijen = selectors.verschillenlijst(teamleider)
    assert [r.statushouder.achternaam for r in rijen] == ["Geweigerd", "Verschil", "Voorstel"]
    geweigerd, verschil, voorstel = rijen
    assert [m.fouten for m in geweigerd.geweigerd] == [["Dagtekening te vroeg"]]
    assert [v.feit for v in verschil.verschillen] == ["termijn"]
    assert [v.soort for v in voorstel.voorstellen] == ["afsluiten"]
    assert [r.statushouder.achternaam for r in selectors.verschillenlijst(consultant, alleen_eigen=True)] == [
        "Verschil"
    ]


def test_the_list_is_one_query(teamleider, winterswijk, achterhoek, lijst, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert len(selectors.verschillenlijst(teamleider)) == 3
    for i in range(10):
        sh = uitvoering(winterswijk, achterhoek, achternaam=f"Meer{i}")
        duo_zegt(
            sh, termijn=TERMIJN, examens=[{"examendatum": "2026-10-12", "resultaat": "Geslaagd", "onderdeel": "LE"}]
        )
        MeldingFactory(statushouder=sh, status="geweigerd")
        VoorstelFactory(statushouder=sh, soort="controleren")
    with django_assert_num_queries(1):
        assert len(selectors.verschillenlijst(teamleider)) == 13


# --- signals --------------------------------------------------------------------------------------------------------


def _meldingen(sh):
    rij = signals.annoteer(Statushouder.objects.filter(pk=sh.pk), TODAY).get()
    return {m.signaal.code: m for m in signals.meldingen_voor(rij, TODAY)}


def _in_sql(sh, code) -> bool:
    return signals.filter_op(Statushouder.objects.filter(pk=sh.pk), code, TODAY).exists()


def test_signal_duo_refused_a_melding(winterswijk):
    sh = StatushouderFactory(gemeente=winterswijk, kennisgeving_datum=TODAY, brp_inschrijving_datum=TODAY)
    melding = MeldingFactory(statushouder=sh, status=Melding.Status.GEWEIGERD)
    eerste = VoorstelFactory(
        statushouder=sh,
        soort=Voorstel.Soort.WEIGERING,
        gebeurtenis_id="",
        melding=melding,
        toelichting="De melding 'PIP versie 1' is niet verwerkt: DUO weigerde haar: Dagtekening te vroeg",
        aangemaakt_op=timezone.make_aware(dt.datetime(2026, 11, 20, 10)),
    )
    VoorstelFactory(statushouder=sh, soort=Voorstel.Soort.WEIGERING, melding=melding, toelichting="Tweede")
    assert _in_sql(sh, "duo_weigering") and not _in_sql(sh, "duo_voorstel")
    melding_ = _meldingen(sh)["duo_weigering"]
    assert melding_.datum == D(2026, 11, 20)
    assert melding_.toelichting == f"{eerste.toelichting} (en nog 1)"
    assert melding_.actie_href == f"/dossiers/{sh.uuid}/#duo"
    assert "duo_voorstel" not in _meldingen(sh)
    Voorstel.objects.update(afgehandeld_op=timezone.now())
    assert not _in_sql(sh, "duo_weigering") and "duo_weigering" not in _meldingen(sh)


def test_signal_voorstel_of_duo(winterswijk):
    sh = StatushouderFactory(gemeente=winterswijk, kennisgeving_datum=TODAY, brp_inschrijving_datum=TODAY)
    VoorstelFactory(statushouder=sh)
    assert _in_sql(sh, "duo_voorstel") and not _in_sql(sh, "duo_weigering")
    melding = _meldingen(sh)["duo_voorstel"]
    assert melding.toelichting == (
        "dossier afsluiten: DUO: diploma behaald, de inburgeringsplicht is voldaan. Rond het dossier af."
    )
    assert melding.signaal.ernst == "waarschuwing" and melding.actie_href.endswith("#duo")
