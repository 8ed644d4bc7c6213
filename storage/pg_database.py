"""``Database`` on PostgreSQL: the same interface as the SQLite one in storage/db.py.

One connection per process, taken in turns under an asyncio lock as on SQLite. Every
``transaction()`` holds PostgreSQL's transaction-level advisory lock :data:`WRITE_LOCK`:
exclusively by default (what ``BEGIN IMMEDIATE`` holds on SQLite: nothing else writes
meanwhile, in any process), shared with ``exclusive=False`` (such transactions of all
processes run side by side, guarded by the narrower locks of storage/locks.py and by row
locks). ``reading()`` takes no lock.
The schema version lives in the one-row table ``schema_version`` (SQLite keeps it in
``PRAGMA user_version``); the numbers are the same.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import cast

import aiosqlite
import psycopg

from storage.db import Database, StorageError, WriteFailure, _split_sql
from storage.pg import (
    WRITE_LOCK,
    PgConnection,
    PgOperationalError,
    Row,
    _errors,
    connect,
    id_tables,
    redacted,
)


class PostgresDatabase(Database):
    dialect = "postgres"

    def __init__(self, url: str, raw: psycopg.AsyncConnection[Row], tables: frozenset[str]
                 ) -> None:
        super().__init__(cast(aiosqlite.Connection, None), redacted(url))
        self.url = url
        self._pg = PgConnection(raw, tables)

    @classmethod
    async def open_url(cls, url: str, *, migrate: bool = True) -> PostgresDatabase:
        try:
            raw = await connect(url)
        except psycopg.Error as exc:
            raise StorageError(f"cannot open the database {redacted(url)}: {_reason(exc)}"
                               ) from None
        try:
            db = cls(url, raw, await id_tables(raw))
            if migrate:
                await db.migrate()
        except (psycopg.Error, PgOperationalError) as exc:
            await raw.close()
            raise StorageError(f"cannot use the database {redacted(url)}: {_reason(exc)}"
                               ) from None
        except BaseException:
            await raw.close()
            raise
        return db

    async def close(self) -> None:
        await self._pg.raw.close()

    async def _ready(self) -> PgConnection:
        """The connection, opened again if the server dropped it."""
        if self._pg.raw.closed or self._pg.raw.broken:
            try:
                raw = await connect(self.url)
            except psycopg.Error as exc:
                raise _errors(exc) from exc
            self._pg = PgConnection(raw, self._pg.id_tables)
        return self._pg

    @asynccontextmanager
    async def _begin(self, begin: str, *, lock: str | None) -> AsyncIterator[PgConnection]:
        conn = await self._ready()
        await conn.raw_execute(begin)
        conn.in_transaction = True
        try:
            if lock is not None:
                await conn.raw_execute(f"SELECT {lock}($1)", (WRITE_LOCK,))
            yield conn
        except BaseException:
            conn.in_transaction = False
            if not (conn.raw.broken or conn.raw.closed):
                await conn.raw_execute("ROLLBACK")
            raise
        conn.in_transaction = False
        await conn.raw_execute("COMMIT")

    @asynccontextmanager
    async def transaction(self, *, exclusive: bool = True
                          ) -> AsyncIterator[aiosqlite.Connection]:
        """Everything inside commits together or not at all; with ``exclusive`` (the
        default) no other process's transaction runs meanwhile, without it only other
        shared ones do (see storage/locks.py for what keeps those apart)."""
        async with self._lock:
            self._held_since = time.monotonic()
            try:
                lock = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
                async with self._begin("BEGIN", lock=lock) as conn:
                    yield cast(aiosqlite.Connection, conn)
            except PgOperationalError as exc:
                self.last_write_failure = WriteFailure(datetime.now(UTC), str(exc))
                raise
            else:
                self.last_write_failure = None
            finally:
                self._held_since = None

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[aiosqlite.Connection]:
        """A read that takes no lock (READ COMMITTED, as a claim with SKIP LOCKED needs)."""
        async with self._lock, self._begin("BEGIN", lock=None) as conn:
            yield cast(aiosqlite.Connection, conn)

    async def checkpoint(self) -> bool:
        """Nothing to do: PostgreSQL's WAL is its own, and VACUUM reclaims deleted rows."""
        return True

    async def _probe_writes(self, wait: float) -> str | None:
        try:
            async with asyncio.timeout(wait):
                conn = await self._ready()
                await conn.raw_execute("SELECT 1")
            return None
        except TimeoutError:
            return "the database does not answer"
        except (psycopg.Error, PgOperationalError) as exc:
            return f"the database does not answer: {_reason(exc)}"

    async def schema_version(self) -> int:
        async with self._lock:
            conn = await self._ready()
            rows = await conn.raw_execute(
                "SELECT to_regclass('schema_version') IS NOT NULL")
            if not rows[0][0]:
                return 0
            rows = await conn.raw_execute("SELECT version FROM schema_version")
        return int(rows[0][0]) if rows else 0

    async def journal_mode(self) -> str:
        return "wal"  # PostgreSQL always writes ahead

    async def migrate(self) -> list[int]:
        """Apply numbered migrations newer than ``schema_version``; return those applied."""
        from storage.db import available_migrations

        applied: list[int] = []
        for number, sql in available_migrations("postgres"):
            async with self.transaction() as tx:
                conn = cast(PgConnection, tx)
                await conn.raw_execute(
                    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                rows = await conn.raw_execute("SELECT version FROM schema_version")
                if not rows:
                    await conn.raw_execute("INSERT INTO schema_version VALUES (0)")
                elif int(rows[0][0]) >= number:
                    continue
                for statement in _split_sql(sql):
                    await conn.raw_execute(statement)
                await conn.raw_execute("UPDATE schema_version SET version = $1", (number,))
            applied.append(number)
        if applied:
            self._pg.id_tables = await id_tables(self._pg.raw)
        return applied


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
