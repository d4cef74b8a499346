"""Querysets compiled to SQL once per process and run with each request's values.

Django compiles a queryset to SQL on every evaluation. For the wide queries of the case page (one of them has some
fifty annotated expressions) compiling took longer than PostgreSQL took to run them: half the page's Python time.
A `CompiledQuery` builds its queryset once with marker values where a request's values go (the case's key, an id),
keeps the SQL, and runs it with the request's values in place of the markers, building model instances (with their
select_related objects and annotations) or dicts as Django's own iterables do.

A value must reach the SQL as it is passed: one the queryset computes from it (`vandaag - 60 days`, `pk + 1`) would be
compiled in once and then frozen, so pass such a value as its own. What shapes the SQL itself (a flag, a number of
rows, the day the signals are computed for) is not such a value: `@compiled` keeps one `CompiledQuery` per
combination of those. A model class as a kind stands for an instance by its key: `user=User` builds the queryset
with a stand-in active user, and a call with `user=request.user` runs it with that user's key (the permission
filters of `for_user` read the user's groups and grants in SQL, by key).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from threading import Lock
from types import SimpleNamespace

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.db.models import Model
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable, ValuesIterable, get_related_populators

# A marker per kind of value: values no real row has, found back among the compiled query's parameters.
_MARKERS: dict[type, Callable[[int], object]] = {
    int: lambda i: -1_987_650_000 - i,
    uuid.UUID: lambda i: uuid.UUID(int=0x5E17_0000_0000_0000_0000_0000_0000_0000 + i),
    str: lambda i: f"\x1fcompiled-query-marker-{i}\x1f",
    date: lambda i: date(1111, 11, 11) + timedelta(days=i),
    list: lambda i: [-1_987_640_000 - i],  # keys, for `= ANY(%s)` (cases.query.een_van_lijst)
}


def _marker(kind: type | str, i: int):
    if isinstance(kind, str):  # a model label ("accounts.User"), resolved when the apps are ready
        kind = apps.get_model(kind)
    if isinstance(kind, type) and issubclass(kind, Model):
        stand_in = kind(pk=_MARKERS[int](i))
        if hasattr(stand_in, "is_active"):
            stand_in.is_active = True
        return stand_in
    return _MARKERS[kind](i)


class CompiledQuery:
    """`CompiledQuery(lambda pk: Model.objects.filter(pk=pk)..., pk=int)`; call it with `pk=...` for a list of
    instances (or dicts, for a `.values()` queryset)."""

    def __init__(self, build: Callable, **kinds: type | str):
        self._build = build
        self._kinds = kinds
        self._compiled = None
        self._lock = Lock()

    def __call__(self, **values) -> list:
        compiled = self._compiled or self._compile()
        if values.keys() != self._kinds.keys():
            raise TypeError(f"expected the values {sorted(self._kinds)}, got {sorted(values)}")
        params = list(compiled.params)
        for name, positions in compiled.positions.items():
            value = values[name]
            if isinstance(value, Model | AnonymousUser):
                if value.pk is None:  # nobody (an anonymous user) has no rows
                    return []
                value = value.pk
            for position in positions:
                params[position] = value
        with _prepared_cursor(connections[compiled.db]) as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            compiler = compiled.query.get_compiler(using=compiled.db)
            rows = list(compiler.apply_converters(rows, compiled.converters))
        return compiled.objects(rows)

    def first(self, **values):
        rows = self(**values)
        return rows[0] if rows else None

    def _compile(self):
        with self._lock:
            if self._compiled is None:
                self._compiled = _Compiled(self._build, self._kinds)
            return self._compiled


def _prepared_cursor(connection):
    """A cursor that binds the parameters on the server and prepares the statement on the connection (psycopg's
    prepared statements, kept while the persistent connection lives): a compiled query's SQL is the same text on
    every request, so PostgreSQL plans it a few times and then reuses a generic plan. Planning was a third of the
    teamleider's Vandaag (37 ms of 88 ms in PostgreSQL). Django's own cursors bind on the client and never prepare;
    with `prepare_threshold` None in the database OPTIONS (a transaction-mode PgBouncer) nothing is prepared."""
    if connection.vendor != "postgresql" or connection.settings_dict["OPTIONS"].get("prepare_threshold") is None:
        return connection.cursor()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = _preparing_cursor_class()(connection.connection)
        cursor.logged_by = connection.ops if connection.queries_logged else None
        return connection._prepare_cursor(cursor)


@functools.cache
def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        logged_by = None  # the connection's operations while Django logs the queries

        def execute(self, query, params=None, *, prepare=None, binary=None):
            super().execute(query, params, prepare=True, binary=binary)
            if self.logged_by is not None:  # the query log reads the SQL psycopg keeps of an unprepared query
                self._query = SimpleNamespace(query=self.logged_by.compose_sql(query, params).encode())
            return self

    return PreparingCursor


def compiled(**kinds: type | str):
    """`@compiled(user=settings.AUTH_USER_MODEL, van=date)` on a function that builds a queryset from those
    arguments and other keyword arguments that shape its SQL (`team=True`, `aantal=10`, the day): calling it runs
    the query compiled once per combination of the shaping arguments (the most recent 32 are kept), and returns its
    rows (a list)."""

    def decorate(build: Callable) -> Callable:
        @functools.lru_cache(maxsize=32)
        def query(shape: tuple) -> CompiledQuery:
            return CompiledQuery(functools.partial(build, **dict(shape)), **kinds)

        @functools.wraps(build)
        def rows(**arguments) -> list:
            shape = tuple(sorted((k, v) for k, v in arguments.items() if k not in kinds))
            return query(shape)(**{k: v for k, v in arguments.items() if k in kinds})

        return rows

    return decorate


class _Compiled:
    def __init__(self, build: Callable, kinds: dict[str, type | str]):
        markers = {name: _marker(kind, i) for i, (name, kind) in enumerate(kinds.items())}
        queryset = build(**markers)
        markers = {name: getattr(marker, "pk", marker) for name, marker in markers.items()}
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError("a CompiledQuery cannot prefetch or carry known related objects")
        if queryset._iterable_class not in (ModelIterable, ValuesIterable):
            raise ValueError("a CompiledQuery yields model instances or dicts (.values())")
        self.db = queryset.db
        self.query = queryset.query
        compiler = self.query.get_compiler(using=self.db)
        self.sql, params = compiler.as_sql()
        self.params = tuple(params)
        self.positions = {
            name: [i for i, p in enumerate(self.params) if type(p) is type(marker) and p == marker]
            for name, marker in markers.items()
        }
        if missing := [name for name, positions in self.positions.items() if not positions]:
            raise ValueError(f"the values {missing} do not reach the SQL as parameters")
        self.converters = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
        if queryset._iterable_class is ValuesIterable:
            query = self.query  # as ValuesIterable names the columns
            names = list(query.selected or [*query.extra_select, *query.values_select, *query.annotation_select])
            self.objects = lambda rows: [dict(zip(names, row, strict=True)) for row in rows]
        else:
            self.objects = self._instances(compiler)

    def _instances(self, compiler):
        """Django's ModelIterable, without executing the query itself."""
        select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
        model = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [f[0].target.attname for f in select[start:end]]
        db = self.db

        def objects(rows):
            related_populators = get_related_populators(klass_info, select, db)
            result = []
            for row in rows:
                obj = model.from_db(db, init_list, row[start:end])
                for populator in related_populators:
                    populator.populate(row, obj)
                for name, position in annotation_col_map.items():
                    setattr(obj, name, row[position])
                result.append(obj)
            return result

        return objects


def precompile_annotations(queryset):
    """`queryset` with each annotation replaced by its SQL, compiled now: for a queryset built once and then
    filtered, sorted and paginated per request in ways a `CompiledQuery` cannot foresee (the caseload), so that
    each request compiles the cheap rest and not the ~40 annotated expressions again. The SQL names the model's
    table, so the result must stay a query over that table (not a subquery of another). Aggregates stay as they
    are (their GROUP BY needs them whole)."""
    queryset = queryset.all()
    compiler = queryset.query.get_compiler(using=queryset.db)
    for name, expression in list(queryset.query.annotations.items()):
        if expression.contains_aggregate or expression.contains_over_clause:
            continue
        sql, params = compiler.compile(expression)
        queryset.query.annotations[name] = RawSQL(sql, params, output_field=expression.output_field)
    return queryset
