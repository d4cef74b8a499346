"""The seed run: regions and organisations through the services (ORM), staff through `create_user`, and the
case data from `generator.Generator` loaded with COPY — all in one transaction. No audit events are written:
the data is synthetic and written by the system, not a processing of anyone's personal data."""

from __future__ import annotations

import itertools
import math
import random
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from cases.validators import iter_test_bsns
from inburgering.accounts import roles
from inburgering.accounts.models import User
from inburgering.accounts.services import create_user
from leerroutes.models import Aanwezigheid
from partners.achterhoek import REGIO, build_achterhoek
from partners.models import ApiSleutel, Arbeidsmarktregio, ArbeidsmarktregioUserObjectPermission, Gemeente, Organisatie

from . import bulk
from .generator import AANWEZIGHEID_COLUMNS, LAADVOLGORDE, Generator, Scale
from .names import STAF_ACHTERNAMEN, STAF_VOORNAMEN
from .regions import _verdeel, build_sleutelpersonen, build_synthetic_regions, context_of

DEMO_WACHTWOORD = "inburgering-demo"  # noqa: S105 — printed with the logins; demo data only
# A known API key for TopTaal, so the demo's provider API can be tried at once (prefix.secret, stored hashed like
# any key). Demo data only: a real key is random and shown once.
DEMO_API_SLEUTEL = "demotopt.inburgering-demo-api-sleutel"  # noqa: S105


def test_bsns() -> list[str]:
    """All valid BSNs of the RvIG test range 9999xxxxx (one cycle of `iter_test_bsns`)."""
    it = iter_test_bsns()
    eerste = next(it)
    result = [eerste]
    for bsn in it:
        if bsn == eerste:
            return result
        result.append(bsn)
    raise AssertionError("unreachable")


@dataclass
class Login:
    rol: str
    gebruikersnaam: str
    waar: str


@dataclass
class SeedResult:
    aantallen: dict[str, int] = field(default_factory=dict)
    verdeling: dict[str, int] = field(default_factory=dict)
    tijden: list[tuple[str, float]] = field(default_factory=list)
    totaal: float = 0.0


class Klok:
    def __init__(self, log: Callable[[str], None], result: SeedResult):
        self.log = log
        self.result = result
        self.start = time.perf_counter()

    @contextmanager
    def fase(self, naam: str):
        t0 = time.perf_counter()
        yield
        duur = time.perf_counter() - t0
        self.result.tijden.append((naam, duur))
        self.log(f"  {naam}: {duur:.1f} s")


def achterhoek_bestaat() -> bool:
    return Arbeidsmarktregio.objects.filter(code=REGIO[1]).exists()


def achterhoek_logins() -> list[Login]:
    """The demo logins of the Achterhoek as they are in the database: beheerder, regiocoördinator, and per
    gemeente the teamleider and the consultants."""
    regio = Arbeidsmarktregio.objects.filter(code=REGIO[1]).first()
    if regio is None:
        return []
    logins = [Login("beheerder", u.username, "") for u in User.objects.filter(groups__name=roles.BEHEERDER)]
    coordinatoren = ArbeidsmarktregioUserObjectPermission.objects.filter(content_object=regio).values("user_id")
    logins += [Login("regiocoördinator", u.username, regio.naam) for u in User.objects.filter(pk__in=coordinatoren)]
    for gemeente in Gemeente.objects.filter(arbeidsmarktregio=regio).order_by("naam"):
        staf = User.objects.filter(groups=gemeente.group).order_by("username")
        for rol, label in ((roles.TEAMLEIDER, "teamleider"), (roles.CONSULTANT, "consulent")):
            logins += [Login(label, u.username, gemeente.naam) for u in staf.filter(groups__name=rol)]
    return logins


def _namen(rng):
    """Staff names without repeats until every combination is used (no two "Marieke Bruggink"s in one team)."""
    paren = list(itertools.product(STAF_VOORNAMEN, STAF_ACHTERNAMEN))
    rng.shuffle(paren)
    return itertools.cycle(paren)


def _gebruiker(namen, username, role, **kwargs):
    voornaam, achternaam = next(namen)
    return create_user(
        username=username,
        role=role,
        first_name=voornaam,
        last_name=achternaam,
        email=f"{username}@example.org",
        **kwargs,
    )


