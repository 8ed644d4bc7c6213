"""The recruitment funnel's figures from the journeys of a period: counts per stage,
conversion from each stage to the next, the same by week and by campaign source, and the
median time from an enquiry to the first contact. Pure functions."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from storage.funnel import STAGES, Journey


@dataclass(frozen=True)
class Row:
    """One line of the funnel: people per stage, and the share of the previous stage."""

    label: str  # a week's Monday (ISO), a source, or "" for the whole period
    counts: tuple[int, ...]

    @property
    def conversions(self) -> tuple[int | None, ...]:
        """Percent of the previous stage that reached this one (None for the first, or
        when the previous stage is empty)."""
        found: list[int | None] = [None]
        for before, after in zip(self.counts, self.counts[1:], strict=False):
            found.append(round(100 * after / before) if before else None)
        return tuple(found)


@dataclass(frozen=True)
class Funnel:
    total: Row
    by_week: tuple[Row, ...]
    by_source: tuple[Row, ...]
    median_to_contact: timedelta | None
    contacted_of_sent: int  # how many the median was taken over


def _row(label: str, journeys: list[Journey]) -> Row:
    return Row(label, tuple(sum(1 for j in journeys if j.has(stage)) for stage in STAGES))


def week_of(moment: datetime, zone: str) -> date:
    local = moment.astimezone(ZoneInfo(zone)).date()
    return local - timedelta(days=local.weekday())


def funnel(journeys: list[Journey], zone: str, no_source: str) -> Funnel:
    weeks: dict[date, list[Journey]] = {}
    sources: dict[str, list[Journey]] = {}
    for journey in journeys:
        weeks.setdefault(week_of(journey.opened_at, zone), []).append(journey)
        sources.setdefault(journey.source or no_source, []).append(journey)
    waits = [j.reached["contacted"] - j.reached["sent"] for j in journeys
             if "sent" in j.reached and "contacted" in j.reached
             and j.reached["contacted"] >= j.reached["sent"]]
    return Funnel(
        _row("", journeys),
        tuple(_row(week.isoformat(), weeks[week]) for week in sorted(weeks)),
        tuple(_row(name, sources[name])
              for name in sorted(sources, key=lambda s: (-len(sources[s]), s))),
        timedelta(seconds=statistics.median(w.total_seconds() for w in waits)) if waits else None,
        len(waits),
    )
