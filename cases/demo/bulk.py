"""Bulk loading with PostgreSQL COPY (psycopg 3), following the PostgreSQL manual's "Populating a Database":
rows are generated in Python as COPY text; the foreign keys and secondary indexes of the loaded tables are
dropped during the load and re-created afterwards with exactly the same definitions (re-adding a foreign key
validates it in one pass instead of one deferred trigger per row; an index built after the load is one sort
instead of millions of random inserts; a unique index built afterwards still refuses duplicates). Check
constraints and triggers stay in force, except the signal counters of cases.Signaalversie (`pause_triggers`).
Everything runs inside the caller's transaction: a failure leaves nothing behind, DDL included.

Primary keys are assigned here, not by the database, so that generated rows can refer to each other
before they are loaded: each table's identity sequence is advanced once at the start (`reserve_ids`) and
set past the highest id at the end (`sync_sequences`). The seed is meant to run on an idle database; a
concurrent writer to the same tables during the run could collide with the reserved ids.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.fields import NOT_PROVIDED

_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def _fmt_str(value: str) -> str:
    return value.translate(_ESCAPE)


def _fmt_array(value) -> str:
    # Only simple codes (language and country codes, MAP themes) are stored in arrays here.
    for item in value:
        if not item.replace("_", "").isalnum():
            raise ValueError(f"array element {item!r} needs quoting")
    return "{" + ",".join(value) + "}"


def _fmt_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPE)


_FORMATTERS = {
    str: _fmt_str,
    int: str,
    bool: lambda v: "t" if v else "f",
    date: date.isoformat,
    datetime: datetime.isoformat,
    list: _fmt_array,
    tuple: _fmt_array,
    dict: _fmt_json,
    uuid.UUID: str,
    Decimal: str,
    float: repr,
}


def _formatter(cls):
    """The formatter of a class or of its nearest base (a TextChoices member formats as its str value)."""
    for base in cls.__mro__:
        if base in _FORMATTERS:
            _FORMATTERS[cls] = _FORMATTERS[base]
            return _FORMATTERS[base]
    raise TypeError(f"no COPY format for {cls.__name__}")


def fmt(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return NULL
    formatter = _FORMATTERS.get(value.__class__) or _formatter(value.__class__)
    return formatter(value)


def columns_of(model: type[models.Model], columns: Sequence[str]) -> tuple[str, ...]:
    """Check a column list against the model: every column exists, and every column left out may be NULL
    (a NOT NULL column without a database default would make COPY fail half-way, with a worse message)."""
    concrete = {f.column: f for f in model._meta.concrete_fields}
    unknown = [c for c in columns if c not in concrete]
    if unknown:
        raise ImproperlyConfigured(f"seed_demo: {model._meta.db_table} has no column(s) {unknown}")
    missing = [c for c, f in concrete.items() if c not in columns and not f.null and f.db_default is NOT_PROVIDED]
    if missing:
        raise ImproperlyConfigured(
            f"seed_demo does not fill the NOT NULL column(s) {missing} of {model._meta.db_table}; "
            "extend cases/demo/generator.py"
        )
    return tuple(columns)


class CopyBuffer:
    """Generated rows of one table, kept as COPY text in chunks until the load. The first column is `id`,
    assigned here from the reserved range."""

    CHUNK = 5_000

    def __init__(self, model: type[models.Model], columns: Sequence[str]):
        self.model = model
        self.table = model._meta.db_table
        self.columns = columns_of(model, ("id", *columns))
        self.first_id = self.next_id = 1
        self.count = 0
        self._lines: dict[int, list[str]] = {}
        self._chunks: dict[int, list[str]] = {}

    def add(self, *values, part: int = 0) -> int:
        """Add a row (without its id) and return the id it got. Rows of different `part`s can be loaded
        separately, e.g. in rounds."""
        pk = self.next_id
        self.next_id += 1
        self.count += 1
        lines = self._lines.get(part)
        if lines is None:
            lines = self._lines[part] = []
        lines.append("\t".join([str(pk), *map(fmt, values)]))
        if len(lines) >= self.CHUNK:
            self._flush(part)
        return pk

    def _flush(self, part: int) -> None:
        lines = self._lines.get(part)
        if lines:
            self._chunks.setdefault(part, []).append("\n".join(lines) + "\n")
            lines.clear()

    def parts(self) -> list[int]:
        return sorted(set(self._lines) | set(self._chunks))

    def chunks(self, part: int = 0) -> list[str]:
        self._flush(part)
        return self._chunks.get(part, [])

    def clear(self) -> None:
        self._lines.clear()
        self._chunks.clear()


def reserve_ids(cursor, buffers: Iterable[CopyBuffer]) -> None:
    for buf in buffers:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [buf.table])
        buf.first_id = buf.next_id = cursor.fetchone()[0]


def copy_text(cursor, table: str, columns: Sequence[str], chunks: Iterable[str]) -> None:
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with cursor.copy(sql) as copy:
        for chunk in chunks:
            copy.write(chunk)


def copy_buffer(cursor, buf: CopyBuffer, part: int | None = None) -> None:
    """Load one part of the buffer, or all of it (parts in order); loaded text is released."""
    for p in buf.parts() if part is None else [part]:
        copy_text(cursor, buf.table, buf.columns, buf.chunks(p))
        buf._chunks.pop(p, None)
        buf._lines.pop(p, None)


def sync_sequences(cursor, tables: Iterable[str]) -> None:
    for table in tables:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), max(id)) FROM {table} HAVING max(id) IS NOT NULL",
            [table],
        )


class Constraints:
    """Drop the foreign keys and secondary indexes of the loaded tables for the load, and put exactly the same
    definitions back afterwards (read from the catalog with pg_get_constraintdef / pg_get_indexdef)."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.foreign_keys: list[tuple[str, str, str]] = []
        self.constraint_indexes: list[tuple[str, str, str]] = []
        self.plain_indexes: list[str] = []
        self.triggers: list[tuple[str, str]] = []

    def drop_foreign_keys(self, tables: Sequence[str]) -> None:
        # Pending deferred trigger events (e.g. of ORM inserts earlier in this transaction) block ALTER TABLE.
        self.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        self.cursor.execute(
            """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
               WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2""",
            [list(tables)],
        )
        rows = self.cursor.fetchall()
        for table, name, _definition in rows:
            self.cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        self.foreign_keys.extend(rows)
        self.cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def drop_indexes(self, table: str) -> None:
        """Every index except the primary key; unique constraints are dropped as constraints."""
        self.cursor.execute(
            """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), c.conname,
                      pg_get_constraintdef(c.oid)
               FROM pg_index i
               LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
                                        AND c.contype IN ('u', 'x')
               WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
               ORDER BY 1""",
            [table],
        )
        for index, indexdef, conname, condef in self.cursor.fetchall():
            if conname:
                self.cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{conname}"')
                self.constraint_indexes.append((table, conname, condef))
            else:
                self.cursor.execute(f"DROP INDEX {index}")
                self.plain_indexes.append(indexdef)

    def pause_triggers(self, tables: Sequence[str], prefix: str) -> None:
        """Switch off the triggers named `prefix…` of these tables for the load: the statement triggers that raise the
        signal counters (migration cases 0011) would keep every loaded row in a transition table, millions of
        attendance rows, for cases that have no stored signals yet."""
        self.cursor.execute(
            """SELECT tgrelid::regclass::text, tgname FROM pg_trigger
               WHERE tgrelid = ANY(%s::regclass[]) AND NOT tgisinternal AND starts_with(tgname, %s) ORDER BY 1, 2""",
            [list(tables), prefix],
        )
        rows = self.cursor.fetchall()
        for table, name in rows:
            self.cursor.execute(f'ALTER TABLE {table} DISABLE TRIGGER "{name}"')
        self.triggers.extend(rows)

    def restore(self) -> None:
        for table, name in self.triggers:
            self.cursor.execute(f'ALTER TABLE {table} ENABLE TRIGGER "{name}"')
        for table, name, definition in self.constraint_indexes:
            self.cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for indexdef in self.plain_indexes:
            self.cursor.execute(indexdef)
        for table, name, definition in self.foreign_keys:
            self.cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        self.constraint_indexes.clear()
        self.plain_indexes.clear()
        self.foreign_keys.clear()
        self.triggers.clear()
