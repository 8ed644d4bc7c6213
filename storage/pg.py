"""The same storage on PostgreSQL (psycopg 3): one connection per process, like SQLite's.

:class:`PgConnection` answers the part of ``aiosqlite.Connection`` that storage/ uses
(``execute`` awaited or as ``async with``, ``executemany``, ``execute_fetchall``, cursors
with ``fetchone``/``fetchall``/``rowcount``/``lastrowid``, rows read by name or position),
so the repositories run unchanged. SQL goes through :func:`storage.pg_sql.translate`.

Parameters are sent untyped (PostgreSQL's ``unknown``) and typed by the statement, as
SQLite's loose typing lets a number stand for a text and back; ``True``/``False`` are 1/0.
Integrity errors are raised as ``sqlite3.IntegrityError`` (a subclass of it), failures to
reach the server as ``sqlite3.OperationalError``, so the callers catch one kind of error.

Transactions: :meth:`PostgresDatabase.transaction` takes one transaction-level advisory
lock (:data:`WRITE_LOCK`) before its first statement, which is what SQLite's ``BEGIN
IMMEDIATE`` does with its write lock: exclusive transactions of every process run one at
a time, so a read-then-write cannot interleave with another.
``transaction(exclusive=False)`` takes it shared and runs beside the other shared ones,
on the narrower locks of storage/locks.py (one person, new ids, a consultant's time) and
row locks (claims made with ``FOR UPDATE SKIP LOCKED``).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Generator, Iterable, Sequence
from decimal import Decimal
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.adapt import Dumper, Loader
from psycopg.pq import Format
from psycopg.rows import RowMaker

from storage.pg_sql import translate

# pg_advisory_xact_lock's key for "the write lock" (an arbitrary constant: "carebot").
WRITE_LOCK = 0x63617265626F74
SCHEMA_TABLE = "schema_version"


class PgIntegrityError(sqlite3.IntegrityError):
    """A constraint refused a row; the message is PostgreSQL's (it names the constraint)."""


class PgOperationalError(sqlite3.OperationalError):
    """The server cannot be reached or refused the work (not the statement's fault)."""


class Row(tuple[Any, ...]):
    """A result row read as ``row["name"]`` or ``row[0]``, like ``sqlite3.Row``."""

    _names: dict[str, int]

    def __new__(cls, values: Sequence[Any], names: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return super().__getitem__(self._names[key])
        return super().__getitem__(key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor: Any) -> RowMaker[Row]:
    names = {column.name: i for i, column in enumerate(cursor.description or ())}
    return lambda values: Row(values, names)


class _UntypedInt(Dumper):
    oid = 0  # "unknown": the statement decides, as SQLite's affinity does
    format = Format.TEXT

    def dump(self, obj: Any) -> bytes:
        return str(int(obj)).encode()


class _UntypedFloat(Dumper):
    oid = 0
    format = Format.TEXT

    def dump(self, obj: Any) -> bytes:
        return repr(float(obj)).encode()


class _Numeric(Loader):
    """SUM() and AVG() answer numeric: an int when whole, as SQLite answers."""

    def load(self, data: Any) -> int | float:
        value = Decimal(bytes(data).decode())
        return int(value) if value == value.to_integral_value() else float(value)


def _errors(exc: psycopg.Error) -> sqlite3.Error:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, psycopg.errors.IntegrityError):
        return PgIntegrityError(text)
    if isinstance(exc, psycopg.OperationalError | psycopg.errors.AdminShutdown):
        return PgOperationalError(text)
    return sqlite3.DatabaseError(text)


class PgCursor:
    """What one statement answered (all of its rows are read at once)."""

    def __init__(self, rows: list[Row], rowcount: int, lastrowid: int | None) -> None:
        self._rows = rows
        self._next = 0
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    async def fetchone(self) -> Row | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    async def fetchall(self) -> list[Row]:
        rows, self._next = self._rows[self._next:], len(self._rows)
        return rows

    async def close(self) -> None:
        return None

    async def __aenter__(self) -> PgCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        return None


