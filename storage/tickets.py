"""Tickets: what waits in a staff queue (a submitted enquiry, a booking, a handoff)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.times import from_db, to_db


@dataclass(frozen=True)
class Ticket:
    id: int
    person_id: int | None
    queue: str
    kind: str
    status: str
    urgent: bool
    locale: str
    channel: str | None
    centre: str | None
    subject: str | None
    card: str
    assignee: str | None
    created_at: datetime


def _ticket(row: aiosqlite.Row) -> Ticket:
    return Ticket(
        id=row["id"],
        person_id=row["person_id"],
        queue=row["queue"],
        kind=row["kind"],
        status=row["status"],
        urgent=bool(row["urgent"]),
        locale=row["locale"],
        channel=row["channel"],
        centre=row["centre"],
        subject=row["subject"],
        card=row["card"],
        assignee=row["assignee"],
        created_at=from_db(row["created_at"]),
    )


class Tickets:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def open(
        self,
        *,
        person_id: int | None,
        queue: str,
        kind: str,
        locale: str,
        channel: str | None,
        card: str,
        now: datetime,
        centre: str | None = None,
        subject: str | None = None,
        urgent: bool = False,
    ) -> int:
        cursor = await self._conn.execute(
            "INSERT INTO tickets (person_id, queue, kind, urgent, locale, channel, centre,"
            " subject, card, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (person_id, queue, kind, int(urgent), locale, channel, centre, subject, card,
             to_db(now), to_db(now)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def get(self, ticket_id: int) -> Ticket | None:
        async with self._conn.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)) as cur:
            row = await cur.fetchone()
        return _ticket(row) if row else None

    async def open_in_queue(self, queue: str | None = None) -> list[Ticket]:
        """Open tickets, urgent first, then oldest first: the order staff take them in."""
        sql = "SELECT * FROM tickets WHERE status = 'open'"
        params: tuple[str, ...] = ()
        if queue is not None:
            sql += " AND queue = ?"
            params = (queue,)
        async with self._conn.execute(sql + " ORDER BY urgent DESC, id", params) as cursor:
            return [_ticket(row) for row in await cursor.fetchall()]

    async def open_for_person(self, person_id: int) -> list[Ticket]:
        async with self._conn.execute(
            "SELECT * FROM tickets WHERE status = 'open' AND person_id = ? ORDER BY id",
            (person_id,),
        ) as cursor:
            return [_ticket(row) for row in await cursor.fetchall()]

    async def close(self, ticket_id: int, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE tickets SET status = 'closed', closed_at = ?, updated_at = ? WHERE id = ?",
            (to_db(now), to_db(now), ticket_id),
        )
