"""Tickets: what waits in a staff queue (a submitted enquiry, a booking, a handoff)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.locks import lock_ids
from storage.times import from_db, from_db_or_none, to_db


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
    topic_id: int | None = None
    first_response_at: datetime | None = None
    resolution: str | None = None
    rating: int | None = None
    false_positive: bool = False
    card_message_id: int | None = None
    sla_breached_at: datetime | None = None
    # The staff group its topic lives in; None: the default group (STAFF_CHAT_ID).
    staff_chat_id: int | None = None


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
        topic_id=row["topic_id"],
        first_response_at=from_db_or_none(row["first_response_at"]),
        resolution=row["resolution"],
        rating=row["rating"],
        false_positive=bool(row["false_positive"]),
        card_message_id=row["card_message_id"],
        sla_breached_at=from_db_or_none(row["sla_breached_at"]),
        staff_chat_id=row["staff_chat_id"],
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
        staff_chat_id: int | None = None,
    ) -> int:
        await lock_ids(self._conn, "tickets")  # the id is MAX + 1 (another process's too)
        cursor = await self._conn.execute(
            "INSERT INTO tickets (id, person_id, queue, kind, urgent, locale, channel, centre,"
            " subject, card, created_at, updated_at, staff_chat_id) VALUES ((SELECT"
            " MAX(COALESCE((SELECT MAX(id) FROM tickets), 0), COALESCE((SELECT high FROM"
            " id_floors WHERE name = 'tickets'), 0)) + 1), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (person_id, queue, kind, int(urgent), locale, channel, centre, subject, card,
             to_db(now), to_db(now), staff_chat_id),
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

    async def open_handoff(self, person_id: int) -> Ticket | None:
        """The person's open conversation with staff, if any (enquiry cards do not count)."""
        async with self._conn.execute(
            "SELECT * FROM tickets WHERE status = 'open' AND person_id = ?"
            " AND kind IN ('handoff', 'safeguarding') ORDER BY id DESC LIMIT 1",
            (person_id,),
        ) as cursor:
            row = await cursor.fetchone()
        return _ticket(row) if row else None

    async def place_in_queue(self, ticket: Ticket) -> int:
        """1 for the next to be answered: urgent tickets first, then the oldest."""
        async with self._conn.execute(
            "SELECT COUNT(*) FROM tickets WHERE status = 'open' AND queue = ?"
            " AND first_response_at IS NULL AND (urgent > ? OR (urgent = ? AND id < ?))",
            (ticket.queue, int(ticket.urgent), int(ticket.urgent), ticket.id),
        ) as cursor:
            row = await cursor.fetchone()
        return (int(row[0]) if row else 0) + 1

    async def by_topic(self, topic_id: int, group: int | None = None,
                       default_group: int | None = None) -> Ticket | None:
        """The ticket whose topic is ``topic_id`` in the staff group ``group`` (thread ids
        are unique only within one group); a ticket with no group of its own lives in
        ``default_group``."""
        async with self._conn.execute(
            "SELECT * FROM tickets WHERE topic_id = ? AND COALESCE(staff_chat_id, ?) IS ?",
            (topic_id, default_group, group),
        ) as cursor:
            row = await cursor.fetchone()
        return _ticket(row) if row else None

    async def set_topic(self, ticket_id: int, topic_id: int | None) -> None:
        await self._conn.execute(
            "UPDATE tickets SET topic_id = ? WHERE id = ?", (topic_id, ticket_id)
        )

    async def set_card_message(self, ticket_id: int, message_id: int | None) -> None:
        await self._conn.execute(
            "UPDATE tickets SET card_message_id = ? WHERE id = ?", (message_id, ticket_id)
        )

    async def claim(self, ticket_id: int, assignee: str, now: datetime) -> bool:
        cursor = await self._conn.execute(
            "UPDATE tickets SET assignee = ?, updated_at = ? WHERE id = ? AND assignee IS NULL",
            (assignee, to_db(now), ticket_id),
        )
        return cursor.rowcount == 1

    async def responded(self, ticket_id: int, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE tickets SET first_response_at = COALESCE(first_response_at, ?),"
            " updated_at = ? WHERE id = ?",
            (to_db(now), to_db(now), ticket_id),
        )

    async def mark_urgent(self, ticket_id: int, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE tickets SET urgent = 1, updated_at = ? WHERE id = ?", (to_db(now), ticket_id)
        )

    async def mark_false_positive(self, ticket_id: int, now: datetime) -> bool:
        """False when it was already marked (a second press)."""
        cursor = await self._conn.execute(
            "UPDATE tickets SET false_positive = 1, urgent = 0, updated_at = ?"
            " WHERE id = ? AND false_positive = 0",
            (to_db(now), ticket_id),
        )
        return cursor.rowcount == 1

    async def close(self, ticket_id: int, now: datetime, resolution: str | None = None) -> bool:
        cursor = await self._conn.execute(
            "UPDATE tickets SET status = 'closed', closed_at = ?, updated_at = ?,"
            " resolution = ? WHERE id = ? AND status = 'open'",
            (to_db(now), to_db(now), resolution, ticket_id),
        )
        return cursor.rowcount == 1

    async def reopen(self, ticket_id: int, now: datetime) -> bool:
        cursor = await self._conn.execute(
            "UPDATE tickets SET status = 'open', closed_at = NULL, updated_at = ?"
            " WHERE id = ? AND status = 'closed'",
            (to_db(now), ticket_id),
        )
        return cursor.rowcount == 1

    async def rate(self, ticket_id: int, rating: int | None, comment: str | None) -> None:
        await self._conn.execute(
            "UPDATE tickets SET rating = COALESCE(?, rating),"
            " rating_comment = COALESCE(?, rating_comment) WHERE id = ?",
            (rating, comment, ticket_id),
        )

    async def breaching_sla(self, queue: str, created_before: datetime) -> list[Ticket]:
        """Open, unanswered tickets older than the queue's target, not announced yet."""
        async with self._conn.execute(
            "SELECT * FROM tickets WHERE status = 'open' AND queue = ?"
            " AND first_response_at IS NULL AND sla_breached_at IS NULL AND created_at < ?"
            " ORDER BY id",
            (queue, to_db(created_before)),
        ) as cursor:
            return [_ticket(row) for row in await cursor.fetchall()]

    async def mark_sla_breached(self, ticket_id: int, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE tickets SET sla_breached_at = ? WHERE id = ?", (to_db(now), ticket_id)
        )

    async def add_event(
        self, ticket_id: int, kind: str, now: datetime, author: str | None = None,
        note: str | None = None,
    ) -> None:
        await self._conn.execute(
            "INSERT INTO ticket_events (ticket_id, kind, author, note, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (ticket_id, kind, author, note, to_db(now)),
        )

    async def last_author(self, ticket_id: int, kind: str) -> str | None:
        """Who did the latest event of this kind (a staff member's Telegram id), if anyone."""
        async with self._conn.execute(
            "SELECT author FROM ticket_events WHERE ticket_id = ? AND kind = ?"
            " ORDER BY id DESC LIMIT 1",
            (ticket_id, kind),
        ) as cursor:
            row = await cursor.fetchone()
        return row["author"] if row else None

    async def times_reopened(self, ticket_id: int) -> int:
        """How often staff reopened the ticket: each closing after that is a new one."""
        async with self._conn.execute(
            "SELECT COUNT(*) FROM ticket_events WHERE ticket_id = ? AND kind = 'reopened'",
            (ticket_id,),
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0
