"""Repositories for the core tables, bound to the connection of one open transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import aiosqlite

from storage.bookings import Bookings, Jobs, WaitingList
from storage.enquiries import Consents, Drafts, Enquiries
from storage.locks import lock_ids
from storage.outbox_codec import PersonPayload, encode, row_kind
from storage.pg_sql import skip_locked
from storage.safeguarding import SafeguardingAlerts
from storage.staff import Staff
from storage.tickets import Tickets
from storage.times import from_db, from_db_or_none, to_db


@dataclass(frozen=True)
class Person:
    id: int
    channel: str
    external_id: str
    locale: str
    source: str | None
    created_at: datetime
    last_seen_at: datetime
    blocked: bool
    unsubscribed: bool


@dataclass
class Session:
    person_id: int
    flow: str
    step: str
    data: dict[str, Any]
    updated_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class OutboxRow:
    id: int
    person_id: int | None
    channel: str
    recipient: str
    kind: str
    payload: dict[str, Any]
    attempts: int
    not_before: datetime
    # Set when an attempt began and its outcome was never recorded (see migration 0007).
    sending_since: datetime | None = None


def next_id(table: str) -> str:
    """SQL for a new row's id that an erased row never had (storage/privacy.py)."""
    return (f"(SELECT MAX(COALESCE((SELECT MAX(id) FROM {table}), 0),"
            f" COALESCE((SELECT high FROM id_floors WHERE name = '{table}'), 0)) + 1)")


def _person(row: aiosqlite.Row) -> Person:
    return Person(
        id=row["id"],
        channel=row["channel"],
        external_id=row["external_id"],
        locale=row["locale"],
        source=row["source"],
        created_at=from_db(row["created_at"]),
        last_seen_at=from_db(row["last_seen_at"]),
        blocked=row["blocked_at"] is not None,
        unsubscribed=row["unsubscribed_at"] is not None,
    )


def _outbox_row(row: aiosqlite.Row, group: int | None = None) -> OutboxRow:
    return OutboxRow(
        id=row["id"],
        person_id=row["person_id"],
        channel=row["channel"],
        recipient=row["recipient"] if group is None else str(group),
        kind=row["kind"],
        payload=json.loads(row["payload"]),
        attempts=row["attempts"],
        not_before=from_db(row["not_before"]),
        sending_since=from_db_or_none(row["sending_since"]),
    )


class People:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def find(self, channel: str, external_id: str) -> Person | None:
        async with self._conn.execute(
            "SELECT * FROM people WHERE channel = ? AND external_id = ?", (channel, external_id)
        ) as cursor:
            row = await cursor.fetchone()
        return _person(row) if row else None

    async def get(self, person_id: int) -> Person | None:
        async with self._conn.execute("SELECT * FROM people WHERE id = ?", (person_id,)) as cur:
            row = await cur.fetchone()
        return _person(row) if row else None

    async def create(
        self, channel: str, external_id: str, locale: str, now: datetime, source: str | None
    ) -> Person:
        await lock_ids(self._conn, "people")  # the id is MAX + 1 (another process's too)
        await self._conn.execute(
            "INSERT INTO people (id, channel, external_id, locale, source, created_at,"
            f" last_seen_at) VALUES ({next_id('people')}, ?, ?, ?, ?, ?, ?)",
            (channel, external_id, locale, source, to_db(now), to_db(now)),
        )
        person = await self.find(channel, external_id)
        assert person is not None
        return person

    async def touch(self, person_id: int, now: datetime) -> None:
        """A person who writes is reachable again, whatever stopped us before."""
        await self._conn.execute(
            "UPDATE people SET last_seen_at = ?, blocked_at = NULL, unsubscribed_at = NULL"
            " WHERE id = ?",
            (to_db(now), person_id),
        )

    async def set_locale(self, person_id: int, locale: str) -> None:
        await self._conn.execute("UPDATE people SET locale = ? WHERE id = ?", (locale, person_id))

    async def set_source_if_unset(self, person_id: int, source: str) -> None:
        await self._conn.execute(
            "UPDATE people SET source = ? WHERE id = ? AND source IS NULL", (source, person_id)
        )

    async def mark_blocked(self, person_id: int, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE people SET blocked_at = ? WHERE id = ? AND blocked_at IS NULL",
            (to_db(now), person_id),
        )

    async def forget(self, person_id: int) -> None:
        """Delete the person's row alone (what references it cascades or is unlinked).
        Complete erasure, as a person asks for it, is ``storage.privacy.erase_person``."""
        await self._conn.execute("DELETE FROM people WHERE id = ?", (person_id,))

    async def mark_unsubscribed(self, person_id: int, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE people SET unsubscribed_at = ? WHERE id = ?", (to_db(now), person_id)
        )


