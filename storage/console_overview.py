"""Figures for the console's overview that are not the funnel: open tickets per queue and
how many consultations lie in a period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.times import from_db_or_none, to_db


@dataclass(frozen=True)
class QueueLoad:
    queue: str
    open: int
    unanswered: int
    oldest_unanswered: datetime | None  # when the longest-waiting unanswered one came in


async def open_tickets(conn: aiosqlite.Connection) -> list[QueueLoad]:
    async with conn.execute(
        "SELECT queue, COUNT(*) AS open,"
        " SUM(CASE WHEN first_response_at IS NULL THEN 1 ELSE 0 END) AS unanswered,"
        " MIN(CASE WHEN first_response_at IS NULL THEN created_at END) AS oldest"
        " FROM tickets WHERE status = 'open' GROUP BY queue ORDER BY queue"
    ) as cursor:
        return [QueueLoad(r["queue"], int(r["open"]), int(r["unanswered"] or 0),
                          from_db_or_none(r["oldest"])) for r in await cursor.fetchall()]


async def consultations_between(conn: aiosqlite.Connection, start: datetime,
                                end: datetime) -> int:
    async with conn.execute(
        "SELECT COUNT(*) FROM bookings WHERE status = 'booked' AND starts_at >= ?"
        " AND starts_at < ?", (to_db(start), to_db(end))
    ) as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0
