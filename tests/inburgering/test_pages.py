"""Static pages, the layout of base.html and the NL Design System form rendering."""

import pytest
from django import forms
from django.test import override_settings
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_toegankelijkheidsverklaring_is_public(client):
    response = client.get("/toegankelijkheid/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page and "Toegankelijkheidsverklaring" in page
    assert "voldoet gedeeltelijk" in page and "WCAG" in page and "2.1" in page


def test_layout_has_skip_link_lang_footer_and_htmx(client):
    page = client.get("/inloggen/").content.decode()
    assert '<html lang="nl">' in page
    assert 'href="#inhoud"' in page and 'id="inhoud"' in page
    assert 'href="/toegankelijkheid/"' in page
    assert "vendor/htmx.min.js" in page and "X-CSRFToken" in page
    assert "vendor/utrecht/component-library.css" in page and "utrecht-theme" in page


@override_settings(DEBUG=False)
def test_pages_render_without_debug(client):
    assert client.get("/toegankelijkheid/").status_code == 200
    assert client.get("/inloggen/").status_code == 200


def test_consultant_sees_casework_navigation_and_gemeente(client, consultant):
    client.force_login(consultant)
    page = client.get("/toegankelijkheid/").content.decode()
    assert 'aria-label="Hoofdmenu"' in page
    assert 'href="/dossiers/"' in page and 'href="/dossiers/nieuw/"' in page
    assert "gemeente Winterswijk" in page


def test_regiocoordinator_has_no_casework_navigation(client, make_user, achterhoek):
    from inburgering.accounts import roles

    client.force_login(make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio))
    page = client.get("/").content.decode()
    assert 'aria-label="Hoofdmenu"' in page and 'href="/dossiers/nieuw/"' not in page


def test_language_switch_to_english(client):
    # LocaleMiddleware activates English in this thread and leaves it active: restore Dutch for later tests.
    with translation.override("nl"):
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/toegankelijkheid/"})
        page = client.get("/toegankelijkheid/").content.decode()
    assert response.status_code == 302 and response["Location"] == "/toegankelijkheid/"
    assert '<html lang="en">' in page and "Accessibility statement" in page
    assert "Nederlands" in page  # the way back


class _VoorbeeldForm(forms.Form):
    naam = forms.CharField(label="Naam", help_text="Zoals in de BRP")
    toelichting = forms.CharField(label="Toelichting", widget=forms.Textarea, required=False)
    route = forms.ChoiceField(label="Leerroute", choices=[("b1", "B1-route"), ("z", "Z-route")])
    akkoord = forms.BooleanField(label="Akkoord", required=False)
    geslacht = forms.ChoiceField(label="Geslacht", choices=[("m", "man"), ("v", "vrouw")], widget=forms.RadioSelect)
    datum = forms.DateField(label="Datum", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        raise forms.ValidationError("Het formulier klopt niet.")


def test_form_fields_render_with_nl_design_system_markup_and_dutch_errors():
    with translation.override("nl"):
        html = str(_VoorbeeldForm(data={"route": "x"}))
    assert 'class="utrecht-form-field utrecht-form-field--text utrecht-form-field--invalid"' in html
    assert 'class="utrecht-form-label" for="id_naam"' in html
    assert 'class="utrecht-textbox utrecht-textbox--html-input utrecht-textbox--invalid"' in html
    assert 'class="utrecht-textarea utrecht-textarea--html-textarea"' in html
    assert 'class="utrecht-select utrecht-select--html-select utrecht-select--invalid"' in html
    assert 'class="utrecht-checkbox utrecht-checkbox--html-input"' in html
    assert 'type="date"' in html
    # radio buttons in a fieldset with a legend; the NL DS class on each input, not on the wrapper
    assert '<legend class="utrecht-form-fieldset__legend' in html and 'aria-describedby="id_geslacht_error"' in html
    assert '<div id="id_geslacht" class="app-options">' in html
    assert 'class="utrecht-radio-button utrecht-radio-button--html-input utrecht-radio-button--invalid"' in html
    # the error beside the field, in Dutch, tied to the input
    assert 'class="utrecht-form-field-error-message utrecht-form-field__error-message" id="id_naam_error"' in html
    assert "Dit veld is vereist." in html  # Django's own Dutch message
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_naam_helptext id_naam_error"' in html
    assert 'id="id_naam_helptext"' in html
    assert "(niet verplicht)" in html  # optional fields are marked
    # non-field errors as an alert
    assert 'class="utrecht-alert utrecht-alert--error" role="alert"' in html and "Het formulier klopt niet." in html


def test_403_page_says_why_in_dutch(client, consultant):
    """A consultant on the teamleider's page gets the service's reason, in the layout, not a bare 403."""
    client.force_login(consultant)
    response = client.get("/dossiers/team/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Geen toegang" in page and "teamleider" in page
    assert 'href="#inhoud"' in page  # the normal layout


def test_404_page_in_the_layout(client, consultant):
    client.force_login(consultant)
    response = client.get("/dossiers/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Pagina niet gevonden" in page and "Naar de startpagina" in page
