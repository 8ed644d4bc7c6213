"""Business hours: is a queue staffed now, and when will someone be back."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flows.profile import Hours


def is_open(hours: Hours, timezone: str, moment: datetime) -> bool:
    local = moment.astimezone(ZoneInfo(timezone))
    return any(start <= local.time() < end for start, end in hours.spans(local.weekday()))


def next_opening(hours: Hours, timezone: str, moment: datetime) -> datetime | None:
    """The next moment the hours begin, within a week; None when never open."""
    zone = ZoneInfo(timezone)
    local = moment.astimezone(zone)
    for days_ahead in range(8):
        day = (local + timedelta(days=days_ahead)).date()
        for start, _end in sorted(hours.spans(day.weekday())):
            opening = datetime.combine(day, start, tzinfo=zone)
            if opening > local:
                return opening
    return None
