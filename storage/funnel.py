"""The recruitment funnel: one journey per person, with when each stage was first reached.

The bot marks the first three stages (opened "become a foster carer", agreed to the
consent, sent an enquiry); staff mark the later ones by moving an enquiry on in the
console. A stage counts as reached when it, or any stage after it, has a time: somebody
approved was, in the funnel, also contacted, even if nobody recorded that step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.times import from_db, from_db_or_none, to_db

STAGES = ("opened", "consented", "sent", "contacted", "info_session", "applied", "approved")
# The enquiry's own stages (storage/pipeline.py) that move a journey on, and how far.
PIPELINE_TO_FUNNEL = {
    "contacted": "contacted",
    "info_session": "info_session",
    "application": "applied",
    "training": "applied",
    "approved": "approved",
}


@dataclass(frozen=True)
class Journey:
    source: str | None
    reached: dict[str, datetime]  # stage → when it was first reached (only those reached)

    @property
    def opened_at(self) -> datetime:
        return self.reached["opened"]

    def has(self, stage: str) -> bool:
        """Reached ``stage`` or any stage after it."""
        return any(later in self.reached for later in STAGES[STAGES.index(stage):])


async def mark(
    conn: aiosqlite.Connection, person_id: int, stage: str, now: datetime,
    source: str | None = None,
) -> None:
    """Note that the person reached ``stage`` now, unless they had before."""
    if stage not in STAGES:
        raise ValueError(f"unknown funnel stage {stage!r}")
    moment = to_db(now)
    await conn.execute(
        "INSERT INTO funnel (person_id, source, opened_at) VALUES (?, ?, ?)"
        " ON CONFLICT (person_id) DO NOTHING",
        (person_id, source, moment),
    )
    if source is not None:
        await conn.execute("UPDATE funnel SET source = ? WHERE person_id = ? AND source IS NULL",
                           (source, person_id))
    if stage != "opened":
        column = f"{stage}_at"  # from STAGES, never from input
        await conn.execute(
            f"UPDATE funnel SET {column} = ? WHERE person_id = ? AND {column} IS NULL",
            (moment, person_id),
        )


async def journeys(
    conn: aiosqlite.Connection, since: datetime, until: datetime, source: str | None = None
) -> list[Journey]:
    """Journeys that began in [since, until), optionally from one source only."""
    sql = "SELECT * FROM funnel WHERE opened_at >= ? AND opened_at < ?"
    params: list[object] = [to_db(since), to_db(until)]
    if source is not None:
        sql += " AND source = ?"
        params.append(source)
    async with conn.execute(sql + " ORDER BY opened_at, id", params) as cursor:
        rows = await cursor.fetchall()
    found = []
    for row in rows:
        reached = {"opened": from_db(row["opened_at"])}
        for stage in STAGES[1:]:
            moment = from_db_or_none(row[f"{stage}_at"])
            if moment is not None:
                reached[stage] = moment
        found.append(Journey(row["source"], reached))
    return found


async def sources(conn: aiosqlite.Connection) -> list[str]:
    async with conn.execute(
        "SELECT DISTINCT source FROM funnel WHERE source IS NOT NULL ORDER BY source"
    ) as cursor:
        return [row["source"] for row in await cursor.fetchall()]
