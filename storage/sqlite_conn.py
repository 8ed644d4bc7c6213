"""SQLite statements run on the event loop itself, without a thread hop per statement.

aiosqlite hands every statement to its own thread and wakes the loop for the answer: on
a webhook's dozen statements that hand-off cost more than SQLite's work (a profile of
bench/webhook.py put a quarter of the product's CPU there). A statement on a local WAL
database takes microseconds, so :class:`InlineConnection` runs it in place and answers
the part of ``aiosqlite.Connection`` that storage/ uses (``execute`` awaited or as
``async with``, ``executemany``, ``execute_fetchall``, cursors with ``fetchone``,
``fetchall``, ``rowcount`` and ``lastrowid``, every row read at once), so the
repositories run unchanged.

What could wait is never waited for on the loop: the connection's busy timeout is 0, and
a statement SQLite answers "database is locked" (another process holds the write lock:
the CLI, a copy) is run again in a worker thread with the full ``busy_timeout``, as
aiosqlite would have. So is whatever the caller marks as slow (``in_thread``: a WAL
checkpoint).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Generator, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


def _busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc)
    return "locked" in text or "busy" in text


class InlineCursor:
    """What one statement answered. Its rows are read at once, so that no statement is
    left in progress (SQLite would refuse the COMMIT)."""

    __slots__ = ("_next", "_rows", "lastrowid", "rowcount")

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        try:
            self._rows: list[Any] = cursor.fetchall() if cursor.description else []
            self.rowcount: int = cursor.rowcount
            self.lastrowid: int | None = cursor.lastrowid
        finally:
            cursor.close()
        self._next = 0

    async def fetchone(self) -> Any:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    async def fetchall(self) -> list[Any]:
        rows, self._next = self._rows[self._next:], len(self._rows)
        return rows

    async def close(self) -> None:
        return None

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        return None


class _Pending:
    """``conn.execute(...)``: awaited, or entered with ``async with`` (as aiosqlite's)."""

    __slots__ = ("_run",)

    def __init__(self, run: Callable[[], Any]) -> None:
        self._run = run

    def __await__(self) -> Generator[Any, None, InlineCursor]:
        return self._run().__await__()  # type: ignore[no-any-return]

    async def __aenter__(self) -> InlineCursor:
        cursor: InlineCursor = await self._run()
        return cursor

    async def __aexit__(self, *_exc: object) -> None:
        return None


class InlineConnection:
    """One ``sqlite3.Connection`` used from the event loop (see the module's note)."""

    dialect = "sqlite"

    def __init__(self, raw: sqlite3.Connection, busy_timeout_ms: int) -> None:
        self.raw = raw
        self.busy_timeout_ms = busy_timeout_ms
        self._lock = asyncio.Lock()  # one thread at a time: never two slow calls at once

    @classmethod
    async def connect(cls, path: str, busy_timeout_ms: int) -> InlineConnection:
        raw = await asyncio.to_thread(
            sqlite3.connect, path, isolation_level=None, check_same_thread=False,
            cached_statements=256)
        raw.execute("PRAGMA busy_timeout = 0")
        return cls(raw, busy_timeout_ms)

    @property
    def in_transaction(self) -> bool:
        return self.raw.in_transaction

    @property
    def row_factory(self) -> Any:
        return self.raw.row_factory

    @row_factory.setter
    def row_factory(self, factory: Any) -> None:
        self.raw.row_factory = factory

    def execute(self, sql: str, parameters: Iterable[Any] = ()) -> Any:
        return _Pending(lambda: self._execute(sql, parameters))

    async def _execute(self, sql: str, parameters: Iterable[Any]) -> InlineCursor:
        try:
            return InlineCursor(self.raw.execute(sql, parameters))  # type: ignore[arg-type]
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                raise
        return InlineCursor(await self.in_thread(
            lambda: self.raw.execute(sql, parameters), wait=True))  # type: ignore[arg-type]

    async def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]
                          ) -> InlineCursor:
        rows = [tuple(p) for p in parameters]
        try:
            return InlineCursor(self.raw.executemany(sql, rows))
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                raise
        return InlineCursor(await self.in_thread(
            lambda: self.raw.executemany(sql, rows), wait=True))

    async def execute_fetchall(self, sql: str, parameters: Iterable[Any] = ()) -> list[Any]:
        cursor = await self._execute(sql, parameters)
        return await cursor.fetchall()

    async def set_trace_callback(self, callback: Callable[[str], object] | None) -> None:
        self.raw.set_trace_callback(callback)

    async def in_thread(self, call: Callable[[], T], *, wait: bool = False) -> T:
        """Run ``call`` (on this connection) in a worker thread; with ``wait``, SQLite
        waits up to the busy timeout for another process's lock meanwhile."""
        def run() -> T:
            if not wait:
                return call()
            self.raw.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
            try:
                return call()
            finally:
                self.raw.execute("PRAGMA busy_timeout = 0")

        async with self._lock:
            return await asyncio.to_thread(run)

    async def close(self) -> None:
        await asyncio.to_thread(self.raw.close)