def maak_staf(contexts, aantallen: dict[int, int], scale: Scale, seed: int):
    """Per gemeente a teamleider and consultants (at least `min_consulenten`, more for a bigger caseload), a
    regiocoördinator per region and one beheerder; all with the demo password (hashed once)."""
    rng = random.Random(f"{seed}:staf")
    namen = _namen(rng)
    staf: dict[int, tuple[list[int], int]] = {}
    ids = []
    beheerder = _gebruiker(namen, "beheerder", roles.BEHEERDER)
    ids.append(beheerder.pk)
    for ctx in contexts:
        regio = _gebruiker(
            namen, f"regio.{slugify(ctx.regio.naam)}", roles.REGIOCOORDINATOR, arbeidsmarktregio=ctx.regio
        )
        ids.append(regio.pk)
        for gemeente in ctx.gemeenten:
            slug = slugify(gemeente.naam)
            teamleider = _gebruiker(namen, f"teamleider.{slug}", roles.TEAMLEIDER, gemeente=gemeente)
            aantal = max(scale.min_consulenten, math.ceil(aantallen[gemeente.pk] / scale.caseload))
            consulenten = [
                _gebruiker(
                    namen,
                    f"consulent.{slug}{i}",
                    roles.CONSULTANT,
                    gemeente=gemeente,
                    fte=Decimal(rng.choice(["1.00", "0.89", "0.78", "0.67"])),
                ).pk
                for i in range(1, aantal + 1)
            ]
            staf[gemeente.pk] = (consulenten, teamleider.pk)
            ids += [teamleider.pk, *consulenten]
    User.objects.filter(pk__in=ids).update(password=make_password(DEMO_WACHTWOORD))
    return staf, len(ids)


def maak_demo_api_sleutel(organisatie) -> ApiSleutel:
    prefix = DEMO_API_SLEUTEL.partition(".")[0]
    hashed = ApiSleutel.objects.key_generator.hash(DEMO_API_SLEUTEL)
    return ApiSleutel.objects.create(
        id=f"{prefix}.{hashed}", prefix=prefix, hashed_key=hashed, organisatie=organisatie, name="demo"
    )


def demo_api_sleutel_bestaat() -> bool:
    return ApiSleutel.objects.filter(prefix=DEMO_API_SLEUTEL.partition(".")[0], revoked=False).exists()


def vul_werkdag(achterhoek, today: date, seed: int) -> dict[str, int]:
    """The consultant's day of the demo region: appointments, notes, letters and tasks on the active cases with a
    consultant. Only the Achterhoek, where the demo users work: at national scale the other regions stay lean."""
    from agenda import demo as agenda_demo
    from cases.models import Statushouder
    from cases.workflow import ACTIEF
    from documenten import demo as documenten_demo
    from journaal import demo as journaal_demo
    from taken import demo as taken_demo

    statushouders = list(
        Statushouder.objects.filter(
            gemeente__arbeidsmarktregio=achterhoek.regio, status__in=ACTIEF, consultant__isnull=False
        ).select_related("gemeente", "consultant")
    )
    return {
        naam: module.vul_demo(statushouders, today, random.Random(f"{seed}:{naam}"))
        for naam, module in (
            ("afspraken", agenda_demo),
            ("notities", journaal_demo),
            ("documenten", documenten_demo),
            ("taken", taken_demo),
        )
    }


