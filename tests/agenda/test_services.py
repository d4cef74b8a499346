"""Planning, changing and cancelling appointments: the rules, the timeline, the audit, the overlap warning, the
feed token and anonymisation."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agenda import services
from agenda.models import Afspraak, AgendaFeed
from cases.models import TijdlijnGebeurtenis
from cases.services import bewaartermijn
from inburgering.audit.models import AuditEvent
from tests.factories import AfspraakFactory, SleutelpersoonFactory, VoortgangsgesprekFactory

D = dt.date
T = dt.time
VANDAAG = D(2026, 11, 24)
pytestmark = pytest.mark.django_db


def test_plan_saves_the_appointment_with_timeline_and_audit(wereld, gegevens):
    users, cases = wereld
    sh = cases["eigen"]
    collega = users["collega"]
    afspraak = services.plan(
        actor=users["consultant"], statushouder=sh, data=gegevens(users["consultant"]), genodigden=[collega],
        vandaag=VANDAAG,
    )  # fmt: skip
    afspraak.refresh_from_db()
    assert afspraak.statushouder == sh and afspraak.tolk_taal == "ti"
    assert list(afspraak.genodigden.all()) == [collega]
    assert afspraak.aangemaakt_door == users["consultant"]
    tijdlijn = TijdlijnGebeurtenis.objects.get(statushouder=sh, soort="afspraak:gepland")
    assert tijdlijn.omschrijving == "Voortgangsgesprek gepland op 26-11-2026, 10:00–11:00"
    event = AuditEvent.objects.get(handeling="create", object_type="agenda.afspraak")
    assert event.statushouder_id == sh.uuid
    assert "tolk_taal" in event.velden and "genodigden" in event.velden


@pytest.mark.parametrize(
    ("overrides", "veld"),
    [
        ({"eindtijd": T(10, 0)}, "eindtijd"),
        ({"eindtijd": T(9, 0)}, "eindtijd"),
        ({"datum": D(2026, 11, 23)}, "datum"),
        ({"tolk_taal": ""}, "tolk_taal"),
        ({"tolk_taal": "zz"}, "tolk_taal"),
        ({"tolk_wijze": ""}, "tolk_wijze"),
        ({"plaats_soort": "video", "plaats": "http://video.example.nl/x"}, "plaats"),
        ({"plaats_soort": "video", "plaats": "Teams"}, "plaats"),
    ],
)
def test_plan_refuses_invalid_input(wereld, gegevens, overrides, veld):
    users, cases = wereld
    with pytest.raises(ValidationError) as exc:
        services.plan(
            actor=users["consultant"], statushouder=cases["eigen"], data=gegevens(users["consultant"], **overrides),
            vandaag=VANDAAG,
        )  # fmt: skip
    assert veld in exc.value.message_dict
    assert not Afspraak.objects.exists()


def test_plan_accepts_https_video_link_and_today(wereld, gegevens):
    users, cases = wereld
    afspraak = services.plan(
        actor=users["consultant"], statushouder=cases["eigen"],
        data=gegevens(users["consultant"], datum=VANDAAG, plaats_soort="video", plaats="https://video.example.nl/x",
                      tolk_nodig=False, tolk_taal="ar"),
        vandaag=VANDAAG,
    )  # fmt: skip
    assert afspraak.plaats == "https://video.example.nl/x"
    assert afspraak.tolk_taal == ""  # no interpreter details without an interpreter


def test_consultant_must_work_for_the_case_gemeente(wereld, gegevens):
    users, cases = wereld
    for andere in (users["aalten"], users["regiocoordinator"], users["beheerder"]):
        with pytest.raises(ValidationError) as exc:
            services.plan(
                actor=users["consultant"], statushouder=cases["eigen"], data=gegevens(andere), vandaag=VANDAAG
            )
        assert "consultant" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.plan(
            actor=users["consultant"], statushouder=cases["eigen"], data=gegevens(users["consultant"]),
            genodigden=[users["aalten"]], vandaag=VANDAAG,
        )  # fmt: skip
    assert "genodigden" in exc.value.message_dict
    # a teamleider of the gemeente may be the one whose agenda it is
    services.plan(actor=users["consultant"], statushouder=cases["eigen"], data=gegevens(users["teamleider"]),
                  vandaag=VANDAAG)  # fmt: skip


def test_gesprek_and_sleutelpersoon_must_belong_to_the_case(wereld, gegevens, achterhoek):
    users, cases = wereld
    ander_gesprek = VoortgangsgesprekFactory(statushouder=cases["collega"], gepland_op=D(2026, 12, 1))
    with pytest.raises(ValidationError) as exc:
        services.plan(
            actor=users["consultant"], statushouder=cases["eigen"],
            data=gegevens(users["consultant"], voortgangsgesprek=ander_gesprek), vandaag=VANDAAG,
        )  # fmt: skip
    assert "voortgangsgesprek" in exc.value.message_dict
    eigen_gesprek = VoortgangsgesprekFactory(statushouder=cases["eigen"], gepland_op=D(2026, 12, 1))
    sp = SleutelpersoonFactory(arbeidsmarktregio=achterhoek.regio, talen=["ti"])
    afspraak = services.plan(
        actor=users["consultant"], statushouder=cases["eigen"],
        data=gegevens(users["consultant"], voortgangsgesprek=eigen_gesprek, sleutelpersoon=sp), vandaag=VANDAAG,
    )  # fmt: skip
    assert afspraak.voortgangsgesprek == eigen_gesprek and afspraak.sleutelpersoon == sp


def test_a_viewer_without_change_rights_may_not_plan(wereld, gegevens):
    users, cases = wereld
    with pytest.raises(PermissionDenied):
        services.plan(
            actor=users["consultant"], statushouder=cases["collega"], data=gegevens(users["consultant"]),
            vandaag=VANDAAG,
        )  # fmt: skip


def test_overlap_must_be_confirmed(wereld, gegevens):
    users, cases = wereld
    AfspraakFactory(statushouder=cases["collega"], consultant=users["consultant"], datum=D(2026, 11, 26),
                    begintijd=T(10, 30), eindtijd=T(11, 30))  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.plan(
            actor=users["consultant"], statushouder=cases["eigen"], data=gegevens(users["consultant"]),
            vandaag=VANDAAG,
        )  # fmt: skip
    assert "10:30–11:30" in exc.value.message_dict["bevestig_overlap"][0]
    services.plan(
        actor=users["consultant"], statushouder=cases["eigen"], data=gegevens(users["consultant"]),
        bevestig_overlap=True, vandaag=VANDAAG,
    )  # fmt: skip
    assert Afspraak.objects.count() == 2


def test_adjacent_cancelled_and_other_consultants_appointments_do_not_overlap(wereld, gegevens):
    users, cases = wereld
    sh = cases["collega"]
    AfspraakFactory(statushouder=sh, consultant=users["consultant"], datum=D(2026, 11, 26), begintijd=T(9, 0),
                    eindtijd=T(10, 0))  # fmt: skip
    AfspraakFactory(statushouder=sh, consultant=users["consultant"], datum=D(2026, 11, 26), begintijd=T(10, 0),
                    eindtijd=T(11, 0), geannuleerd_op=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))  # fmt: skip
    AfspraakFactory(statushouder=sh, consultant=users["collega"], datum=D(2026, 11, 26), begintijd=T(10, 0),
                    eindtijd=T(11, 0))  # fmt: skip
    services.plan(actor=users["consultant"], statushouder=cases["eigen"], data=gegevens(users["consultant"]),
                  vandaag=VANDAAG)  # fmt: skip


def test_wijzig_bumps_sequence_logs_changed_fields_and_ignores_own_slot(wereld, gegevens):
    users, cases = wereld
    afspraak = services.plan(actor=users["consultant"], statushouder=cases["eigen"],
                             data=gegevens(users["consultant"]), vandaag=VANDAAG)  # fmt: skip
    afspraak = services.wijzig(
        actor=users["consultant"], afspraak=afspraak, data={"eindtijd": T(11, 30), "tolk_wijze": "aanwezig"},
        vandaag=VANDAAG,
    )  # fmt: skip
    assert afspraak.volgnummer == 1 and afspraak.eindtijd == T(11, 30)
    event = AuditEvent.objects.get(handeling="update", object_type="agenda.afspraak")
    assert event.velden == ["eindtijd", "tolk_wijze"]
    assert TijdlijnGebeurtenis.objects.filter(soort="afspraak:gewijzigd").count() == 1
    # nothing changed: no new version
    services.wijzig(actor=users["consultant"], afspraak=afspraak, data={"eindtijd": T(11, 30)}, vandaag=VANDAAG)
    afspraak.refresh_from_db()
    assert afspraak.volgnummer == 1


def test_wijzig_may_keep_a_past_date_but_not_move_into_the_past(wereld, gegevens):
    users, cases = wereld
    oud = AfspraakFactory(statushouder=cases["eigen"], consultant=users["consultant"], datum=D(2026, 11, 20))
    services.wijzig(actor=users["consultant"], afspraak=oud, data={"toelichting": "correctie"}, vandaag=VANDAAG)
    with pytest.raises(ValidationError) as exc:
        services.wijzig(actor=users["consultant"], afspraak=oud, data={"datum": D(2026, 11, 19)}, vandaag=VANDAAG)
    assert "datum" in exc.value.message_dict


def test_annuleer(wereld, gegevens):
    users, cases = wereld
    afspraak = services.plan(actor=users["consultant"], statushouder=cases["eigen"],
                             data=gegevens(users["consultant"]), vandaag=VANDAAG)  # fmt: skip
    afspraak = services.annuleer(actor=users["consultant"], afspraak=afspraak, vandaag=VANDAAG)
    assert afspraak.geannuleerd and afspraak.volgnummer == 1
    assert TijdlijnGebeurtenis.objects.filter(soort="afspraak:geannuleerd").exists()
    with pytest.raises(ValidationError):
        services.annuleer(actor=users["consultant"], afspraak=afspraak, vandaag=VANDAAG)
    with pytest.raises(ValidationError):
        services.wijzig(actor=users["consultant"], afspraak=afspraak, data={"eindtijd": T(12, 0)}, vandaag=VANDAAG)


def test_omschrijving_voor_brief(wereld):
    users, cases = wereld
    afspraak = AfspraakFactory(
        statushouder=cases["eigen"], consultant=users["consultant"], datum=D(2026, 12, 3), begintijd=T(14, 0),
        eindtijd=T(15, 0), plaats="Markt 1, Winterswijk", tolk_nodig=True, tolk_taal="ti", tolk_wijze="aanwezig",
    )  # fmt: skip
    assert afspraak.omschrijving_voor_brief() == (
        "donderdag 3 december 2026, 14:00–15:00; op kantoor, Markt 1, Winterswijk; tolk Tigrinya (aanwezig)"
    )
    afspraak.tolk_nodig = False
    afspraak.plaats_soort, afspraak.plaats = "thuis", ""
    assert afspraak.omschrijving_voor_brief() == "donderdag 3 december 2026, 14:00–15:00; thuis"


def test_taalnaam_falls_back_to_pycountry():
    from agenda.talen import is_taalcode, taalnaam

    assert taalnaam("ti") == "Tigrinya"
    assert taalnaam("am") == "Amhaars"  # not in the partners list: pycountry's Dutch name
    assert is_taalcode("am") and not is_taalcode("zz")


def test_feed_token_is_stored_hashed_renewed_and_revoked(wereld):
    users, _cases = wereld
    user = users["consultant"]
    token = services.maak_feed(user)
    feed = AgendaFeed.objects.get(user=user)
    assert token not in feed.token_hash and len(feed.token_hash) == 64
    assert services.feed_voor_token(token) == feed
    nieuw = services.maak_feed(user)
    assert services.feed_voor_token(token) is None
    assert services.feed_voor_token(nieuw).user == user
    services.trek_feed_in(user)
    assert services.feed_voor_token(nieuw) is None
    assert services.feed_voor_token("") is None
    with pytest.raises(PermissionDenied):
        services.maak_feed(users["beheerder"])


def test_anonymisation_deletes_the_case_appointments(wereld):
    users, cases = wereld
    AfspraakFactory(statushouder=cases["eigen"], consultant=users["consultant"])
    blijft = AfspraakFactory(statushouder=cases["collega"], consultant=users["collega"])
    bewaartermijn.anonimiseer([cases["eigen"]])
    assert list(Afspraak.objects.all()) == [blijft]


def test_vul_demo(wereld):
    import random

    from agenda.demo import vul_demo

    _users, cases = wereld
    aantal = vul_demo(list(cases.values()), VANDAAG, random.Random(3))
    assert aantal == Afspraak.objects.count() > 0
    assert all(a.eindtijd > a.begintijd and a.datum.weekday() < 5 for a in Afspraak.objects.all())
