"""Safeguarding alerts: what was detected, and whether the desk called it a false alarm."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.times import to_db


@dataclass(frozen=True)
class AlertCount:
    language: str  # the language whose words matched
    category: str
    alerts: int
    false_alarms: int  # of those, marked "False alarm" at the desk


class SafeguardingAlerts:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def record(
        self, *, ticket_id: int, person_id: int | None, category: str, language: str,
        voice: str, locale: str, now: datetime,
    ) -> None:
        await self._conn.execute(
            "INSERT INTO safeguarding_alerts"
            " (ticket_id, person_id, category, language, voice, locale, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (ticket_id, person_id, category, language, voice, locale, to_db(now)),
        )

    async def counts(self, since: datetime, until: datetime) -> list[AlertCount]:
        """Alerts raised in [since, until), per language and category.

        A false alarm is an alert whose ticket the desk marked so; alerts from before the
        categories were recorded are counted from their tickets, as category "unknown".
        """
        async with self._conn.execute(
            "SELECT language, category, COUNT(*) AS alerts,"
            " SUM(COALESCE(t.false_positive, 0)) AS false_alarms"
            " FROM (SELECT a.language, a.category, a.ticket_id FROM safeguarding_alerts a"
            "       WHERE a.created_at >= ? AND a.created_at < ?"
            "       UNION ALL"
            "       SELECT t.locale, 'unknown', t.id FROM tickets t"
            "       WHERE t.kind = 'safeguarding' AND t.created_at >= ? AND t.created_at < ?"
            "       AND NOT EXISTS (SELECT 1 FROM safeguarding_alerts s"
            "                       WHERE s.ticket_id = t.id)) AS x"
            " LEFT JOIN tickets t ON t.id = x.ticket_id"
            " GROUP BY language, category ORDER BY language, category",
            (to_db(since), to_db(until), to_db(since), to_db(until)),
        ) as cursor:
            rows = await cursor.fetchall()
        return [AlertCount(r["language"], r["category"], int(r["alerts"]),
                           int(r["false_alarms"] or 0)) for r in rows]
