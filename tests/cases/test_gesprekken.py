"""Voortgangsgesprekken: follow-ups planned at the first vaststelling, plan/move/cancel, recording with the
progress per goal and the next gesprek 13 weeks on (or the gemeente's norm), the rules and their Dutch
errors, permissions (404/403), audit events, and the case page's constant number of queries."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import TijdlijnGebeurtenis, Voortgangsgesprek
from cases.services import gesprekken
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from tests.conftest import TODAY
from tests.factories import VoortgangsgesprekFactory

# The clock is frozen on TODAY: the pages propose dates from today, and the tests compare with dates built from TODAY.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vandaag")]

D = dt.date
DAGTEKENING = D(2026, 8, 31)


@pytest.fixture
def zaak(registreer, naar_uitvoering):
    sh = registreer()
    naar_uitvoering(sh, dagtekening=DAGTEKENING)
    sh.refresh_from_db()
    return sh


@pytest.fixture
def doelen(zaak):
    """The goals of the vastgestelde PIP (naar_uitvoering makes one)."""
    return list(services.vastgestelde_versie(zaak).doelen.all())


def _voortgang(doelen, keuze="op_schema", toelichting="Gaat goed"):
    return {str(d.uuid): {"voortgang": keuze, "toelichting": toelichting} for d in doelen}


def _open(sh, soort="regulier"):
    return Voortgangsgesprek.objects.filter(statushouder=sh, soort=soort, gehouden_op__isnull=True)


def _events(handeling, sh=None):
    qs = AuditEvent.objects.filter(handeling=handeling, object_type="cases.voortgangsgesprek")
    return qs.filter(statushouder_id=sh.uuid) if sh is not None else qs


# --- follow-ups at the vaststelling -----------------------------------------------------------


def test_vaststelling_plant_follow_ups_en_eerste_gesprek(zaak):
    gepland = dict(Voortgangsgesprek.objects.filter(statushouder=zaak).values_list("soort", "gepland_op"))
    assert gepland == {
        "regulier": D(2026, 11, 30),  # 13 weeks after 31-08-2026
        "follow_up_6": D(2027, 2, 28),  # month end
        "follow_up_12": D(2027, 8, 31),
        "follow_up_24": D(2028, 8, 31),
    }
    assert TijdlijnGebeurtenis.objects.filter(statushouder=zaak, soort="gesprek:gepland").count() == 1
    assert _events(Handeling.CREATE, zaak).count() == 4


def test_vaststelling_volgt_de_norm_van_de_gemeente(registreer, naar_uitvoering, winterswijk):
    winterswijk.voortgangsgesprek_weken = 8
    winterswijk.save()
    sh = registreer()
    naar_uitvoering(sh, dagtekening=DAGTEKENING)
    assert _open(sh).get().gepland_op == D(2026, 10, 26)


def test_follow_ups_idempotent(zaak, consultant):
    assert gesprekken.plan_follow_ups(actor=consultant, statushouder=zaak, dagtekening=D(2026, 9, 30)) == []
    assert Voortgangsgesprek.objects.filter(statushouder=zaak).count() == 4
    # a held follow-up is not planned again either, the regular one only when none is open
    fu = _open(zaak, "follow_up_6").get()
    fu.gehouden_op = D(2026, 11, 1)
    fu.save()
    _open(zaak).delete()
    nieuw = gesprekken.plan_follow_ups(actor=consultant, statushouder=zaak, dagtekening=DAGTEKENING)
    assert [g.soort for g in nieuw] == ["regulier"]
    assert Voortgangsgesprek.objects.filter(statushouder=zaak, soort="follow_up_6").count() == 1


def test_tweede_vaststelling_plant_niets(zaak, consultant):
    services.nieuwe_pip_versie(actor=consultant, statushouder=zaak, reden="overig", toelichting="Ander doel")
    services.stel_pip_vast(actor=consultant, statushouder=zaak, dagtekening=D(2026, 11, 2))
    assert Voortgangsgesprek.objects.filter(statushouder=zaak).count() == 4


# --- plan, move, cancel -------------------------------------------------------------------------


def test_plannen_vandaag_of_later_en_een_open_gesprek_tegelijk(zaak, consultant):
    with pytest.raises(ValidationError) as exc:
        gesprekken.plan_gesprek(actor=consultant, statushouder=zaak, gepland_op=D(2026, 12, 3), vandaag=TODAY)
    assert exc.value.message_dict["gepland_op"] == [
        "Er staat al een voortgangsgesprek gepland op 30-11-2026; verplaats dat gesprek."
    ]
    _open(zaak).delete()
    with pytest.raises(ValidationError) as exc:
        gesprekken.plan_gesprek(actor=consultant, statushouder=zaak, gepland_op=D(2026, 11, 23), vandaag=TODAY)
    assert exc.value.message_dict["gepland_op"] == ["Plan het gesprek op vandaag of later."]
    gesprek = gesprekken.plan_gesprek(actor=consultant, statushouder=zaak, gepland_op=TODAY, vandaag=TODAY)
    assert gesprek.soort == "regulier" and gesprek.gepland_op == TODAY and gesprek.consultant == consultant
    assert TijdlijnGebeurtenis.objects.filter(omschrijving="Voortgangsgesprek gepland op 24-11-2026").exists()


def test_alleen_in_uitvoering(registreer, consultant):
    sh = registreer()
    with pytest.raises(ValidationError) as exc:
        gesprekken.plan_gesprek(actor=consultant, statushouder=sh, gepland_op=D(2026, 12, 1), vandaag=TODAY)
    assert exc.value.messages == ["Voortgangsgesprekken horen bij de uitvoering van het PIP; dit dossier is aangemeld."]
    assert not Voortgangsgesprek.objects.exists()


def test_ook_opgeschort_vanuit_uitvoering(zaak, consultant):
    services.schort_op(actor=consultant, statushouder=zaak, reden="Ziekenhuisopname", datum=TODAY)
    g = _open(zaak).get()
    gesprekken.verplaats_gesprek(
        actor=consultant, statushouder=zaak, gesprek=g.uuid, gepland_op=D(2027, 1, 5), vandaag=TODAY
    )
    assert _open(zaak).get().gepland_op == D(2027, 1, 5)


def test_verplaatsen(zaak, consultant):
    g = _open(zaak).get()
    with pytest.raises(ValidationError) as exc:
        gesprekken.verplaats_gesprek(
            actor=consultant, statushouder=zaak, gesprek=g.uuid, gepland_op=D(2026, 11, 1), vandaag=TODAY
        )
    assert exc.value.message_dict == {"gepland_op": ["Plan het gesprek op vandaag of later."]}
    gesprekken.verplaats_gesprek(
        actor=consultant, statushouder=zaak, gesprek=g.uuid, gepland_op=D(2026, 11, 26), vandaag=TODAY
    )
    g.refresh_from_db()
    assert g.gepland_op == D(2026, 11, 26)
    assert TijdlijnGebeurtenis.objects.filter(
        statushouder=zaak, omschrijving="Voortgangsgesprek verplaatst van 30-11-2026 naar 26-11-2026"
    ).exists()
    assert _events(Handeling.UPDATE, zaak).get().velden == ["gepland_op"]


def test_een_gehouden_gesprek_verplaats_of_annuleer_je_niet(zaak, consultant, doelen):
    g = gesprekken.leg_gesprek_vast(
        actor=consultant, statushouder=zaak, gehouden_op=TODAY, verslag="Kort", voortgang=_voortgang(doelen),
        vandaag=TODAY,
    )  # fmt: skip
    with pytest.raises(Voortgangsgesprek.DoesNotExist):
        gesprekken.annuleer_gesprek(actor=consultant, statushouder=zaak, gesprek=g.uuid, vandaag=TODAY)
    with pytest.raises(Voortgangsgesprek.DoesNotExist):
        gesprekken.verplaats_gesprek(
            actor=consultant, statushouder=zaak, gesprek=g.uuid, gepland_op=D(2027, 1, 1), vandaag=TODAY
        )


def test_annuleren(zaak, consultant):
    fu = _open(zaak, "follow_up_24").get()
    gesprekken.annuleer_gesprek(actor=consultant, statushouder=zaak, gesprek=fu.uuid, vandaag=TODAY)
    assert not Voortgangsgesprek.objects.filter(pk=fu.pk).exists()
    assert _events(Handeling.DELETE, zaak).get().object_id == str(fu.uuid)
    assert TijdlijnGebeurtenis.objects.filter(
        statushouder=zaak, omschrijving="Follow-up na 24 maanden van 31-08-2028 geannuleerd"
    ).exists()


def test_alleen_wie_mag_wijzigen(zaak, make_user, winterswijk):
    collega = make_user(roles.CONSULTANT, gemeente=winterswijk)
    with pytest.raises(PermissionDenied):
        gesprekken.plan_gesprek(actor=collega, statushouder=zaak, gepland_op=D(2027, 1, 1), vandaag=TODAY)
    with pytest.raises(PermissionDenied):
        gesprekken.leg_gesprek_vast(
            actor=collega, statushouder=zaak, gehouden_op=TODAY, verslag="x", voortgang={}, vandaag=TODAY
        )


# --- recording ------------------------------------------------------------------------------------


def test_vastleggen_rondt_het_geplande_gesprek_af_en_plant_het_volgende(zaak, consultant, doelen):
    gepland = _open(zaak).get()
    g = gesprekken.leg_gesprek_vast(
        actor=consultant,
        statushouder=zaak,
        gesprek=gepland.uuid,
        gehouden_op=D(2026, 11, 20),
        verslag="  Taalles loopt goed.  ",
        voortgang=_voortgang(doelen),
        vandaag=TODAY,
    )
    assert g.pk == gepland.pk
    g.refresh_from_db()
    assert g.gehouden_op == D(2026, 11, 20) and g.verslag == "Taalles loopt goed."
    assert g.pip_versie == services.vastgestelde_versie(zaak)
    assert g.voortgang_per_doel == {str(doelen[0].uuid): {"voortgang": "op_schema", "toelichting": "Gaat goed"}}
    volgend = _open(zaak).get()
    assert volgend.gepland_op == D(2027, 2, 19)  # 13 weeks after 20-11-2026
    assert TijdlijnGebeurtenis.objects.filter(
        statushouder=zaak,
        soort="gesprek:gehouden",
        omschrijving="Voortgangsgesprek gehouden; volgend voortgangsgesprek gepland op 19-02-2027",
        datum=D(2026, 11, 20),
    ).exists()
    update = _events(Handeling.UPDATE, zaak).get()
    assert update.object_id == str(g.uuid) and "voortgang_per_doel" in update.velden
    assert _events(Handeling.CREATE, zaak).filter(object_id=str(volgend.uuid)).exists()


def test_volgende_volgt_de_norm_van_de_gemeente(zaak, consultant, doelen, winterswijk):
    winterswijk.voortgangsgesprek_weken = 6
    winterswijk.save()
    gesprekken.leg_gesprek_vast(
        actor=consultant, statushouder=zaak, gehouden_op=TODAY, verslag="Kort", voortgang=_voortgang(doelen),
        vandaag=TODAY,
    )  # fmt: skip
    assert _open(zaak).get().gepland_op == D(2027, 1, 5)


def test_nieuw_gesprek_verplaatst_het_open_gesprek(zaak, consultant, doelen):
    g = gesprekken.leg_gesprek_vast(
        actor=consultant, statushouder=zaak, gehouden_op=TODAY, verslag="Onverwacht langs geweest",
        voortgang=_voortgang(doelen), vandaag=TODAY,
    )  # fmt: skip
    assert g.soort == "regulier" and g.gepland_op == TODAY
    assert [x.gepland_op for x in _open(zaak)] == [D(2027, 2, 23)]
    assert _events(Handeling.CREATE, zaak).filter(object_id=str(g.uuid)).exists()


def test_niet_plannen_of_andere_datum(zaak, consultant, doelen):
    fu = _open(zaak, "follow_up_6").get()
    gesprekken.leg_gesprek_vast(
        actor=consultant, statushouder=zaak, gesprek=fu.uuid, gehouden_op=TODAY, verslag="Follow-up",
        voortgang=_voortgang(doelen, "behaald"), volgende_op=D(2027, 1, 12), vandaag=TODAY,
    )  # fmt: skip
    fu.refresh_from_db()
    assert fu.soort == "follow_up_6" and fu.gehouden_op == TODAY
    assert [x.gepland_op for x in _open(zaak)] == [D(2027, 1, 12)]
    gesprekken.leg_gesprek_vast(
        actor=consultant, statushouder=zaak, gesprek=_open(zaak).get().uuid, gehouden_op=TODAY, verslag="Nog een",
        voortgang=_voortgang(doelen), plan_volgende=False, vandaag=TODAY,
    )  # fmt: skip
    assert not _open(zaak).exists()


def test_vastleggen_fouten(zaak, consultant, doelen):
    sleutel = str(doelen[0].uuid)
    with pytest.raises(ValidationError) as exc:
        gesprekken.leg_gesprek_vast(
            actor=consultant, statushouder=zaak, gehouden_op=D(2026, 11, 25), verslag="  ",
            voortgang={sleutel: {"voortgang": "", "toelichting": "x" * 1001}}, vandaag=TODAY,
        )  # fmt: skip
    assert exc.value.message_dict == {
        "gehouden_op": ["Deze datum ligt in de toekomst."],
        "verslag": ["Schrijf een kort verslag van het gesprek."],
        f"voortgang_{sleutel}": ["Kies de voortgang van dit doel."],
        f"toelichting_{sleutel}": ["Houd de toelichting op ten hoogste 1000 tekens."],
    }
    with pytest.raises(ValidationError) as exc:
        gesprekken.leg_gesprek_vast(
            actor=consultant, statushouder=zaak, gehouden_op=D(2026, 8, 30), verslag="x", voortgang={},
            volgende_op=D(2026, 11, 23), vandaag=TODAY,
        )  # fmt: skip
    assert exc.value.message_dict == {
        "gehouden_op": ["Het gesprek kan niet vóór de vaststelling van het PIP (31-08-2026) zijn gehouden."],
        "volgende_op": ["Plan het volgende gesprek op vandaag of later."],
        f"voortgang_{sleutel}": ["Kies de voortgang van dit doel."],
    }
    with pytest.raises(ValidationError) as exc:
        gesprekken.leg_gesprek_vast(
            actor=consultant, statushouder=zaak, gehouden_op=TODAY, verslag="x", voortgang=_voortgang(doelen),
            volgende_op=TODAY, vandaag=TODAY,
        )  # fmt: skip
    assert exc.value.message_dict == {"volgende_op": ["Het volgende gesprek moet na dit gesprek liggen."]}
    with pytest.raises(ValidationError) as exc:
        vreemd = {"00000000-0000-0000-0000-000000000000": {"voortgang": "behaald"}}
        gesprekken.leg_gesprek_vast(
            actor=consultant, statushouder=zaak, gehouden_op=TODAY, verslag="x",
            voortgang={**_voortgang(doelen), **vreemd}, vandaag=TODAY,
        )  # fmt: skip
    assert exc.value.message_dict == {"voortgang": ["Deze doelen horen niet bij het huidige PIP."]}
    assert not Voortgangsgesprek.objects.filter(statushouder=zaak, gehouden_op__isnull=False).exists()
    assert not _events(Handeling.UPDATE).exists()


# --- the pages ------------------------------------------------------------------------------------


def dossier_url(sh):
    return reverse("cases:dossier", kwargs={"uuid": sh.uuid})


def vastleggen_url(sh):
    return reverse("cases:gesprek_vastleggen", kwargs={"uuid": sh.uuid})


def historie_url(sh):
    return reverse("cases:gesprekken", kwargs={"uuid": sh.uuid})


def _post_data(doelen, **extra):
    data = {
        "gehouden_op": TODAY.isoformat(),
        "verslag": "Belde met hem; het gaat goed.",
        "plan_volgende": "on",
        "volgende_op": D(2027, 2, 23).isoformat(),
        "gesprek": "nieuw",
    }
    for d in doelen:
        data[f"voortgang_{d.uuid}"] = "op_schema"
        data[f"toelichting_{d.uuid}"] = "Les 3x per week"
    data.update(extra)
    return data


def test_dossierpagina_toont_gesprekken(client, consultant, zaak):
    client.force_login(consultant)
    html = client.get(dossier_url(zaak)).content.decode()
    assert ">Voortgangsgesprekken</h2>" in html
    assert "30-11-2026 (voortgangsgesprek)" in html  # the next one
    assert "28-02-2027" in html and "follow-up na 24 maanden" in html
    assert "Gesprek vastleggen" in html and "Verplaatsen" in html
    assert "Er is nog geen gesprek gehouden." in html
    assert "Voortgangsgesprek plannen" not in html  # a regular one is open: move it instead


def test_te_laat(client, consultant, zaak):
    _open(zaak).update(gepland_op=D(2026, 11, 10))
    client.force_login(consultant)
    html = client.get(dossier_url(zaak)).content.decode()
    assert "10-11-2026 (voortgangsgesprek) <strong>(te laat)</strong>" in html


def test_meelezer_ziet_maar_wijzigt_niet(client, make_user, winterswijk, zaak, doelen):
    collega = make_user(roles.CONSULTANT, gemeente=winterswijk)
    client.force_login(collega)
    html = client.get(dossier_url(zaak)).content.decode()
    assert ">Voortgangsgesprekken</h2>" in html and "30-11-2026" in html
    assert "Gesprek vastleggen" not in html and "Verplaatsen" not in html
    assert client.get(historie_url(zaak)).status_code == 200
    g = _open(zaak).get()
    verplaatsen = reverse("cases:gesprek_verplaatsen", args=[zaak.uuid, g.uuid])
    for url, data in [
        (vastleggen_url(zaak), _post_data(doelen)),
        (reverse("cases:gesprek_plannen", args=[zaak.uuid]), {"plannen-gepland_op": "2027-01-01"}),
        (verplaatsen, {f"verplaats-{g.uuid}-gepland_op": "2027-01-01"}),
        (reverse("cases:gesprek_annuleren", args=[zaak.uuid, g.uuid]), {}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert client.get(vastleggen_url(zaak)).status_code == 403
    assert Voortgangsgesprek.objects.filter(statushouder=zaak).count() == 4


@pytest.mark.parametrize("wie", ["andere_gemeente", "regio"])
def test_geen_toegang_is_404(client, make_user, aalten, achterhoek, zaak, doelen, wie):
    if wie == "andere_gemeente":
        user = make_user(roles.CONSULTANT, gemeente=aalten)
    else:
        user = make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)
    client.force_login(user)
    assert client.get(historie_url(zaak)).status_code == 404
    assert client.get(vastleggen_url(zaak)).status_code == 404
    assert client.post(vastleggen_url(zaak), _post_data(doelen)).status_code == 404


def test_vastleggen_via_de_pagina(client, consultant, zaak, doelen):
    client.force_login(consultant)
    response = client.get(vastleggen_url(zaak))
    html = response.content.decode()
    gepland = _open(zaak).get()
    assert f'value="{TODAY.isoformat()}"' in html  # held today by default
    assert 'value="2027-02-23"' in html  # the next one proposed 13 weeks on
    assert "Taalniveau B1 halen" in html and "op schema" in html
    assert f'<option value="{gepland.uuid}" selected>' in html  # completes the planned one
    assert reverse("cases:pip_wijzigen", args=[zaak.uuid]) in html
    response = client.post(vastleggen_url(zaak), _post_data(doelen, gesprek=str(gepland.uuid)))
    assert response.status_code == 302 and response["Location"] == dossier_url(zaak)
    gepland.refresh_from_db()
    assert gepland.gehouden_op == TODAY
    assert gepland.voortgang_per_doel[str(doelen[0].uuid)] == {
        "voortgang": "op_schema",
        "toelichting": "Les 3x per week",
    }
    html = client.get(dossier_url(zaak)).content.decode()
    assert "Het voortgangsgesprek is vastgelegd." in html
    assert "23-02-2027 (voortgangsgesprek)" in html
    assert "op schema: 1" in html and "Belde met hem" in html


def test_vastleggen_met_fouten_verliest_niets(client, consultant, zaak, doelen):
    client.force_login(consultant)
    data = _post_data(doelen, verslag="", volgende_op="2026-11-01")
    data[f"toelichting_{doelen[0].uuid}"] = "Mijn notitie"
    data[f"voortgang_{doelen[0].uuid}"] = ""
    response = client.post(vastleggen_url(zaak), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Schrijf een kort verslag van het gesprek." in html
    assert "Kies de voortgang van dit doel." in html
    assert "Mijn notitie" in html and 'value="2026-11-01"' in html
    data.update({"verslag": "Kort", f"voortgang_{doelen[0].uuid}": "achter"})
    html = client.post(vastleggen_url(zaak), data).content.decode()  # now the service's rules
    assert "Plan het volgende gesprek op vandaag of later." in html
    assert '<option value="achter" selected>' in html
    assert not Voortgangsgesprek.objects.filter(gehouden_op__isnull=False).exists()


def test_vastleggen_en_pip_aanpassen(client, consultant, zaak, doelen):
    client.force_login(consultant)
    response = client.post(vastleggen_url(zaak), {**_post_data(doelen), "daarna": "pip"})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:pip_wijzigen", args=[zaak.uuid])


def test_vastleggen_kan_niet_buiten_de_uitvoering(client, consultant, registreer):
    sh = registreer()
    client.force_login(consultant)
    assert client.get(vastleggen_url(sh)).status_code == 403
    html = client.get(dossier_url(sh)).content.decode()
    assert "Voortgangsgesprekken en follow-ups worden gepland zodra het PIP is vastgesteld." in html
    assert "Gesprek vastleggen" not in html


def test_plannen_verplaatsen_annuleren_via_de_dossierpagina(client, consultant, zaak):
    client.force_login(consultant)
    g = _open(zaak).get()
    url = reverse("cases:gesprek_verplaatsen", args=[zaak.uuid, g.uuid])
    response = client.post(url, {f"verplaats-{g.uuid}-gepland_op": "2026-11-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Plan het gesprek op vandaag of later." in html and 'value="2026-11-01"' in html
    response = client.post(url, {f"verplaats-{g.uuid}-gepland_op": "2026-11-27"})
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.gepland_op == D(2026, 11, 27)
    response = client.post(reverse("cases:gesprek_annuleren", args=[zaak.uuid, g.uuid]))
    assert response.status_code == 302 and not _open(zaak).exists()
    html = client.get(dossier_url(zaak)).content.decode()
    assert "Het geplande gesprek is geannuleerd." in html
    assert 'name="plannen-gepland_op"' in html and 'value="2026-11-30"' in html  # proposed: 13 weeks after the PIP
    plannen = reverse("cases:gesprek_plannen", args=[zaak.uuid])
    response = client.post(plannen, {"plannen-gepland_op": "2026-11-26"})
    assert response.status_code == 302
    assert _open(zaak).get().gepland_op == D(2026, 11, 26)
    onbekend = reverse("cases:gesprek_annuleren", args=[zaak.uuid, "00000000-0000-0000-0000-000000000000"])
    assert client.post(onbekend).status_code == 404


def test_historie_toont_voortgang_per_doel(client, consultant, zaak, doelen):
    gesprekken.leg_gesprek_vast(
        actor=consultant, statushouder=zaak, gehouden_op=D(2026, 10, 1), verslag="Eerste gesprek",
        voortgang=_voortgang(doelen, "achter", "Mist lessen"), plan_volgende=False, vandaag=TODAY,
    )  # fmt: skip
    gesprekken.leg_gesprek_vast(
        actor=consultant, statushouder=zaak, gehouden_op=D(2026, 11, 20), verslag="Tweede gesprek",
        voortgang=_voortgang(doelen, "behaald", "Examen gehaald"), vandaag=TODAY,
    )  # fmt: skip
    client.force_login(consultant)
    html = client.get(historie_url(zaak)).content.decode()
    assert html.index("Tweede gesprek") < html.index("Eerste gesprek")  # latest first
    assert "achter op schema" in html and "Mist lessen" in html
    assert "behaald" in html and "Examen gehaald" in html
    assert "Taalniveau B1 halen" in html
    assert "2 gesprekken, het laatste eerst." in html


def _veel_gesprekken(zaak, doelen, n, start=0):
    versie = services.vastgestelde_versie(zaak)
    Voortgangsgesprek.objects.bulk_create(
        VoortgangsgesprekFactory.build(
            statushouder=zaak,
            gepland_op=D(2026, 9, 1) + dt.timedelta(days=i),
            gehouden_op=D(2026, 9, 1) + dt.timedelta(days=i),
            verslag=f"Gesprek {i}",
            pip_versie=versie,
            voortgang_per_doel=_voortgang(doelen),
        )
        for i in range(start, start + n)
    )


def _aantal_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_constant_aantal_queries(client, consultant, zaak, doelen):
    client.force_login(consultant)
    _veel_gesprekken(zaak, doelen, 2)
    dossier, historie = _aantal_queries(client, dossier_url(zaak)), _aantal_queries(client, historie_url(zaak))
    _veel_gesprekken(zaak, doelen, 28, start=2)
    assert _aantal_queries(client, dossier_url(zaak)) == dossier
    assert _aantal_queries(client, historie_url(zaak)) == historie
    html = client.get(dossier_url(zaak)).content.decode()
    assert "Gesprek 29" in html and "Gesprek 24" not in html  # the latest five
    assert "Alle gesprekken met de voortgang per doel" in html
    historie_html = client.get(historie_url(zaak)).content.decode()
    assert 'aria-current="page" href="?pagina=1"' in historie_html and 'rel="next" href="?pagina=2"' in historie_html


def test_vastleggen_kiest_het_gesprek_dat_aan_de_beurt_is(client, consultant, zaak):
    client.force_login(consultant)
    _open(zaak).update(gepland_op=D(2026, 12, 9))  # more than two weeks ahead: a new gesprek by default
    html = client.get(vastleggen_url(zaak)).content.decode()
    assert '<option value="nieuw" selected>een nieuw, niet gepland gesprek</option>' in html
    fu = _open(zaak, "follow_up_24").get()
    html = client.get(f"{vastleggen_url(zaak)}?gesprek={fu.uuid}").content.decode()
    assert f'<option value="{fu.uuid}" selected>follow-up na 24 maanden gepland op 31-08-2028</option>' in html
    _open(zaak).update(gepland_op=D(2026, 12, 8))
    html = client.get(vastleggen_url(zaak)).content.decode()
    assert f'<option value="{_open(zaak).get().uuid}" selected>' in html


def test_volgende_datum_volgt_de_datum_van_het_gesprek(client, consultant, zaak, doelen):
    client.force_login(consultant)
    url = reverse("cases:gesprek_volgende", args=[zaak.uuid])
    onaangeroerd = {"gehouden_op": "2026-11-20", "volgende_op": "2027-02-23", "voorgesteld": "2027-02-23"}
    html = client.get(url, onaangeroerd, headers={"HX-Request": "true"}).content.decode()
    assert 'name="volgende_op" value="2027-02-19"' in html and 'name="voorgesteld" value="2027-02-19"' in html
    html = client.get(url, {**onaangeroerd, "volgende_op": "2027-03-01"}).content.decode()
    assert 'name="volgende_op" value="2027-03-01"' in html  # the user's own choice stays
    # without JavaScript: a date left at the proposal follows the date of the gesprek
    data = _post_data(doelen, gehouden_op="2026-11-20", volgende_op="2027-02-23", voorgesteld="2027-02-23")
    assert client.post(vastleggen_url(zaak), data).status_code == 302
    assert _open(zaak).get().gepland_op == D(2027, 2, 19)


def test_volgende_datum_alleen_voor_wie_mag_wijzigen(client, make_user, winterswijk, zaak):
    client.force_login(make_user(roles.CONSULTANT, gemeente=winterswijk))
    url = reverse("cases:gesprek_volgende", args=[zaak.uuid])
    assert client.get(url, {"gehouden_op": "2026-11-20"}).status_code == 403