def run(*, scale: Scale, seed: int, today: date | None = None, log: Callable[[str], None] = print) -> SeedResult:
    today = today or timezone.localdate()
    result = SeedResult()
    klok = Klok(log, result)
    log(f"seed_demo: schaal {scale.naam}, seed {seed}, peildatum {today:%d-%m-%Y}")
    with transaction.atomic():
        with klok.fase("regio's, gemeenten, aanbieders, contracten, ketenpartners"):
            achterhoek = build_achterhoek(today)
            contexts = [context_of(achterhoek)]
            contexts += build_synthetic_regions(
                aantal=scale.extra_regios, today=today, achterhoek=achterhoek, seed=seed
            )
            rng = random.Random(f"{seed}:sleutelpersonen")
            for ctx in contexts:
                build_sleutelpersonen(ctx, rng, scale.sleutelpersonen_per_regio)

        gemeenten = [(ctx, g) for ctx in contexts for g in ctx.gemeenten]
        verdeling = _verdeel(scale.statushouders, [g.inwoners for _, g in gemeenten])
        aantallen = {g.pk: n for (_, g), n in zip(gemeenten, verdeling, strict=True)}
        bsns = test_bsns()
        if max(verdeling) > len(bsns):
            raise ValueError(f"a gemeente would need more than the {len(bsns)} test BSNs")

        with klok.fase("gebruikers"):
            staf, n_gebruikers = maak_staf(contexts, aantallen, scale, seed)
            maak_demo_api_sleutel(achterhoek.aanbieders["TopTaal"])

        connection.ensure_connection()
        cursor = connection.connection.cursor()
        with klok.fase("dossiers genereren"):
            gen = Generator(today=today, seed=seed, now=timezone.now())
            bulk.reserve_ids(cursor, gen.t)
            for ctx in contexts:
                # BSNs are unique within a region (as far as the 9,090 test numbers go) and always within a gemeente.
                reeks = bsns[:]
                random.Random(f"{seed}:bsn:{ctx.regio.code}").shuffle(reeks)
                positie = 0
                for gemeente in ctx.gemeenten:
                    n = aantallen[gemeente.pk]
                    eigen = [reeks[(positie + i) % len(reeks)] for i in range(n)]
                    positie += n
                    consulenten, teamleider = staf[gemeente.pk]
                    gen.gemeente(ctx, gemeente, n, eigen, consulenten, teamleider)

        aanwezigheid = Aanwezigheid._meta.db_table
        beperkingen = bulk.Constraints(cursor)
        with klok.fase("dossiers laden (COPY)"):
            # As the PostgreSQL manual advises for bulk loads: no foreign keys (one deferred check per row) and no
            # secondary indexes (random inserts into every index) during the load; both are rebuilt afterwards.
            tabellen = [buf.table for buf in gen.t] + [aanwezigheid]
            beperkingen.drop_foreign_keys(tabellen)
            beperkingen.pause_triggers(tabellen, "signaalversie_")
            for tabel in tabellen:
                beperkingen.drop_indexes(tabel)
            t = gen.t
            for naam in LAADVOLGORDE[:6]:
                bulk.copy_buffer(cursor, t.buffers[naam])
            # Goals and actions can only be added to a concept version (database trigger), and a PIP has one
            # concept at a time (checked again when that partial unique index is rebuilt): load the versions in
            # rounds by number, each as concept with its goals and actions, then set the vastgestelde ones.
            for ronde in (1, 2):
                bulk.copy_buffer(cursor, t.pipversie, ronde)
                bulk.copy_buffer(cursor, t.doel, ronde)
                bulk.copy_buffer(cursor, t.actie, ronde)
                cursor.execute(
                    "UPDATE cases_pipversie SET status = 'vastgesteld' "
                    "WHERE id >= %s AND versie = %s AND vastgesteld_op IS NOT NULL AND status = 'concept'",
                    [t.pipversie.first_id, ronde],
                )
            for naam in LAADVOLGORDE[6:]:
                bulk.copy_buffer(cursor, t.buffers[naam])

        with klok.fase("aanwezigheid genereren en laden (COPY)"):
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [aanwezigheid])
            eerste = cursor.fetchone()[0]
            with cursor.copy(f"COPY {aanwezigheid} ({', '.join(AANWEZIGHEID_COLUMNS)}) FROM STDIN") as copy:
                n_aanwezigheid = gen.schrijf_aanwezigheid(copy.write, eerste)

        with klok.fase("indexen en sleutels terugzetten"):
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            beperkingen.restore()
            bulk.sync_sequences(cursor, tabellen)
        cursor.close()
        with klok.fase("werkdag in de Achterhoek (afspraken, notities, documenten, taken)"):
            werkdag = vul_werkdag(achterhoek, today, seed)
        with klok.fase("statistieken (ANALYZE)"), connection.cursor() as cursor:
            # Every table, also the small ones written through the ORM (grants, groups, users): without autovacuum
            # (as on a test machine) the planner estimated the 342 gemeente grants at 8 and read all of them for every
            # permission check.
            cursor.execute("ANALYZE")

    result.totaal = time.perf_counter() - klok.start
    result.aantallen = {
        "arbeidsmarktregio's": len(contexts),
        "gemeenten": len(gemeenten),
        "organisaties": Organisatie.objects.count(),
        "gebruikers": n_gebruikers,
        **{buf.table: buf.count for buf in gen.t},
        aanwezigheid: n_aanwezigheid,
        **werkdag,
    }
    result.verdeling = dict(sorted(gen.tellers.items()))
    return result
