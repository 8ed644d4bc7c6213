"""One SQLite database behind one writer connection.

WAL lets readers in other processes (the CLI) work while the bot writes; the asyncio lock
keeps this process's transactions from interleaving on the shared connection; BEGIN
IMMEDIATE takes SQLite's write lock up front so a read-then-write (booking a slot) cannot
fail half-way under a concurrent writer.

The database also keeps what a health check needs without waiting on it: the last write
that failed (until one succeeds again), how long the current transaction has held the
connection, and a probe that takes SQLite's write lock with a short timeout.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import aiosqlite

BUSY_TIMEOUT_MS = 5000
# A transaction holding the connection longer than this is reported by the health check.
SLOW_TRANSACTION = 1.0


class StorageError(Exception):
    """The database cannot be used at all; the message says where and why, in one line."""


@dataclass(frozen=True)
class WriteFailure:
    at: datetime
    reason: str  # SQLite's own words: "database or disk is full", "database is locked"


class Database:
    dialect = "sqlite"

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        self.path = path
        self.last_write_failure: WriteFailure | None = None
        self._held_since: float | None = None  # monotonic; while a transaction runs

    @classmethod
    async def open(cls, path: str | Path, *, migrate: bool = True) -> Database:
        """Open (and migrate) the database; raises ``StorageError`` when it cannot be used,
        with nothing left running. A ``postgresql://`` URL opens PostgreSQL instead
        (storage/pg_database.py), with the same interface."""
        path = str(path)
        if path.startswith(("postgresql://", "postgres://", "postgresql+")):
            from storage.pg_database import PostgresDatabase

            return await PostgresDatabase.open_url(path, migrate=migrate)
        try:
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            conn = await aiosqlite.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(f"cannot open the database {path}: {_reason(exc)}") from None
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute("PRAGMA synchronous = NORMAL")
            # Deleted rows are overwritten with zeros, not just unlinked (see storage/privacy.py).
            await conn.execute("PRAGMA secure_delete = ON")
            db = cls(conn, path)
            if migrate:
                await db.migrate()
        except (OSError, sqlite3.Error) as exc:
            await conn.close()  # or its thread keeps the process alive
            raise StorageError(f"cannot use the database {path}: {_reason(exc)}") from None
        except BaseException:
            await conn.close()
            raise
        return db

    async def close(self) -> None:
        await self._conn.close()

    @asynccontextmanager
    async def transaction(self, *, exclusive: bool = True
                          ) -> AsyncIterator[aiosqlite.Connection]:
        """Everything inside commits together or not at all. SQLite's write lock is always
        taken (``exclusive`` matters on PostgreSQL, see storage/pg_database.py)."""
        async with self._lock:
            self._held_since = time.monotonic()
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                    await self._conn.execute("COMMIT")
                except BaseException:
                    if self._conn.in_transaction:  # SQLite may have rolled back itself
                        await self._conn.execute("ROLLBACK")
                    raise
            except sqlite3.OperationalError as exc:
                self.last_write_failure = WriteFailure(datetime.now(UTC), _reason(exc))
                raise
            else:
                self.last_write_failure = None
            finally:
                self._held_since = None

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[aiosqlite.Connection]:
        """A consistent read without taking SQLite's write lock."""
        async with self._lock:
            await self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                await self._conn.execute("COMMIT")

    async def checkpoint(self) -> bool:
        """Copy the WAL into the database file and empty it, so that what an erasure
        deleted is not left in the WAL; False if a reader elsewhere kept it from finishing."""
        async with self._lock, self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cur:
            row = await cur.fetchone()
        return row is not None and int(row[0]) == 0

    async def write_problem(self, wait: float = 0.3) -> str | None:
        """Why writes do not work now, or None; answers within about ``2 * wait`` s.

        A failed write is reported until a write succeeds again. Otherwise the probe
        takes SQLite's write lock (and gives it back) with ``wait`` as its busy timeout;
        when this process's own transaction holds the connection, it reports that
        transaction once it has run longer than ``SLOW_TRANSACTION``.
        """
        failure = self.last_write_failure
        if failure is not None:
            return f"writes fail since {failure.at:%Y-%m-%d %H:%M:%S}Z: {failure.reason}"
        try:
            async with asyncio.timeout(wait):
                await self._lock.acquire()
        except TimeoutError:
            since = self._held_since
            held = time.monotonic() - since if since is not None else 0.0
            if held >= SLOW_TRANSACTION:
                return f"a write has been waiting for the database for {held:.0f} s"
            return None
        try:
            await self._conn.execute(f"PRAGMA busy_timeout = {max(1, int(wait * 1000))}")
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                return f"cannot take the write lock: {_reason(exc)}"
            await self._conn.execute("ROLLBACK")
            return None
        except sqlite3.Error as exc:
            return f"the database does not answer: {_reason(exc)}"
        finally:
            try:
                await self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            finally:
                self._lock.release()

    async def schema_version(self) -> int:
        async with self._conn.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def journal_mode(self) -> str:
        """``wal`` when WAL could be turned on (not on some network file systems)."""
        async with self._conn.execute("PRAGMA journal_mode") as cursor:
            row = await cursor.fetchone()
        return str(row[0]).lower() if row else ""

    async def migrate(self) -> list[int]:
        """Apply numbered migrations newer than ``PRAGMA user_version``; return those applied."""
        applied: list[int] = []
        for number, sql in available_migrations():
            async with self.transaction() as conn:
                async with conn.execute("PRAGMA user_version") as cursor:
                    row = await cursor.fetchone()
                if row is not None and int(row[0]) >= number:
                    continue
                for statement in _split_sql(sql):
                    await conn.execute(statement)
                await conn.execute(f"PRAGMA user_version = {number}")
            applied.append(number)
        return applied


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__


# A migration in storage/migrations/ that runs unchanged on PostgreSQL says so in a line
# of its own; the others have a variant in storage/migrations/postgres/ with the same number.
PORTABLE = "-- dialects: sqlite, postgres"


def migration_files(dialect: str = "sqlite") -> dict[int, str]:
    """Number -> file name (relative to storage/migrations/) of each migration of a dialect."""
    folder = resources.files("storage") / "migrations"
    shared = {int(e.name[:4]): e for e in folder.iterdir()
              if e.name.endswith(".sql") and e.name[:4].isdigit()}
    if dialect == "sqlite":
        return {number: entry.name for number, entry in shared.items()}
    own = {int(e.name[:4]): f"{dialect}/{e.name}" for e in (folder / dialect).iterdir()
           if e.name.endswith(".sql") and e.name[:4].isdigit()}
    for number, entry in shared.items():
        if number not in own and PORTABLE in entry.read_text(encoding="utf-8").splitlines():
            own[number] = entry.name
    return own


def available_migrations(dialect: str = "sqlite") -> list[tuple[int, str]]:
    folder = resources.files("storage") / "migrations"
    return sorted((number, (folder / name).read_text(encoding="utf-8"))
                  for number, name in migration_files(dialect).items())


def _split_sql(script: str) -> list[str]:
    # executescript() would COMMIT our transaction; run statements one by one instead.
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements

