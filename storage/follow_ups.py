"""Unfinished enquiries: people who agreed to the consent and stopped part-way. Each gets
at most one gentle reminder, none after "please don't remind me"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.times import from_db, from_db_or_none, to_db

JOB = "follow_up"


@dataclass(frozen=True)
class FollowUp:
    reminded_at: datetime | None
    declined_at: datetime | None


@dataclass(frozen=True)
class Unfinished:
    person_id: int
    channel: str
    locale: str
    source: str | None
    position: str | None
    started_at: datetime
    updated_at: datetime
    reminded_at: datetime | None
    declined_at: datetime | None


async def state(conn: aiosqlite.Connection, person_id: int) -> FollowUp:
    async with conn.execute("SELECT * FROM follow_ups WHERE person_id = ?",
                            (person_id,)) as cursor:
        row = await cursor.fetchone()
    if row is None:
        return FollowUp(None, None)
    return FollowUp(from_db_or_none(row["reminded_at"]), from_db_or_none(row["declined_at"]))


async def _set(conn: aiosqlite.Connection, person_id: int, column: str, now: datetime) -> None:
    await conn.execute("INSERT INTO follow_ups (person_id) VALUES (?)"
                       " ON CONFLICT (person_id) DO NOTHING", (person_id,))
    await conn.execute(f"UPDATE follow_ups SET {column} = ? WHERE person_id = ?",
                       (to_db(now), person_id))


async def mark_reminded(conn: aiosqlite.Connection, person_id: int, now: datetime) -> None:
    await _set(conn, person_id, "reminded_at", now)


async def mark_declined(conn: aiosqlite.Connection, person_id: int, now: datetime) -> None:
    await _set(conn, person_id, "declined_at", now)


async def unfinished(conn: aiosqlite.Connection) -> list[Unfinished]:
    """Drafts with a consent, the quietest first."""
    async with conn.execute(
        "SELECT d.person_id, d.position, d.started_at, d.updated_at, p.channel, p.locale,"
        " p.source, f.reminded_at, f.declined_at FROM enquiry_drafts d"
        " JOIN people p ON p.id = d.person_id"
        " LEFT JOIN follow_ups f ON f.person_id = d.person_id"
        " WHERE d.consent_id IS NOT NULL ORDER BY d.updated_at, d.person_id"
    ) as cursor:
        rows = await cursor.fetchall()
    return [Unfinished(r["person_id"], r["channel"], r["locale"], r["source"], r["position"],
                       from_db(r["started_at"]), from_db(r["updated_at"]),
                       from_db_or_none(r["reminded_at"]), from_db_or_none(r["declined_at"]))
            for r in rows]
