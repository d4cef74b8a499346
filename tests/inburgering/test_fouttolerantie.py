"""Fault tolerance (issue 8 §5): a database error in the middle of a multi-row write leaves nothing half-written
and the user gets the friendly error page; that page renders without the database."""

import datetime as dt

import pytest
from django.db import DatabaseError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import RequestFactory
from django.urls import reverse

from cases import services
from cases.models import BredeIntake, Doel, PipVersie, Statushouder, Voortgangsgesprek
from inburgering.accounts.views import serverfout
from leerroutes.models import Leerroute
from tests.cases.conftest import REGISTRATIE

D = dt.date
pytestmark = pytest.mark.django_db

FOUTPAGINA = "Door een storing kon uw verzoek niet worden afgehandeld."


@pytest.fixture
def concept(winterswijk, consultant, achterhoek):
    """A case in pip_concept whose concept PIP is complete (route, provider, a goal): ready to be vastgesteld."""
    sh = services.registreer_statushouder(
        actor=consultant, gemeente=winterswijk, consultant=consultant, datum=D(2022, 12, 6), bsn="999990019",
        **REGISTRATIE,
    )  # fmt: skip
    services.start_intake(actor=consultant, statushouder=sh, datum=D(2023, 1, 10))
    b1 = Leerroute.objects.get(code="b1")
    BredeIntake.objects.filter(statushouder=sh).update(
        leerbaarheidstoets_uitkomst="hoog", route_advies=b1, gekozen_route=b1
    )
    versie = services.rond_intake_af(actor=consultant, statushouder=sh, datum=D(2023, 2, 20))
    versie.taalaanbieder = achterhoek.aanbieders["TopTaal"]
    versie.save()
    Doel.objects.create(versie=versie, leefgebied="taal", omschrijving="Taalniveau B1 halen")
    return Statushouder.objects.get(pk=sh.pk)


def test_een_databasefout_midden_in_vaststellen_laat_niets_half_achter(client, consultant, concept, monkeypatch):
    """Vaststellen writes the version, the case's status and termijn, a timeline entry, four gesprekken and then
    their timeline entry — in one transaction. The database fails at that last step: none of the earlier rows
    remain, the case page shows the case as it was, and the user sees the friendly 500 page."""
    tijdlijn_voor = concept.tijdlijn.count()

    def storing(*args, **kwargs):
        assert Voortgangsgesprek.objects.filter(statushouder=concept).count() == 4  # the earlier steps did write
        raise DatabaseError("verbinding met de server verbroken")

    monkeypatch.setattr("cases.services.gesprekken.timeline", storing)
    client.force_login(consultant)
    client.raise_request_exception = False

    antwoord = client.post(
        reverse("cases:pip_vaststellen", args=[concept.uuid]), {"dagtekening": "2023-03-14", "bevestigd": "ja"}
    )

    assert antwoord.status_code == 500
    html = antwoord.content.decode()
    assert "Er ging iets mis" in html and FOUTPAGINA in html
    assert "verbinding met de server verbroken" not in html and "Traceback" not in html
    sh = Statushouder.objects.get(pk=concept.pk)
    assert (sh.status, sh.pip_dagtekening, sh.termijn_einde) == ("pip_concept", None, None)
    versie = PipVersie.objects.get(pip__statushouder=sh)
    assert (versie.status, versie.dagtekening, versie.vastgesteld_door) == ("concept", None, None)
    assert not Voortgangsgesprek.objects.filter(statushouder=sh).exists()
    assert sh.tijdlijn.count() == tijdlijn_voor

    monkeypatch.undo()
    pagina = client.get(reverse("cases:dossier", args=[sh.uuid]))
    assert pagina.status_code == 200
    assert "PIP in voorbereiding" in pagina.content.decode()


def test_de_foutpagina_heeft_geen_database_nodig(client, consultant, monkeypatch):
    """The database is down (every query fails): a page request ends in the friendly 500 page, in the layout,
    without a query of its own."""
    client.force_login(consultant)
    client.raise_request_exception = False

    def database_weg(self, *args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", database_weg)
    monkeypatch.setattr(CursorWrapper, "executemany", database_weg)

    antwoord = client.get(reverse("cases:vandaag"))

    assert antwoord.status_code == 500
    html = antwoord.content.decode()
    assert FOUTPAGINA in html and 'class="app-header"' in html and 'href="/"' in html
    assert "Connection refused" not in html


def test_serverfout_rendert_zonder_query(rf: RequestFactory, django_assert_num_queries):
    with django_assert_num_queries(0):
        antwoord = serverfout(rf.get("/"))
    assert antwoord.status_code == 500 and FOUTPAGINA in antwoord.content.decode()
