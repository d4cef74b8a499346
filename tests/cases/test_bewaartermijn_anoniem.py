"""Anonymised is anonymous (issue 17, item 13): an anonymised case keeps only its month of birth (the geboortedatum
becomes the first of the month), the database refuses a full date on an anonymised case, the cases anonymised
before are fixed by the migration, and I12's age groups — the only figures that read the date of birth — come out
the same before and after, on every month end, 29 February included. DUO's rows about the case keep no BSN."""

import datetime as dt
import importlib

import pytest
from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, connection, transaction

from cases.models import Statushouder
from cases.services import bewaartermijn
from duo.models import Aanmelding, Melding, Notificatie, Registratie
from reports.indicators import REGISTER
from reports.indicators.base import Periode
from tests.conftest import TODAY
from tests.factories import AanmeldingFactory, MeldingFactory, StatushouderFactory, VoorstelFactory

D = dt.date
pytestmark = pytest.mark.django_db
MIGRATIE = importlib.import_module("cases.migrations.0010_geanonimiseerd_alleen_geboortemaand")

# Born on a month's edge, turning 18, 28 or 68 (the limits of I12's population and groups) in 2021–2022.
GEBOORTEDATA = [
    D(2004, 2, 29),  # 18 on 28 February 2022 (a non-leap year)
    D(2004, 2, 28),
    D(2004, 3, 1),
    D(2003, 3, 31),
    D(2003, 12, 31),
    D(1994, 1, 31),  # 28 on 31 January 2022
    D(1994, 1, 15),
    D(1993, 12, 31),
    D(1992, 2, 29),  # 28 on 28 February 2020 and 30 on 28 February 2022
    D(1954, 2, 28),  # 68 on 28 February 2022: leaves the population
    D(1953, 7, 31),
    D(1953, 8, 1),
]


def oud_dossier(gemeente, geboren, **velden):
    """A case that ended in 2020 (past the retention period on TODAY), with a PIP of 2018: it stays in I12's
    population (voldaan, not verhuisd) on every later month end on which it is 18 to 67."""
    data = dict(
        gemeente=gemeente, geboortedatum=geboren, geslacht="v", verblijfsvergunning_datum=D(2018, 3, 1),
        koppeling_datum=D(2018, 3, 20), kennisgeving_datum=D(2018, 3, 25), brp_inschrijving_datum=D(2018, 5, 1),
        huisvesting_datum=D(2018, 5, 1), intake_start_datum=D(2018, 5, 20), pip_dagtekening=D(2018, 7, 2),
        termijn_einde=D(2021, 7, 3), status="afgerond", status_sinds=D(2020, 6, 1), einddatum=D(2020, 6, 1),
        eindreden="voldaan",
    )  # fmt: skip
    return StatushouderFactory(**(data | velden))


def i12(periode, gemeenten):
    metingen = REGISTER["I12"].bereken(periode, gemeenten, niveaus=("gemeente", "regio"), db="default")
    return sorted((m.niveau, m.eenheid, m.uitsplitsing, m.maat, m.waarde, m.basis) for m in metingen)