class _Pending:
    """``conn.execute(...)``: awaited, or entered with ``async with`` (as aiosqlite's)."""

    def __init__(self, run: Any) -> None:
        self._run = run

    def __await__(self) -> Generator[Any, None, PgCursor]:
        return cast(Generator[Any, None, PgCursor], self._run().__await__())

    async def __aenter__(self) -> PgCursor:
        return cast(PgCursor, await self._run())

    async def __aexit__(self, *_exc: object) -> None:
        return None


class PgConnection:
    dialect = "postgres"

    def __init__(self, raw: psycopg.AsyncConnection[Row], id_tables: frozenset[str]) -> None:
        self.raw = raw
        self.id_tables = id_tables
        self.in_transaction = False
        self._trace: Any = None

    def execute(self, sql: str, parameters: Iterable[Any] = ()) -> Any:
        return _Pending(lambda: self._execute(sql, tuple(parameters)))

    async def _execute(self, sql: str, parameters: tuple[Any, ...]) -> PgCursor:
        statement = translate(sql, self.id_tables)
        if self._trace is not None:
            self._trace(statement)
        try:
            cursor = await self.raw.execute(statement, parameters or None)
            rows = await cursor.fetchall() if cursor.description is not None else []
        except psycopg.Error as exc:
            raise _errors(exc) from exc
        appended = statement.endswith(" RETURNING id") and "RETURNING" not in sql.upper()
        lastrowid = int(rows[0][0]) if appended and rows else None
        return PgCursor([] if appended else rows, cursor.rowcount, lastrowid)

    async def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> PgCursor:
        statement = translate(sql)  # no RETURNING: lastrowid means nothing here
        try:
            async with self.raw.cursor() as cursor:
                await cursor.executemany(statement, [tuple(p) for p in parameters])
                return PgCursor([], cursor.rowcount, None)
        except psycopg.Error as exc:
            raise _errors(exc) from exc

    async def execute_fetchall(self, sql: str, parameters: Iterable[Any] = ()) -> list[Row]:
        cursor = await self._execute(sql, tuple(parameters))
        return await cursor.fetchall()

    async def set_trace_callback(self, callback: Any) -> None:
        self._trace = callback

    async def raw_execute(self, statement: str, parameters: Sequence[Any] = ()) -> list[Row]:
        """A statement in PostgreSQL's own dialect ($1 placeholders), untranslated."""
        try:
            cursor = await self.raw.execute(statement, tuple(parameters) or None)
            return await cursor.fetchall() if cursor.description is not None else []
        except psycopg.Error as exc:
            raise _errors(exc) from exc


def redacted(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


def is_postgres_url(url: str) -> bool:
    return re.match(r"postgres(ql)?(\+\w+)?://", url) is not None


async def connect(url: str) -> psycopg.AsyncConnection[Row]:
    """A connection in autocommit mode (transactions are opened explicitly)."""
    url = re.sub(r"^postgres(ql)?\+\w+://", "postgresql://", url)
    raw = await psycopg.AsyncConnection.connect(
        url, autocommit=True, row_factory=_row_factory, cursor_factory=psycopg.AsyncRawCursor,
        connect_timeout=10,
    )
    raw.adapters.register_dumper(int, _UntypedInt)
    raw.adapters.register_dumper(bool, _UntypedInt)
    raw.adapters.register_dumper(float, _UntypedFloat)
    raw.adapters.register_loader("numeric", _Numeric)
    return cast(psycopg.AsyncConnection[Row], raw)


async def id_tables(raw: psycopg.AsyncConnection[Row]) -> frozenset[str]:
    cursor = await raw.execute(
        "SELECT table_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND column_name = 'id'")
    return frozenset(str(row[0]) for row in await cursor.fetchall())
