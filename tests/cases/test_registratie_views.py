"""Registering a case (warme overdracht) at /dossiers/nieuw/."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError

from cases.forms.registratie import RegistratieForm
from cases.models import Statushouder, TijdlijnGebeurtenis
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent
from tests.factories import StatushouderFactory

pytestmark = pytest.mark.django_db
URL = "/dossiers/nieuw/"
BSN = "999990019"


def _gegevens(**overrides):
    data = {
        "bsn": BSN,
        "voornamen": "Yonas",
        "achternaam": "Tesfamariam",
        "geboortedatum": "2001-06-02",
        "geslacht": "m",
        "nationaliteit": "ERI",
        "talen": ["ti", "ar"],
        "telefoon": "0612345678",
        "email": "yonas@example.org",
        "verblijfsvergunning_datum": "2026-08-01",
        "koppeling_datum": "2026-08-14",
        "kennisgeving_datum": "2026-08-20",
        "brp_inschrijving_datum": "2026-10-05",
        "huisvesting_datum": "2026-10-05",
        "doelgroep": "asiel",
        "overdracht_scenario": "snelle_start",
        "azc": "AZC Winterswijk",
        "overdracht_notities": "Spreekt goed Engels; wil in de zorg werken.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def ingelogd(client, consultant):
    client.force_login(consultant)
    return client


def test_form_page_in_dutch_with_the_user_as_default_consultant(ingelogd, consultant, winterswijk):
    response = ingelogd.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nieuw dossier registreren" in page and "Dossier registreren</button>" in page
    for label in ("BSN", "Voornamen", "Datum kennisgeving DUO", "Huisvestingsdatum", "Consulent", "Nationaliteit"):
        assert f">{label}" in page
    assert 'type="date"' in page and "Eritrea" in page and "Syrië" in page
    form = response.context["form"]
    assert form["consultant"].value() == consultant.pk
    assert form.fields["gemeente"].widget.is_hidden and form["gemeente"].value() == winterswijk.pk


@pytest.mark.parametrize("rol", [roles.REGIOCOORDINATOR, roles.BEHEERDER])
def test_roles_without_personal_data_get_403(client, make_user, achterhoek, rol):
    extra = {"arbeidsmarktregio": achterhoek.regio} if rol == roles.REGIOCOORDINATOR else {}
    client.force_login(make_user(rol, **extra))
    assert client.get(URL).status_code == 403
    assert client.post(URL, _gegevens(gemeente=achterhoek.gemeenten["Winterswijk"].pk)).status_code == 403
    assert Statushouder.objects.count() == 0


def test_registration_creates_the_case_with_timeline_and_audit(ingelogd, consultant, winterswijk):
    response = ingelogd.post(URL, _gegevens(gemeente=winterswijk.pk, consultant=consultant.pk))
    sh = Statushouder.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dossiers/{sh.uuid}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Het dossier van Yonas Tesfamariam is geregistreerd."
    ]
    assert (sh.gemeente, sh.consultant, sh.status, sh.bsn) == (winterswijk, consultant, "aangemeld", BSN)
    assert sh.talen == ["ti", "ar"] and sh.nationaliteit == "ERI" and sh.huisvesting_datum == dt.date(2026, 10, 5)
    assert sh.overdracht_scenario == "snelle_start" and sh.azc == "AZC Winterswijk"
    assert TijdlijnGebeurtenis.objects.get(statushouder=sh).soort == "status:aangemeld"
    event = AuditEvent.objects.get(handeling="create", statushouder_id=sh.uuid)
    assert event.actor_label == consultant.username and event.gemeente_code == winterswijk.cbs_code


def test_teamleider_assigns_a_consultant_of_the_gemeente(client, teamleider, make_user, winterswijk, aalten):
    anna = make_user(roles.CONSULTANT, gemeente=winterswijk, first_name="Anna", last_name="de Vries")
    elders = make_user(roles.CONSULTANT, gemeente=aalten, first_name="Bert", last_name="Aalten")
    client.force_login(teamleider)
    page = client.get(URL).content.decode()
    assert "Anna de Vries" in page and "Bert Aalten" not in page
    assert client.post(URL, _gegevens(gemeente=winterswijk.pk, consultant=elders.pk)).status_code == 200
    assert Statushouder.objects.count() == 0
    assert client.post(URL, _gegevens(gemeente=winterswijk.pk, consultant=anna.pk)).status_code == 302
    assert Statushouder.objects.get().consultant == anna


def test_nationality_and_languages_chosen_by_name_stored_as_codes(ingelogd, winterswijk):
    page = ingelogd.get(URL).content.decode()
    assert '<option value="SSD">Zuid-Soedan</option>' in page and '<optgroup label="Veel voorkomend">' in page
    assert 'value="ti"' in page and "Tigrinya" in page and "Koerdisch (Kurmanji)" in page
    assert '<option value="nl">Nederlands</option>' in page  # the other languages, by name
    assert "ISO" not in page, "no codes to type any more"
    response = ingelogd.post(
        URL, _gegevens(gemeente=winterswijk.pk, nationaliteit="SSD", talen=["ar"], talen_overig=["nl", "sw"])
    )
    assert response.status_code == 302
    sh = Statushouder.objects.get()
    assert sh.nationaliteit == "SSD" and sh.talen == ["ar", "nl", "sw"]


def test_stateless_and_unknown_nationality(ingelogd, winterswijk):
    assert ingelogd.post(URL, _gegevens(gemeente=winterswijk.pk, nationaliteit="XXA")).status_code == 302
    assert Statushouder.objects.get().nationaliteit == "XXA"


def test_unknown_codes_are_refused(ingelogd, winterswijk):
    response = _fout(ingelogd, winterswijk, nationaliteit="QQQ", talen=["xx"])
    assert set(response.context["form"].errors) == {"nationaliteit", "talen"}


def test_english_names_in_english(ingelogd, winterswijk):
    ingelogd.cookies["django_language"] = "en"
    page = ingelogd.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="SSD">South Sudan</option>' in page and '<option value="DEU">Germany</option>' in page


def test_address_normalised_and_complete(ingelogd, winterswijk):
    adres = {"straat": "Markt", "huisnummer": "12a", "postcode": "7101bc", "woonplaats": "Winterswijk"}
    response = _fout(ingelogd, winterswijk, straat="Markt", postcode="71O1 BC")
    errors = response.context["form"].errors
    assert errors["postcode"] == ["Vul een Nederlandse postcode in, bijvoorbeeld 7101 AB."]
    assert errors["huisnummer"] == ["Vul het hele adres in: straat, huisnummer, postcode en woonplaats."]
    assert (
        ingelogd.post(URL, _gegevens(gemeente=winterswijk.pk, telefoon="+31 6-1234 5678", **adres)).status_code == 302
    )
    sh = Statushouder.objects.get()
    assert (sh.straat, sh.huisnummer, sh.postcode, sh.woonplaats) == ("Markt", "12-A", "7101 BC", "Winterswijk")
    assert sh.telefoon == "+31612345678"


def test_no_field_is_marked_invalid_before_input(ingelogd):
    """Red borders come from aria-invalid (set after a POST) or :user-invalid, never on a fresh form."""
    page = ingelogd.get(URL).content.decode()
    assert 'aria-invalid="true"' not in page and "--invalid" not in page
    assert 'class="app-registratie-form"' in page


def test_ondertussen_checkbox_before_its_label(ingelogd):
    page = ingelogd.get(URL).content.decode()
    veld = page[page.index("utrecht-form-field--checkbox") :]
    assert veld.index('id="id_oude_wet"') < veld.index('for="id_oude_wet"') < veld.index("1 januari 2022")


def test_user_of_two_gemeenten_chooses_one(client, consultant, winterswijk, aalten):
    consultant.groups.add(aalten.group)
    client.force_login(consultant)
    page = client.get(URL).content.decode()
    assert 'id="id_gemeente"' in page and "Aalten" in page and "Winterswijk" in page
    assert client.post(URL, _gegevens(gemeente=aalten.pk, consultant="")).status_code == 302
    assert Statushouder.objects.get().gemeente == aalten


# --- invalid input: Dutch errors beside the field, nothing saved ------------------------------------


def _fout(client, gemeente, **overrides):
    voor = Statushouder.objects.count()
    response = client.post(URL, _gegevens(gemeente=gemeente.pk, **overrides))
    assert response.status_code == 200
    assert Statushouder.objects.count() == voor, "nothing may be saved from an invalid form"
    assert TijdlijnGebeurtenis.objects.count() == 0 or voor > 0
    return response


def _naast_veld(response, veld: str, bericht: str) -> None:
    """The message is rendered inside the field group of `veld` (between its label and its input)."""
    page = response.content.decode()
    label = page.index(f'for="id_{veld}"')
    invoer = page.index(f'id="id_{veld}"', label)
    assert bericht in page[label:invoer], f"{bericht!r} not next to {veld}"


def test_invalid_bsn(ingelogd, winterswijk):
    response = _fout(ingelogd, winterswijk, bsn="123456789")
    bericht = "Dit is geen geldig BSN: het moet uit 9 cijfers bestaan en voldoen aan de elfproef."
    assert response.context["form"].errors["bsn"] == [bericht]
    _naast_veld(response, "bsn", bericht)
    assert "Het dossier is niet opgeslagen." in response.content.decode()


def test_duplicate_bsn_in_the_gemeente(ingelogd, winterswijk, aalten):
    StatushouderFactory(gemeente=winterswijk, bsn=BSN)
    response = _fout(ingelogd, winterswijk)
    bericht = "Er bestaat in Winterswijk al een dossier met dit BSN."
    assert response.context["form"].errors["bsn"] == [bericht]
    _naast_veld(response, "bsn", bericht)
    assert AuditEvent.objects.filter(handeling="create").count() == 0


DATUMFOUTEN = [
    ({"huisvesting_datum": "2026-08-10"}, "huisvesting_datum", "De huisvestingsdatum ligt vóór de koppeling."),
    (
        {"koppeling_datum": "2026-07-01", "huisvesting_datum": None},
        "koppeling_datum",
        "De koppeling ligt vóór de verblijfsvergunning.",
    ),
    (
        {"kennisgeving_datum": "2026-07-31"},
        "kennisgeving_datum",
        "De kennisgeving van DUO ligt vóór de verblijfsvergunning.",
    ),
    (
        {"geboortedatum": "2026-08-02"},
        "geboortedatum",
        "De geboortedatum ligt na de datum van de verblijfsvergunning.",
    ),
]


@pytest.mark.parametrize(("overrides", "veld", "bericht"), DATUMFOUTEN)
def test_date_order_errors_beside_the_date(ingelogd, winterswijk, overrides, veld, bericht):
    response = _fout(ingelogd, winterswijk, **overrides)
    assert response.context["form"].errors[veld] == [bericht]
    _naast_veld(response, veld, bericht)


def test_required_fields_and_bad_values(ingelogd, winterswijk):
    response = _fout(
        ingelogd,
        winterswijk,
        voornamen="",
        verblijfsvergunning_datum="",
        email="geen-mail",
        talen="arabisch",
        telefoon="12",
    )
    errors = response.context["form"].errors
    assert set(errors) == {"voornamen", "verblijfsvergunning_datum", "email", "talen", "telefoon"}
    assert errors["voornamen"] == ["Dit veld is vereist."]


def test_constraint_errors_of_the_service_become_field_errors(consultant, winterswijk):
    form = RegistratieForm(_gegevens(gemeente=winterswijk.pk), user=consultant)
    assert form.is_valid(), form.errors
    form.voeg_servicefouten_toe(
        ValidationError({"__all__": ["Constraint “statushouder_huisvesting_na_koppeling” is violated."]})
    )
    form.voeg_servicefouten_toe(ValidationError({"status_sinds": ["Ongeldige datum."]}))
    assert form.errors["huisvesting_datum"] == ["De huisvestingsdatum ligt vóór de koppeling."]
    assert form.non_field_errors() == ["Ongeldige datum."]
