"""Issue 17, item 12: who sees a national run. The rule (README, Rapportages): a national run holds only suppressed
aggregates per region and gemeente and no provider rows, and is the benchmark between the regions — so every
regiocoördinator sees and downloads it, whatever his region; only a beheerder starts or retries one. A
regiocoördinator still sees no region run of another region (those carry the provider figures), a teamleider only
his gemeente's runs, a consultant nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse

from inburgering.accounts import roles
from partners.models import Arbeidsmarktregio
from reports import services
from reports.models import ReportRun
from reports.selectors import runs_voor
from tests.reports.test_views import maak_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def runs(achterhoek, media):
    landelijk = maak_run(achterhoek, soort="landelijk")
    landelijk.csv.save("landelijk.csv", ContentFile(b"a;b\n"))
    return {"landelijk": landelijk, "achterhoek": maak_run(achterhoek, soort="regio")}


@pytest.fixture
def twente():
    return Arbeidsmarktregio.objects.create(naam="Twente", code="AM99")


def _zichtbaar(user) -> set[str]:
    return set(runs_voor(user).values_list("soort", flat=True))


@pytest.mark.parametrize("regio", ["eigen", "andere"])
def test_elke_regiocoordinator_ziet_en_downloadt_de_landelijke_run(client, make_user, achterhoek, twente, runs,
                                                                   media, regio):  # fmt: skip
    coordinator = make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio if regio == "eigen" else twente)
    client.force_login(coordinator)
    landelijk = runs["landelijk"]

    lijst = client.get(reverse("reports:overzicht"))
    assert landelijk in [r["run"] for r in lijst.context["rijen"]]
    assert client.get(reverse("reports:run", args=[landelijk.uuid])).status_code == 200
    assert client.get(reverse("reports:download", args=[landelijk.uuid, "csv"])).status_code == 200
    # the region run of the Achterhoek (with its provider figures): only its own coördinator
    eigen_regiorun = client.get(reverse("reports:run", args=[runs["achterhoek"].uuid])).status_code
    assert eigen_regiorun == (200 if regio == "eigen" else 404)
    assert _zichtbaar(coordinator) == ({"landelijk", "regio"} if regio == "eigen" else {"landelijk"})
    # seeing is not starting: a national run is the beheerder's to start and to retry
    with pytest.raises(PermissionDenied):
        services.start_run(coordinator, soort="landelijk", periode=services.Periode.jaar(2025))


def test_een_landelijke_run_toont_geen_aanbieders(runs):
    """What makes it fit for every regiocoördinator: the national result has no provider rows (services.samenvoegen)."""
    delen = [
        {**runs["achterhoek"].resultaat},
        {**runs["achterhoek"].resultaat, "gemeenten_per_regio": {"AM99": []}, "eenheden": {
            "regio": {"AM99": "Twente"}, "gemeente": {}, "aanbieder": {}}},
    ]  # fmt: skip
    samen = services.samenvoegen(delen)
    assert samen["eenheden"]["aanbieder"] == {}
    assert not any(m["niveau"] == "aanbieder" for ind in samen["indicatoren"] for m in ind["metingen"])


@pytest.mark.parametrize("rol", [roles.TEAMLEIDER, roles.CONSULTANT])
def test_teamleider_en_consulent_zien_geen_landelijke_run(client, make_user, winterswijk, runs, rol):
    gebruiker = make_user(rol, gemeente=winterswijk)
    client.force_login(gebruiker)
    verwacht = 404 if rol == roles.TEAMLEIDER else 403
    assert client.get(reverse("reports:run", args=[runs["landelijk"].uuid])).status_code == verwacht
    assert ReportRun.Soort.LANDELIJK not in _zichtbaar(gebruiker)
