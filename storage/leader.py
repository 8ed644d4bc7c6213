"""Work that only one process may do at a time (Telegram's long polling): a leader.

On PostgreSQL the leader is the process that holds a session-level advisory lock on a
connection of its own (not the one its transactions use, which is opened again when it
breaks). The others try again every second or so; when the leader dies, even by
SIGKILL, the server drops its connection and with it the lock, and the next try of
another process gets it. A leader checks that it still holds the lock before each
round of work (:meth:`Leadership.held`): if its connection broke, it stops and waits
in line again.

On SQLite there is one process, and it is always the leader.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from storage.db import Database
from storage.locks import lock_key

if TYPE_CHECKING:  # psycopg is installed with the "postgres" extra only
    import psycopg

    from storage.pg import Row

log = logging.getLogger(__name__)

RETRY_SECONDS = 1.0


class Leadership:
    """Always the leader (SQLite: one process)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.leading = False

    async def acquire(self, stop: asyncio.Event, retry: float = RETRY_SECONDS) -> bool:
        """Wait until this process leads; False when ``stop`` was set first."""
        self.leading = not stop.is_set()
        return self.leading

    async def held(self) -> bool:
        return self.leading

    async def release(self) -> None:
        self.leading = False


class PostgresLeadership(Leadership):
    def __init__(self, name: str, url: str) -> None:
        super().__init__(name)
        self.url = url
        self._conn: psycopg.AsyncConnection[Row] | None = None

    async def acquire(self, stop: asyncio.Event, retry: float = RETRY_SECONDS) -> bool:
        import psycopg

        from storage.pg import connect, redacted

        waiting_logged = False
        while not stop.is_set():
            try:
                if self._conn is None or self._conn.closed or self._conn.broken:
                    await self._close()
                    self._conn = await connect(self.url)
                cursor = await self._conn.execute("SELECT pg_try_advisory_lock($1)",
                                                  (lock_key("leader", self.name),))
                row = await cursor.fetchone()
                if row is not None and row[0]:
                    self.leading = True
                    log.info("this process now leads %s", self.name)
                    return True
                if not waiting_logged:
                    log.info("another process leads %s: waiting to take over", self.name)
                    waiting_logged = True
            except psycopg.Error as exc:
                log.warning("cannot ask %s who leads %s: %s", redacted(self.url), self.name,
                            type(exc).__name__)
                await self._close()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), retry)
        return False

    async def held(self) -> bool:
        """Still the leader: the connection that holds the lock still answers."""
        import psycopg

        if not self.leading or self._conn is None:
            return False
        try:
            async with asyncio.timeout(5):
                await self._conn.execute("SELECT 1")
        except (psycopg.Error, TimeoutError):
            log.warning("lost the connection that made this process lead %s", self.name)
            self.leading = False
            await self._close()
        return self.leading

    async def release(self) -> None:
        self.leading = False
        await self._close()  # the session ends, and the lock with it

    async def _close(self) -> None:
        import psycopg

        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(psycopg.Error):
                await conn.close()


def leadership(db: Database, name: str) -> Leadership:
    """Who leads ``name`` among the processes sharing ``db``."""
    url = getattr(db, "url", None)
    if db.dialect == "postgres" and isinstance(url, str):
        return PostgresLeadership(name, url)
    return Leadership(name)