def perioden():
    """Every month from January 2020 to March 2023, the quarters and the years."""
    maanden = [Periode.maand(2020 + (m // 12), m % 12 + 1) for m in range(39)]
    return maanden + [Periode.kwartaal(j, k) for j in (2021, 2022) for k in (1, 2, 3, 4)] + [Periode.jaar(2022)]


def test_an_anonymised_case_keeps_only_its_month_of_birth(achterhoek, winterswijk):
    dossiers = [oud_dossier(winterswijk, geboren) for geboren in GEBOORTEDATA]
    recent = oud_dossier(winterswijk, D(1990, 4, 3), einddatum=TODAY - relativedelta(years=1),
                         status_sinds=TODAY - relativedelta(years=1))  # fmt: skip

    telling = bewaartermijn.anonimiseer_verlopen(TODAY)

    assert telling["cases.Statushouder"] == len(GEBOORTEDATA)
    geanonimiseerd = Statushouder.objects.exclude(geanonimiseerd_op=None)
    assert geanonimiseerd.count() == len(GEBOORTEDATA)
    assert not geanonimiseerd.exclude(geboortedatum__day=1).exists()  # no full date of birth left
    assert {sh.pk: sh.geboortedatum for sh in geanonimiseerd} == {
        sh.pk: sh.geboortedatum.replace(day=1) for sh in dossiers
    }
    recent.refresh_from_db()
    assert recent.geboortedatum == D(1990, 4, 3) and recent.geanonimiseerd_op is None  # not due: untouched


def test_the_database_refuses_a_full_date_of_birth_on_an_anonymised_case(achterhoek, winterswijk):
    sh = oud_dossier(winterswijk, D(1994, 1, 15))
    bewaartermijn.anonimiseer([sh])
    with pytest.raises(IntegrityError), transaction.atomic():
        Statushouder.objects.filter(pk=sh.pk).update(geboortedatum=D(1994, 1, 15))
    Statushouder.objects.filter(pk=sh.pk).update(geboortedatum=D(1994, 2, 1))  # another month: still a month
    # a case not anonymised has its full date
    Statushouder.objects.filter(pk=oud_dossier(winterswijk, D(1990, 4, 3)).pk).update(geboortedatum=D(1990, 4, 4))


def test_the_migration_coarsens_the_cases_anonymised_before(achterhoek, winterswijk):
    """A case anonymised by the old service (full date kept): the migration's SQL, run as it was before the rule
    existed, turns its date into the first of the month and leaves other cases alone."""
    oud = oud_dossier(winterswijk, D(1994, 1, 15))
    open_dossier = oud_dossier(winterswijk, D(1993, 12, 31))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending deferred checks: the table can be altered
        cursor.execute(MIGRATIE.TERUG)  # as before the migration (rolled back with the test)
        Statushouder.objects.filter(pk=oud.pk).update(geanonimiseerd_op=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
                                                      voornamen="Geanonimiseerd")  # fmt: skip
        cursor.execute(MIGRATIE.VOORUIT)
    oud.refresh_from_db()
    open_dossier.refresh_from_db()
    assert (oud.geboortedatum, open_dossier.geboortedatum) == (D(1994, 1, 1), D(1993, 12, 31))


def test_age_groups_of_every_period_are_the_same_before_and_after(achterhoek, winterswijk, aalten):
    for i, geboren in enumerate(GEBOORTEDATA):
        oud_dossier(winterswijk if i % 2 else aalten, geboren)
    gemeenten = [g.pk for g in achterhoek.gemeenten.values()]
    ervoor = {p: i12(p, gemeenten) for p in perioden()}

    bewaartermijn.anonimiseer_verlopen(TODAY)

    assert not Statushouder.objects.filter(geanonimiseerd_op=None).exists()
    assert {p: i12(p, gemeenten) for p in perioden()} == ervoor
    # Not trivially equal: the groups move at the edges. February 2022: the two born in February 2004 turned 18 by
    # its last day (29 February counts as had on the 28th), the one born on 1 March 2004 not yet.
    regio = {(m[2], m[3]): m[5] for m in ervoor[Periode.maand(2022, 2)] if m[0] == "regio"}
    januari = {(m[2], m[3]): m[5] for m in ervoor[Periode.maand(2022, 1)] if m[0] == "regio"}
    maart = {(m[2], m[3]): m[5] for m in ervoor[Periode.maand(2022, 3)] if m[0] == "regio"}
    # January 2022: 2003-03-31 and 2003-12-31 are 18; 1994-01-31 and 1994-01-15 turned 28 (28-67 group)
    assert januari[("18-27", "betaald_werk")] == 2
    # February: + the two February 2004 births; 1954-02-28 is 68 and leaves; March: + 2004-03-01
    assert regio[("18-27", "betaald_werk")] == 4
    assert maart[("18-27", "betaald_werk")] == 5
    assert januari[("", "betaald_werk")] - regio[("", "betaald_werk")] == -1  # +2 young, −1 at 68


def test_duo_rows_of_an_anonymised_case_keep_no_bsn(achterhoek, winterswijk):
    """DUO's aanmelding and notification carried the BSN and v-nummer of the case after the case itself had lost
    them; DUO's stored answers and our meldingen' contents stayed too. A recent case keeps all of it."""
    sh = oud_dossier(winterswijk, D(1994, 1, 15), bsn="999990019")
    recent = oud_dossier(winterswijk, D(1990, 4, 3), bsn="999990020", einddatum=TODAY - relativedelta(years=1),
                         status_sinds=TODAY - relativedelta(years=1))  # fmt: skip
    for dossier in (sh, recent):
        aanmelding = AanmeldingFactory(gemeente=winterswijk, bsn=dossier.bsn, v_nummer=1234567890,
                                       status="geregistreerd", statushouder=dossier)  # fmt: skip
        Notificatie.objects.filter(pk=aanmelding.notificatie_id).update(statushouder=dossier, v_nummer=1234567890)
        Registratie.objects.create(statushouder=dossier, onderdeel="pip", gegevens={"bsn": dossier.bsn})
        MeldingFactory(statushouder=dossier, fouten=["BSN onbekend"])
        VoorstelFactory(statushouder=dossier)

    telling = bewaartermijn.anonimiseer_verlopen(TODAY)

    assert telling["duo.Notificatie"] == telling["duo.Aanmelding"] == telling["duo.Registratie"] == 1
    assert telling["duo.Melding"] == 1
    assert list(Notificatie.objects.filter(statushouder=sh).values_list("bsn", "v_nummer")) == [("", None)]
    assert not Aanmelding.objects.filter(statushouder=sh).exists() and not Aanmelding.objects.filter(bsn=sh.bsn)
    assert not Registratie.objects.filter(statushouder=sh).exists()
    assert list(Melding.objects.filter(statushouder=sh).values_list("inhoud", "fouten")) == [(None, [])]
    assert not Notificatie.objects.filter(bsn="999990019").exists()
    # the recent case is untouched
    assert Notificatie.objects.get(statushouder=recent).bsn == "999990020"
    assert Aanmelding.objects.filter(statushouder=recent).count() == Registratie.objects.filter(
        statushouder=recent
    ).count() == 1  # fmt: skip
    assert Melding.objects.get(statushouder=recent).inhoud is not None
