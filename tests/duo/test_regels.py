"""DUO's rules applied by our own services before they save (duo.regels): what DUO would refuse, the consultant is told
in Dutch, on the field. Where the test sends the same melding to the running simulator, DUO refuses it too."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import PipVersie, Statushouder
from cases.services import routeafronding
from cases.workflow import TransitionError
from duo import meldingen, regels
from duo.client import DuoClient, DuoWeigering
from duo.models import Melding, Registratie
from inburgering.accounts import roles
from leerroutes.services import schrijf_in
from tests.conftest import TODAY
from tests.factories import StatushouderFactory

from . import test_meldingen as gedeeld
from .test_meldingen import DAGTEKENING

duo, zaak, vastgesteld = gedeeld.duo, gedeeld.zaak, gedeeld.vastgesteld  # the shared fixtures

pytestmark = pytest.mark.django_db
D = dt.timedelta


def _duo_weigert(sh, pip) -> list[str]:
    """What the simulator answers when the PIP `pip` is posted for the case as it stands."""
    with pytest.raises(DuoWeigering) as weigering:
        DuoClient(sh.gemeente).roep_aan("pip", "POST", "/personen/{bsn}/PIP", pip, bsn=sh.bsn)
    return weigering.value.fouten


def _registreer(sh, onderdeel, gegevens):
    Registratie.objects.create(statushouder=sh, onderdeel=onderdeel, gegevens=gegevens)


# --- PIP: dagtekening ------------------------------------------------------------------------------------------


def test_a_dagtekening_before_duos_start_of_the_plicht_is_refused(zaak, consultant, duo):
    sh = zaak()
    begin = DAGTEKENING + D(days=1)
    duo.personen[sh.bsn].inburgeringsplicht["begindatum"] = begin.isoformat()
    _registreer(sh, "inburgeringsplicht", {"indicatorInburgeringsplicht": True, "begindatum": begin.isoformat()})

    with pytest.raises(ValidationError) as exc:
        services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=DAGTEKENING)

    assert exc.value.message_dict == {
        "dagtekening": [f"De dagtekening ligt vóór de start van de inburgeringsplicht ({begin:%d-%m-%Y})."]
    }
    assert not Melding.objects.exists()
    pip = {"dagtekeningPip": DAGTEKENING.isoformat(), "leerroute": "B"}
    assert _duo_weigert(sh, pip) == ["De datum dagtekening ligt voor de startdatum van de inburgeringsplicht."]
    services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=begin)


def test_a_dagtekening_before_the_person_settled_in_the_gemeente_is_refused(zaak, consultant, duo):
    koppeling = DAGTEKENING + D(days=2)
    sh = zaak(koppeling_datum=koppeling, huisvesting_datum=koppeling + D(days=1))
    duo.personen[sh.bsn].vestigingsdatum = koppeling

    with pytest.raises(ValidationError) as exc:
        services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=DAGTEKENING)

    assert exc.value.message_dict == {
        "dagtekening": [f"De dagtekening ligt vóór de vestiging in de gemeente ({koppeling:%d-%m-%Y})."]
    }
    pip = {"dagtekeningPip": DAGTEKENING.isoformat(), "leerroute": "B"}
    assert _duo_weigert(sh, pip) == [
        "De datum dagtekening ligt voor de datum van vestiging van de inburgeraar in de gemeente."
    ]


def test_the_vestiging_is_the_coa_koppeling_or_after_a_move_the_brp_registration(winterswijk, aalten):
    eerste = StatushouderFactory(gemeente=aalten, koppeling_datum=dt.date(2024, 11, 15))
    assert regels.vestigingsdatum(eerste) == dt.date(2024, 11, 15)  # a PIP may be made while still in the AZC
    zonder_koppeling = StatushouderFactory(gemeente=aalten, koppeling_datum=None)
    assert regels.vestigingsdatum(zonder_koppeling) == zonder_koppeling.brp_inschrijving_datum
    verhuisd = StatushouderFactory(
        gemeente=winterswijk, bsn=eerste.bsn, vorig_dossier=eerste, brp_inschrijving_datum=dt.date(2026, 5, 1)
    )
    assert regels.vestigingsdatum(verhuisd) == dt.date(2026, 5, 1)


def test_a_dagtekening_before_the_pip_duo_has_now_is_refused(zaak, consultant):
    sh = zaak()
    _registreer(sh, "pip", {"gemeentecode": "0197", "pip": {"dagtekeningPip": TODAY.isoformat(), "leerroute": "B"}})
    assert regels.pip_fouten(sh, TODAY - D(days=1)) == [
        f"De dagtekening ligt vóór die van het PIP dat DUO nu heeft ({TODAY:%d-%m-%Y})."
    ]
    assert regels.pip_fouten(sh, TODAY) == []


def test_niveau_a2_in_the_first_b1_route_pip_is_refused_by_us_as_by_duo(zaak, consultant, duo):
    sh = zaak()
    PipVersie.objects.filter(pip__statushouder=sh).update(taalniveau_doel="A2")
    with pytest.raises(TransitionError, match="Niveau A2 kan niet in het eerste PIP"):
        services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=DAGTEKENING)
    pip = {"dagtekeningPip": DAGTEKENING.isoformat(), "leerroute": "B", "niveau": "A2"}
    assert _duo_weigert(sh, pip) == [
        "Niveau A2 is niet toegestaan in combinatie met de B1-route bij het eerste PIP van de persoon."
    ]


# --- Inburgeringsaanbod ---------------------------------------------------------------------------------------


def test_an_enrolment_outside_duos_termijn_is_refused(vastgesteld, consultant, achterhoek):
    sh = vastgesteld()
    start = DAGTEKENING + D(days=30)
    _registreer(sh, "termijn", {"startdatum": start.isoformat(), "einddatum": "2029-10-25"})
    with pytest.raises(ValidationError) as exc:
        schrijf_in(
            actor=consultant, statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], startdatum=start - D(1)
        )
    assert exc.value.message_dict == {
        "startdatum": [f"De start ligt vóór de start van de inburgeringstermijn ({start:%d-%m-%Y})."]
    }
    assert regels.aanbod_fout(sh, DAGTEKENING, dt.date(2029, 10, 26)) == (
        "De start ligt na het einde van de inburgeringstermijn (25-10-2029)."
    )


# --- MAP, PVT, Z-route --------------------------------------------------------------------------------------------


def test_duos_termijn_counts_for_the_route_records(vastgesteld, consultant):
    sh = vastgesteld()
    start = DAGTEKENING + D(days=20)
    _registreer(sh, "termijn", {"startdatum": start.isoformat(), "einddatum": "2029-10-15"})
    with pytest.raises(ValidationError) as exc:
        routeafronding.leg_pvt_vast(actor=consultant, statushouder=sh, uren=12, ondertekend_op=start - D(1))
    assert exc.value.message_dict == {
        "ondertekend_op": [
            f"De datum ondertekening PVT ligt vóór de start van de inburgeringstermijn ({start:%d-%m-%Y})."
        ]
    }


def test_nothing_changes_once_duo_has_the_plicht_voldaan_through_the_z_route(vastgesteld, consultant):
    sh = vastgesteld(route="z")
    _registreer(
        sh,
        "inburgeringsplicht",
        {"indicatorInburgeringsplicht": False, "redenGeenInburgeringsplicht": "Inburgeringsplicht voldaan"},
    )
    with pytest.raises(ValidationError, match="De inburgeringsplicht is via de Z-route voldaan"):
        routeafronding.leg_zroute_eindgesprek_vast(actor=consultant, statushouder=sh, eindgesprek_op=TODAY)


def test_after_a_move_only_the_gemeente_that_reported_a_date_changes_it(
    vastgesteld, consultant, aalten, make_user, achterhoek, duo
):
    sh = vastgesteld()
    routeafronding.leg_map_vast(actor=consultant, statushouder=sh, themas=[], eindgesprek_op=TODAY - D(days=10))
    services.rond_af(
        actor=consultant, statushouder=sh, eindreden="verhuisd", datum=TODAY - D(days=5), nieuwe_gemeente=aalten
    )
    nieuw = Statushouder.objects.get(gemeente=aalten)
    collega = make_user(roles.TEAMLEIDER, gemeente=aalten)

    # before Aalten's own PIP its PVT is recorded, and waits for that PIP to reach DUO
    routeafronding.leg_pvt_vast(actor=collega, statushouder=nieuw, uren=12, ondertekend_op=TODAY - D(days=2))
    assert not Melding.objects.filter(statushouder=nieuw).exists()
    PipVersie.objects.filter(pip__statushouder=nieuw).update(taalaanbieder=achterhoek.aanbieders["TopTaal"])
    services.stel_pip_vast(actor=collega, statushouder=nieuw, dagtekening=TODAY)
    assert list(Melding.objects.filter(statushouder=nieuw).order_by("pk").values_list("operatie", flat=True)) == [
        "postPipByBsn",
        "updatePvtByBsn",
    ]

    with pytest.raises(ValidationError) as exc:
        routeafronding.leg_map_vast(actor=collega, statushouder=nieuw, themas=[], eindgesprek_op=TODAY - D(days=1))
    assert exc.value.message_dict == {
        "eindgesprek_op": [
            "De datum eindgesprek MAP is door de gemeente Winterswijk aan DUO gemeld: alleen die gemeente kan hem "
            "wijzigen."
        ]
    }
    routeafronding.leg_pvt_vast(actor=collega, statushouder=nieuw, uren=12, ondertekend_op=TODAY - D(days=1))
    assert meldingen.meldt_aan_duo(nieuw)
