"""``carebot safeguarding report``: alerts and the desk's false-alarm marks per language and
category over a period, so an agency sees how the detector performs for its people."""

from __future__ import annotations

from datetime import datetime
from typing import TextIO

from storage.db import Database
from storage.repositories import Repos
from storage.safeguarding import AlertCount

COLUMNS = ("language", "category", "alerts", "false alarms", "share")


def rows(counts: list[AlertCount]) -> list[tuple[str, ...]]:
    def line(language: str, category: str, alerts: int, false_alarms: int) -> tuple[str, ...]:
        share = f"{100 * false_alarms / alerts:.0f}%" if alerts else "—"
        return (language, category, str(alerts), str(false_alarms), share)

    out = [line(c.language, c.category, c.alerts, c.false_alarms) for c in counts]
    languages = sorted({c.language for c in counts})
    for language in languages:
        mine = [c for c in counts if c.language == language]
        out.append(line(language, "all", sum(c.alerts for c in mine),
                        sum(c.false_alarms for c in mine)))
    out.append(line("all", "all", sum(c.alerts for c in counts),
                    sum(c.false_alarms for c in counts)))
    return out


async def safeguarding_report(db: Database, since: datetime, until: datetime,
                              out: TextIO) -> int:
    async with db.reading() as conn:
        counts = await Repos(conn).safeguarding.counts(since, until)
    table = [COLUMNS, *rows(counts)]
    widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS))]
    out.write(f"safeguarding alerts from {since:%Y-%m-%d} to {until:%Y-%m-%d} (UTC)\n")
    for row in table:
        out.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
                  .rstrip() + "\n")
    return sum(c.alerts for c in counts)
