"""The sleutelpersonen pool: who sees which region's sleutelpersonen, the language/gemeente/active filters, the
regiocoördinator's add/edit with Dutch validation and audit events, the count per language, and constant queries."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from partners.models import Arbeidsmarktregio, Sleutelpersoon
from partners.selectors import sleutelpersonen as selectors
from partners.services import create_gemeente
from partners.services.sleutelpersonen import bewaar_sleutelpersoon

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(make_user, achterhoek):
    return make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)


@pytest.fixture
def twente():
    regio = Arbeidsmarktregio.objects.create(naam="Twente", code="AM30")
    enschede = create_gemeente(naam="Enschede", cbs_code="GM0153", inwoners=160_000, arbeidsmarktregio=regio)
    Sleutelpersoon.objects.create(naam="Twentse Tolk", arbeidsmarktregio=regio, gemeente=enschede, talen=["ti"])
    return regio, enschede


def namen(user, **filters):
    return [s.naam for s in selectors.pool(user, **filters)]


def test_consultant_sees_the_own_region_and_filters_by_language(consultant, achterhoek, twente, make_user):
    assert namen(consultant, taal="ti") == ["Amanuel Tesfay", "Hiwet Kidane", "Selam Gebremedhin"]
    assert "Yohannes Berhe" in namen(consultant, taal="ti", actief=selectors.ALLE)
    assert namen(consultant, taal="ti", actief=selectors.INACTIEF) == ["Yohannes Berhe"]
    assert namen(consultant, taal="ar", gemeente=achterhoek.gemeenten["Oost Gelre"]) == ["Hodan Warsame"]
    _regio, enschede = twente
    twentse = make_user(roles.CONSULTANT, gemeente=enschede)
    assert namen(twentse) == ["Twentse Tolk"]


def test_per_language_counts_for_the_coordinator(coordinator, twente):
    per_taal = {code: n for code, _naam, n in selectors.actief_per_taal(coordinator)}
    assert per_taal["ti"] == 3  # Yohannes is not active; the Twentse tolk is another region
    assert per_taal["nl"] == 8 and per_taal["ar"] == 2
    assert selectors.actief_per_taal(coordinator)[0][:2] == ("nl", "Nederlands")


def gegevens(achterhoek, **extra):
    return {
        "naam": "Nieuwe Sleutelpersoon",
        "arbeidsmarktregio": achterhoek.regio,
        "gemeente": achterhoek.gemeenten["Aalten"],
        "talen": ["ar", "ckb"],
        "nationaliteiten": ["syr", " IRQ"],
        "telefoon": "06 1234",
        "email": "",
        "beschikbaarheid": "ma-ochtend",
        "actief": True,
        **extra,
    }


def test_coordinator_adds_and_edits_with_audit(coordinator, achterhoek):
    s = bewaar_sleutelpersoon(coordinator, gegevens(achterhoek))
    assert s.nationaliteiten == ["SYR", "IRQ"]
    assert AuditEvent.objects.get(handeling=Handeling.CREATE, object_id=str(s.uuid))
    bewaar_sleutelpersoon(coordinator, gegevens(achterhoek, actief=False), s)
    assert AuditEvent.objects.get(handeling=Handeling.UPDATE, object_id=str(s.uuid)).velden == ["actief"]


@pytest.mark.parametrize(
    ("extra", "veld", "melding"),
    [
        ({"naam": ""}, "naam", "Vul de naam van de sleutelpersoon in."),
        ({"talen": []}, "talen", "Kies ten minste één taal die de sleutelpersoon spreekt."),
        ({"talen": ["xx"]}, "talen", "Onbekende taal: kies uit de lijst."),
        (
            {"nationaliteiten": ["SY"]},
            "nationaliteiten",
            "Gebruik landcodes van drie letters (ISO 3166), bijvoorbeeld SYR, ERI.",
        ),
        ({"arbeidsmarktregio": None}, "arbeidsmarktregio", "Kies een arbeidsmarktregio waarvoor u werkt."),
    ],
)
def test_validation(coordinator, achterhoek, extra, veld, melding):
    with pytest.raises(ValidationError) as exc:
        bewaar_sleutelpersoon(coordinator, gegevens(achterhoek, **extra))
    assert exc.value.message_dict[veld] == [melding]


def test_gemeente_must_be_in_the_region_and_other_regions_are_refused(coordinator, make_user, achterhoek, twente):
    regio, enschede = twente
    with pytest.raises(ValidationError) as exc:
        bewaar_sleutelpersoon(coordinator, gegevens(achterhoek, gemeente=enschede))
    assert exc.value.message_dict["gemeente"] == ["Deze gemeente ligt niet in de gekozen arbeidsmarktregio."]
    with pytest.raises(ValidationError):
        bewaar_sleutelpersoon(coordinator, gegevens(achterhoek, arbeidsmarktregio=regio, gemeente=enschede))
    with pytest.raises(PermissionDenied):
        bewaar_sleutelpersoon(coordinator, gegevens(achterhoek), Sleutelpersoon.objects.get(naam="Twentse Tolk"))


def test_consultant_may_not_edit(consultant, teamleider, achterhoek, client):
    for user in (consultant, teamleider):
        with pytest.raises(PermissionDenied):
            bewaar_sleutelpersoon(user, gegevens(achterhoek))
        client.force_login(user)
        pagina = client.get(reverse("partners:sleutelpersonen"), {"taal": "ar"}).content.decode()
        assert "Rania Haddad" in pagina and "Hodan Warsame" in pagina
        assert "Actieve sleutelpersonen per taal" not in pagina
        assert reverse("partners:sleutelpersoon_nieuw") not in pagina
        assert client.get(reverse("partners:sleutelpersoon_nieuw")).status_code == 403
        s = achterhoek.sleutelpersonen["Rania Haddad"]
        assert client.get(reverse("partners:sleutelpersoon_bewerken", args=[s.uuid])).status_code == 403


def test_coordinator_pages(client, coordinator, achterhoek):
    client.force_login(coordinator)
    pagina = client.get(reverse("partners:sleutelpersonen")).content.decode()
    assert "Actieve sleutelpersonen per taal" in pagina and 'data-taal="ti"' in pagina
    url = reverse("partners:sleutelpersoon_nieuw")
    fout = client.post(url, {"naam": "Nieuw", "arbeidsmarktregio": achterhoek.regio.pk, "nationaliteiten": "SYR, X"})
    html = fout.content.decode()
    assert "Gebruik landcodes van drie letters" in html and 'value="SYR, X"' in html
    assert "Kies ten minste één taal die de sleutelpersoon spreekt." in html
    response = client.post(
        url,
        {
            "naam": "Nieuw",
            "arbeidsmarktregio": achterhoek.regio.pk,
            "talen": ["ar"],
            "nationaliteiten": "SYR",
            "actief": "on",
        },
        follow=True,
    )
    assert "Sleutelpersoon Nieuw is opgeslagen." in response.content.decode()
    nieuw = Sleutelpersoon.objects.get(naam="Nieuw")
    bewerk = client.get(reverse("partners:sleutelpersoon_bewerken", args=[nieuw.uuid])).content.decode()
    assert 'value="SYR"' in bewerk


def test_pool_reads_are_logged_and_constant(client, consultant, achterhoek, django_assert_max_num_queries):
    client.force_login(consultant)
    url = reverse("partners:sleutelpersonen")

    def tel(aantal):
        for i in range(Sleutelpersoon.objects.count(), aantal):
            Sleutelpersoon.objects.create(
                naam=f"Tolk {i:03d}",
                arbeidsmarktregio=achterhoek.regio,
                gemeente=achterhoek.gemeenten["Aalten"],
                talen=["ar"],
            )
        with django_assert_max_num_queries(40) as ctx:
            assert client.get(url, {"taal": "ar"}).status_code == 200
        return len(ctx.captured_queries)

    assert tel(12) == tel(200)
    assert AuditEvent.objects.filter(handeling=Handeling.LIST, object_type__endswith="sleutelpersoon").exists()