class Sessions:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def load(self, person_id: int) -> Session | None:
        async with self._conn.execute(
            "SELECT * FROM sessions WHERE person_id = ?", (person_id,)
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return Session(
            person_id=row["person_id"],
            flow=row["flow"],
            step=row["step"],
            data=json.loads(row["data"]),
            updated_at=from_db(row["updated_at"]),
            expires_at=from_db(row["expires_at"]),
        )

    async def save(self, session: Session, now: datetime, idle: timedelta) -> None:
        await self._conn.execute(
            "INSERT INTO sessions (person_id, flow, step, data, updated_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (person_id) DO UPDATE SET flow = excluded.flow,"
            " step = excluded.step, data = excluded.data, updated_at = excluded.updated_at,"
            " expires_at = excluded.expires_at",
            (
                session.person_id,
                session.flow,
                session.step,
                json.dumps(session.data, ensure_ascii=False, sort_keys=True),
                to_db(now),
                to_db(now + idle),
            ),
        )


class Deliveries:
    """Delivery ids already handled, so a redelivered update changes nothing."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def claim(self, channel: str, delivery_id: str, now: datetime) -> bool:
        cursor = await self._conn.execute(
            "INSERT INTO processed_deliveries (channel, delivery_id, processed_at)"
            " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (channel, delivery_id, to_db(now)),
        )
        return cursor.rowcount == 1

    async def seen(self, channel: str, delivery_id: str) -> bool:
        async with self._conn.execute(
            "SELECT 1 FROM processed_deliveries WHERE channel = ? AND delivery_id = ?",
            (channel, delivery_id),
        ) as cursor:
            return await cursor.fetchone() is not None

    async def forget_older_than(self, moment: datetime) -> int:
        cursor = await self._conn.execute(
            "DELETE FROM processed_deliveries WHERE processed_at < ?", (to_db(moment),)
        )
        return cursor.rowcount


def _not_in_flight(marked_before: datetime | None) -> str:
    return "" if marked_before is None else (
        " AND (o.sending_since IS NULL OR o.sending_since < ?)")


def _cutoff(marked_before: datetime | None) -> tuple[str, ...]:
    return () if marked_before is None else (to_db(marked_before),)


class Outbox:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(
        self,
        *,
        person_id: int | None,
        channel: str,
        recipient: str,
        payload: dict[str, Any],
        now: datetime,
        kind: str = "message",
        not_before: datetime | None = None,
    ) -> int:
        cursor = await self._conn.execute(
            "INSERT INTO outbox (person_id, channel, recipient, kind, payload, created_at,"
            " not_before) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                person_id,
                channel,
                recipient,
                kind,
                json.dumps(payload, ensure_ascii=False),
                to_db(now),
                to_db(not_before or now),
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def add_message(
        self,
        *,
        person_id: int | None,
        channel: str,
        recipient: str,
        message: PersonPayload,
        now: datetime,
    ) -> int:
        """Queue a message for a person, in the outbox's versioned encoding."""
        return await self.add(person_id=person_id, channel=channel, recipient=recipient,
                              payload=dict(encode(message)), now=now,
                              kind=row_kind(message))

    async def due(self, channel: str, now: datetime, limit: int = 200, *,
                  marked_before: datetime | None = None) -> list[OutboxRow]:
        """The oldest pending row of each recipient whose turn has come; on PostgreSQL
        the rows are locked for the caller's transaction and rows locked by another are
        skipped (``FOR UPDATE SKIP LOCKED``), so two claimers never get the same row.

        Only a recipient's head-of-line row is offered, so a message waiting for a retry
        holds back the ones behind it and each chat keeps its order. With
        ``marked_before``, a head marked as being sent at or after that time is being sent
        by someone (its recipient is passed over); one marked before it was left by a
        worker that died, and is offered again.
        """
        async with self._conn.execute(
            "SELECT o.* FROM outbox o JOIN ("
            "  SELECT recipient, MIN(id) AS head FROM outbox"
            "  WHERE status = 'pending' AND channel = ? GROUP BY recipient"
            ") h ON o.id = h.head LEFT JOIN people p ON p.id = o.person_id"
            " WHERE o.status = 'pending' AND o.not_before <= ?"
            " AND p.blocked_at IS NULL AND p.unsubscribed_at IS NULL"
            + _not_in_flight(marked_before) +
            " ORDER BY o.id LIMIT ?" + skip_locked(self._conn, "o"),
            (channel, to_db(now), *_cutoff(marked_before), limit),
        ) as cursor:
            rows = await cursor.fetchall()
        return [_outbox_row(row) for row in rows]

    async def due_by_ticket(self, channel: str, now: datetime, limit: int = 200, *,
                            marked_before: datetime | None = None) -> list[OutboxRow]:
        """Like ``due``, with one queue per ticket (``payload.ticket``) instead of per
        recipient, urgent tickets first: for the staff desk, where tickets share a group
        and only each ticket's own order matters. A row for a ticket in a staff group of
        its own (``tickets.staff_chat_id``, or ``payload.group`` without a ticket) comes
        with that group's id as its recipient, so each group keeps its own limit."""
        async with self._conn.execute(
            "SELECT o.*, COALESCE(t.staff_chat_id,"
            " CAST(json_extract(o.payload, '$.group') AS INTEGER)) AS staff_group"
            " FROM outbox o JOIN ("
            "  SELECT COALESCE(CAST(json_extract(payload, '$.ticket') AS INTEGER), -id) AS lane,"
            "  MIN(id) AS head"
            "  FROM outbox WHERE status = 'pending' AND channel = ? GROUP BY lane"
            ") h ON o.id = h.head"
            " LEFT JOIN tickets t ON t.id = CAST(json_extract(o.payload, '$.ticket') AS INTEGER)"
            " WHERE o.status = 'pending' AND o.not_before <= ?" + _not_in_flight(marked_before)
            + " ORDER BY COALESCE(t.urgent, 0) DESC, o.id LIMIT ?"
            + skip_locked(self._conn, "o"),
            (channel, to_db(now), *_cutoff(marked_before), limit),
        ) as cursor:
            rows = await cursor.fetchall()
        return [_outbox_row(row, group=row["staff_group"]) for row in rows]

    async def pending_for_ticket(self, channel: str, ticket_id: int, after_id: int,
                                 limit: int = 50) -> list[OutboxRow]:
        """The ticket's pending rows queued after ``after_id``, oldest first."""
        async with self._conn.execute(
            "SELECT * FROM outbox WHERE status = 'pending' AND channel = ? AND id > ?"
            " AND json_extract(payload, '$.ticket') = ? ORDER BY id LIMIT ?",
            (channel, after_id, ticket_id, limit),
        ) as cursor:
            rows = await cursor.fetchall()
        return [_outbox_row(row) for row in rows]

    async def count_pending_in(self, channel: str) -> int:
        async with self._conn.execute(
            "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND channel = ?", (channel,)
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def pending_for(self, channel: str, recipient: str) -> list[OutboxRow]:
        async with self._conn.execute(
            "SELECT * FROM outbox WHERE status = 'pending' AND channel = ? AND recipient = ?"
            " ORDER BY id",
            (channel, recipient),
        ) as cursor:
            rows = await cursor.fetchall()
        return [_outbox_row(row) for row in rows]

    async def mark_sending(self, row_ids: Sequence[int], now: datetime) -> None:
        """These rows are about to be handed to the messenger."""
        await self._conn.executemany(
            "UPDATE outbox SET sending_since = ? WHERE id = ? AND status = 'pending'",
            [(to_db(now), row_id) for row_id in row_ids],
        )

    async def mark_sent(self, row_id: int, now: datetime, external_id: str | None) -> None:
        await self._conn.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?, external_id = ?,"
            " attempts = attempts + 1 WHERE id = ? AND status = 'pending'",
            (to_db(now), external_id, row_id),
        )

    async def retry_later(self, row_id: int, when: datetime, error: str) -> None:
        await self._conn.execute(
            "UPDATE outbox SET not_before = ?, last_error = ?, attempts = attempts + 1,"
            " sending_since = NULL WHERE id = ?",
            (to_db(when), error[:500], row_id),
        )

    async def interrupted(self, before: datetime | None = None) -> int:
        """Pending rows whose send was under way when the process stopped (with
        ``before``: marked as being sent before that time)."""
        async with self._conn.execute(
            "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND sending_since IS NOT NULL"
            + (" AND sending_since < ?" if before is not None else ""),
            _cutoff(before),
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def mark_failed(self, row_id: int, error: str) -> None:
        await self._conn.execute(
            "UPDATE outbox SET status = 'failed', last_error = ?, attempts = attempts + 1"
            " WHERE id = ?",
            (error[:500], row_id),
        )

    async def cancel_pending_for(self, channel: str, recipient: str, reason: str) -> int:
        cursor = await self._conn.execute(
            "UPDATE outbox SET status = 'cancelled', last_error = ?"
            " WHERE status = 'pending' AND channel = ? AND recipient = ?",
            (reason, channel, recipient),
        )
        return cursor.rowcount

    async def mark_delivered(self, channel: str, external_id: str, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE outbox SET delivered_at = ? WHERE channel = ? AND external_id = ?",
            (to_db(now), channel, external_id),
        )

    async def mark_failed_by_external_id(
        self, channel: str, external_id: str, error: str
    ) -> int:
        """The messenger accepted a message and later reported that it could not deliver
        it (Viber's ``failed`` callback); returns how many rows matched."""
        cursor = await self._conn.execute(
            "UPDATE outbox SET status = 'failed', last_error = ?"
            " WHERE channel = ? AND external_id = ?",
            (error[:500], channel, external_id),
        )
        return cursor.rowcount

    async def count_pending(self) -> int:
        async with self._conn.execute(
            "SELECT COUNT(*) FROM outbox WHERE status = 'pending'"
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0


class Repos:
    """All repositories over one transaction's connection."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn
        self.people = People(conn)
        self.sessions = Sessions(conn)
        self.deliveries = Deliveries(conn)
        self.outbox = Outbox(conn)
        self.consents = Consents(conn)
        self.drafts = Drafts(conn)
        self.enquiries = Enquiries(conn)
        self.tickets = Tickets(conn)
        self.staff = Staff(conn)
        self.bookings = Bookings(conn)
        self.waiting_list = WaitingList(conn)
        self.jobs = Jobs(conn)
        self.safeguarding = SafeguardingAlerts(conn)
