"""Personal data of a case (issue 15 part 6): the section on the case page, the form at
/dossiers/<uuid>/persoonsgegevens/ with Dutch validation, the service (one timeline entry naming the changed
groups, one audit UPDATE naming the fields, nothing when nothing changed) and the permissions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases.forms.persoon import PersoonsgegevensForm, normaliseer_huisnummer, normaliseer_postcode, normaliseer_telefoon
from cases.landen_talen import landnaam, nationaliteit_keuzes, taalnaam
from cases.models import TijdlijnGebeurtenis
from cases.services.persoon import wijzig_persoonsgegevens
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from tests.factories import StatushouderFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vandaag")]

GELDIG = {
    "straat": "Markt",
    "huisnummer": "12a",
    "postcode": "7101bc",
    "woonplaats": "Winterswijk",
    "telefoon": "06 1234 5678",
    "email": "yonas@example.org",
    "nationaliteit": "ERI",
    "talen": ["ti", "ar"],
    "azc": "AZC Zutphen",
    "overdracht_notities": "Wil in de zorg werken.",
}


@pytest.fixture
def zaak(winterswijk, consultant):
    return StatushouderFactory(gemeente=winterswijk, consultant=consultant, nationaliteit="ERI", talen=["ti"])


def url(sh):
    return reverse("cases:persoonsgegevens", kwargs={"uuid": sh.uuid})


def tijdlijn(sh):
    return list(TijdlijnGebeurtenis.objects.filter(statushouder=sh, soort="persoonsgegevens").order_by("id"))


# --- names and normalisation ----------------------------------------------------------------------------------


def test_names_in_the_ui_language(settings):
    from django.utils import translation

    with translation.override("nl"):
        assert (landnaam("SYR"), landnaam("XXA"), taalnaam("ti"), taalnaam("kmr")) == (
            "Syrië",
            "Staatloos",
            "Tigrinya",
            "Koerdisch (Kurmanji)",
        )
        assert taalnaam("de") == "Duits" and landnaam("QQQ") == "QQQ"
    with translation.override("en"):
        assert (landnaam("SYR"), taalnaam("de")) == ("Syria", "German")
        groepen = nationaliteit_keuzes()
        assert ("ERI", "Eritrea") in groepen[1][1] and ("DEU", "Germany") in groepen[2][1]


@pytest.mark.parametrize(("invoer", "uit"), [("7101bc", "7101 BC"), ("7101 BC", "7101 BC"), (" 1234ab ", "1234 AB")])
def test_postcode(invoer, uit):
    assert normaliseer_postcode(invoer) == uit


@pytest.mark.parametrize("invoer", ["0101 AB", "71011 AB", "7101", "AB 7101"])
def test_no_postcode(invoer):
    with pytest.raises(ValueError):
        normaliseer_postcode(invoer)


def test_huisnummer_en_telefoon():
    assert [normaliseer_huisnummer(h) for h in ("12", "12a", "12 - b", "3 bis")] == ["12", "12-A", "12-B", "3-BIS"]
    assert normaliseer_telefoon("06-1234 5678") == "0612345678"
    assert normaliseer_telefoon("0031 6 12345678") == "+31612345678"
    assert normaliseer_telefoon("+32 470 12 34 56") == "+32470123456"
    for fout in ("12345", "06123456789", "+0123"):
        with pytest.raises(ValueError):
            normaliseer_telefoon(fout)


# --- the form page --------------------------------------------------------------------------------------------


def test_form_shows_current_values_by_name(client, consultant, zaak):
    client.force_login(consultant)
    response = client.get(url(zaak))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<option value="ERI" selected>Eritrea</option>' in page
    assert 'value="ti" class="utrecht-checkbox utrecht-checkbox--html-input" id="id_talen_1" checked' in page
    assert "Persoonsgegevens wijzigen" in page


def test_valid_post_saves_normalised_with_one_timeline_entry_and_audit(client, consultant, zaak):
    client.force_login(consultant)
    response = client.post(url(zaak), {**GELDIG, "talen_overig": ["nl"]})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:dossier", kwargs={"uuid": zaak.uuid}) + "#persoonsgegevens"
    zaak.refresh_from_db()
    assert (zaak.straat, zaak.huisnummer, zaak.postcode, zaak.woonplaats) == ("Markt", "12-A", "7101 BC", "Winterswijk")
    assert (zaak.telefoon, zaak.email, zaak.azc) == ("0612345678", "yonas@example.org", "AZC Zutphen")
    assert zaak.talen == ["ti", "ar", "nl"], "the stored first language stays first"
    [regel] = tijdlijn(zaak)
    assert regel.omschrijving == (
        "Persoonsgegevens gewijzigd: adres, telefoon, e-mail, talen, AZC, overdrachtsnotities"
    )
    assert "Markt" not in regel.omschrijving and regel.actor == consultant
    [event] = AuditEvent.objects.filter(handeling=Handeling.UPDATE, statushouder_id=zaak.uuid)
    assert set(event.velden) == {
        "straat",
        "huisnummer",
        "postcode",
        "woonplaats",
        "telefoon",
        "email",
        "talen",
        "azc",
        "overdracht_notities",
    }
    pagina = client.get(response["Location"]).content.decode()
    assert "Markt 12-A, 7101 BC Winterswijk" in pagina and "De persoonsgegevens zijn opgeslagen." in pagina
    assert "Tigrinya, Arabisch, Nederlands" in pagina


def test_invalid_postcode_has_a_dutch_message_and_saves_nothing(client, consultant, zaak):
    client.force_login(consultant)
    response = client.post(url(zaak), {**GELDIG, "postcode": "71O1 BC", "email": "geen-mail"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["postcode"] == ["Vul een Nederlandse postcode in, bijvoorbeeld 7101 AB."]
    assert errors["email"] == ["Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."]
    page = response.content.decode()
    assert "Het formulier is niet opgeslagen." in page and 'aria-invalid="true"' in page
    zaak.refresh_from_db()
    assert zaak.straat == "" and tijdlijn(zaak) == []


def test_partial_address_is_refused(client, consultant, zaak):
    client.force_login(consultant)
    response = client.post(url(zaak), {**GELDIG, "woonplaats": "", "huisnummer": ""})
    assert set(response.context["form"].errors) == {"woonplaats", "huisnummer"}


def test_nothing_changed_writes_nothing(client, consultant, zaak):
    client.force_login(consultant)
    client.post(url(zaak), GELDIG)
    aantal = AuditEvent.objects.filter(handeling=Handeling.UPDATE).count()
    response = client.post(url(zaak), GELDIG)
    assert response.status_code == 302
    assert len(tijdlijn(zaak)) == 1
    assert AuditEvent.objects.filter(handeling=Handeling.UPDATE).count() == aantal
    assert "Er was niets gewijzigd." in client.get(response["Location"]).content.decode()


def test_clearing_the_address_is_a_change(client, consultant, zaak):
    client.force_login(consultant)
    client.post(url(zaak), GELDIG)
    leeg = {**GELDIG, "straat": "", "huisnummer": "", "postcode": "", "woonplaats": ""}
    client.post(url(zaak), leeg)
    zaak.refresh_from_db()
    assert zaak.postcode == "" and tijdlijn(zaak)[-1].omschrijving == "Persoonsgegevens gewijzigd: adres"


# --- the service ----------------------------------------------------------------------------------------------


def test_service_refuses_unknown_codes_and_fields(consultant, zaak):
    with pytest.raises(ValidationError) as exc:
        wijzig_persoonsgegevens(consultant, zaak, nationaliteit="QQQ", talen=["xx"])
    assert set(exc.value.message_dict) == {"nationaliteit", "talen"}
    with pytest.raises(TypeError):
        wijzig_persoonsgegevens(consultant, zaak, bsn="123")


def test_service_requires_change_permission(make_user, winterswijk, zaak):
    collega = make_user(roles.CONSULTANT, gemeente=winterswijk)
    with pytest.raises(PermissionDenied):
        wijzig_persoonsgegevens(collega, zaak, telefoon="0612345678")
    assert tijdlijn(zaak) == []


# --- permissions ----------------------------------------------------------------------------------------------


def test_teamleider_may_change(client, teamleider, zaak):
    client.force_login(teamleider)
    assert client.post(url(zaak), GELDIG).status_code == 302
    assert tijdlijn(zaak)[0].actor == teamleider


def test_colleague_sees_the_section_but_may_not_change(client, make_user, winterswijk, zaak):
    collega = make_user(roles.CONSULTANT, gemeente=winterswijk)
    client.force_login(collega)
    page = client.get(reverse("cases:dossier", kwargs={"uuid": zaak.uuid})).content.decode()
    assert 'id="kop-persoonsgegevens"' in page and "Eritrea" in page
    assert url(zaak) not in page
    assert client.get(url(zaak)).status_code == 403
    assert client.post(url(zaak), GELDIG).status_code == 403
    assert tijdlijn(zaak) == []


@pytest.mark.parametrize("wie", ["aalten", "regio", "beheerder"])
def test_others_get_404(client, make_user, aalten, achterhoek, zaak, wie):
    user = {
        "aalten": lambda: make_user(roles.CONSULTANT, gemeente=aalten),
        "regio": lambda: make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio),
        "beheerder": lambda: make_user(roles.BEHEERDER),
    }[wie]()
    client.force_login(user)
    assert client.get(url(zaak)).status_code == 404
    assert client.post(url(zaak), GELDIG).status_code == 404
    assert tijdlijn(zaak) == []


def test_anonymous_is_sent_to_login(client, zaak):
    assert client.get(url(zaak)).status_code == 302


def test_form_keeps_unknown_stored_language(zaak):
    zaak.talen = ["ti", "tig"]
    form = PersoonsgegevensForm(statushouder=zaak)
    assert ("tig", "tig") not in form.fields["talen"].choices
    assert "tig" in dict(form.fields["talen_overig"].choices) and form.initial["talen_overig"] == ["tig"]
