"""One SQLite database behind one writer connection, its write transactions grouped.

WAL lets readers in other processes (the CLI) work while the bot writes; the asyncio lock
keeps this process's transactions from interleaving on the shared connection; BEGIN
IMMEDIATE takes SQLite's write lock up front so a read-then-write (booking a slot) cannot
fail half-way under a concurrent writer. Statements run on the event loop itself
(storage/sqlite_conn.py), without a thread hop each.

Group commit: while other transactions are queued for the connection, a finished one does
not COMMIT on its own. Each ``transaction()`` is a SAVEPOINT inside one open write
transaction (a failing one rolls back to its savepoint: nothing of it stays, the others
are untouched); the group COMMITs once nobody is queued any more (or after
``GROUP_LIMIT`` members), and every member's ``transaction()`` returns only after that
COMMIT, so nothing is acknowledged before it is on disk. If the COMMIT fails, or SQLite
rolled back the whole transaction itself, every member of the group raises.

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
from typing import cast

import aiosqlite

from storage.sqlite_conn import InlineConnection

BUSY_TIMEOUT_MS = 5000
# At most this many transactions share one COMMIT (each waits for the group's COMMIT).
GROUP_LIMIT = 64
# A transaction holding the connection longer than this is reported by the health check.
SLOW_TRANSACTION = 1.0


class StorageError(Exception):
    """The database cannot be used at all; the message says where and why, in one line."""


@dataclass(frozen=True)
class WriteFailure:
    at: datetime
    reason: str  # SQLite's own words: "database or disk is full", "database is locked"


class _Group:
    """The open write transaction that several ``transaction()`` calls share."""

    def __init__(self) -> None:
        self.committed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.members = 0
        self.flushing = False

    def settle(self, error: BaseException | None) -> None:
        if self.committed.done():
            return
        if error is None:
            self.committed.set_result(None)
        else:
            self.committed.set_exception(sqlite3.OperationalError(
                f"the transaction was not committed: {_reason(error)}"))
            self.committed.exception()  # retrieved: no warning when no member waits


class Database:
    dialect = "sqlite"

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        self.path = path
        self.last_write_failure: WriteFailure | None = None
        self._held_since: float | None = None  # monotonic; while a transaction runs
        self._group: _Group | None = None  # the write transaction open on the connection
        self._queued = 0  # transactions waiting for the connection
        self.commits = 0  # COMMITs of grouped transactions so far

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
            inline = await InlineConnection.connect(path, BUSY_TIMEOUT_MS)
            conn = cast(aiosqlite.Connection, inline)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(f"cannot open the database {path}: {_reason(exc)}") from None
        try:
            conn.row_factory = aiosqlite.Row
            await inline.in_thread(
                lambda: inline.raw.execute("PRAGMA journal_mode = WAL").fetchall(), wait=True)
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
        async with self._lock:
            await self._flush()
        await self._conn.close()

    @asynccontextmanager
    async def transaction(self, *, exclusive: bool = True
                          ) -> AsyncIterator[aiosqlite.Connection]:
        """Everything inside commits together or not at all, and is committed when this
        returns (with other transactions queued meanwhile: in one COMMIT, see above).
        SQLite's write lock is always taken (``exclusive`` matters on PostgreSQL, see
        storage/pg_database.py)."""
        conn = self._conn
        self._queued += 1
        try:
            await self._lock.acquire()
        finally:
            self._queued -= 1
        try:
            self._held_since = time.monotonic()
            group = await self._join()
            try:
                await conn.execute("SAVEPOINT event")
            except BaseException:
                await self._end_turn(group)
                raise
            try:
                yield conn
            except BaseException as exc:
                self._undo(group, exc)
                await self._end_turn(group)
                raise
            await conn.execute("RELEASE event")
            group.members += 1
            await self._end_turn(group)
        except sqlite3.OperationalError as exc:
            self.last_write_failure = WriteFailure(datetime.now(UTC), _reason(exc))
            raise
        finally:
            self._held_since = None
            self._lock.release()
        await asyncio.shield(group.committed)  # cancelled meanwhile: the group goes on

    async def _join(self) -> _Group:
        """The open group, or a new one (BEGIN IMMEDIATE). Holding the lock."""
        group = self._group
        if group is None:
            await self._conn.execute("BEGIN IMMEDIATE")
            group = self._group = _Group()
        return group

    def _undo(self, group: _Group, exc: BaseException) -> None:
        """A member failed: only its own savepoint goes, unless SQLite rolled back the
        whole transaction itself (then the whole group has failed)."""
        raw = cast(InlineConnection, self._conn).raw
        if raw.in_transaction:
            try:
                raw.execute("ROLLBACK TO event")
                raw.execute("RELEASE event")
                return
            except sqlite3.Error as error:
                exc = error
        if raw.in_transaction:
            raw.execute("ROLLBACK")
        self._group = None
        group.settle(exc)

    async def _end_turn(self, group: _Group) -> None:
        """Holding the lock, a member done: COMMIT now when nobody else is queued (or the
        group is full); otherwise leave it to a flush queued behind those waiting."""
        if self._group is not group:
            return
        if self._queued == 0 or group.members >= GROUP_LIMIT:
            await self._flush()
        elif not group.flushing:
            group.flushing = True
            asyncio.get_running_loop().create_task(self._flush_later(group))

    async def _flush_later(self, group: _Group) -> None:
        async with self._lock:
            if self._group is group:
                try:
                    await self._flush()
                except sqlite3.OperationalError as exc:
                    self.last_write_failure = WriteFailure(datetime.now(UTC), _reason(exc))

    async def _flush(self) -> None:
        """COMMIT the open group, if any (holding the lock); its members learn how it went."""
        group, self._group = self._group, None
        if group is None:
            return
        try:
            await self._conn.execute("COMMIT")
        except BaseException as exc:
            raw = cast(InlineConnection, self._conn).raw
            if raw.in_transaction:
                raw.execute("ROLLBACK")
            group.settle(exc)
            raise
        self.commits += 1
        self.last_write_failure = None
        group.settle(None)

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[aiosqlite.Connection]:
        """A consistent read without taking SQLite's write lock (what is queued to be
        committed is committed first)."""
        async with self._lock:
            await self._flush()
            await self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                await self._conn.execute("COMMIT")

    async def checkpoint(self) -> bool:
        """Copy the WAL into the database file and empty it, so that what an erasure
        deleted is not left in the WAL; False if a reader elsewhere kept it from finishing."""
        inline = cast(InlineConnection, self._conn)
        async with self._lock:
            await self._flush()
            row = await inline.in_thread(lambda: inline.raw.execute(
                "PRAGMA wal_checkpoint(TRUNCATE)").fetchone(), wait=True)
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
            return await self._probe_writes(wait)
        finally:
            self._lock.release()

    async def _probe_writes(self, wait: float) -> str | None:
        """With this process's lock held: take the database's write lock and give it back."""
        inline = cast(InlineConnection, self._conn)

        def probe() -> str | None:
            raw = inline.raw
            raw.execute(f"PRAGMA busy_timeout = {max(1, int(wait * 1000))}")
            try:
                try:
                    raw.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    return f"cannot take the write lock: {_reason(exc)}"
                raw.execute("ROLLBACK")
                return None
            finally:
                raw.execute("PRAGMA busy_timeout = 0")

        try:
            if self._group is not None:  # this process holds the write lock: writes work
                return None
            return await inline.in_thread(probe)
        except sqlite3.Error as exc:
            return f"the database does not answer: {_reason(exc)}"

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

