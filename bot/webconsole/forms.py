"""Reading query strings and forms without trusting them: a bad value is no value."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_FIELD = 2000


def text(source: Mapping[str, object], key: str, limit: int = 200) -> str:
    value = source.get(key)
    return value.strip()[:limit] if isinstance(value, str) else ""


def choice(source: Mapping[str, object], key: str, allowed: tuple[str, ...] | list[str]
           ) -> str | None:
    value = text(source, key)
    return value if value in allowed else None


def day(source: Mapping[str, object], key: str) -> date | None:
    value = text(source, key, 10)
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def number(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 12 else None


def start_of(on: date, zone: str) -> datetime:
    """Midnight of a local day, as UTC."""
    return datetime.combine(on, time(0, 0), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def period(source: Mapping[str, object], zone: str, today: date,
           default_days: int = 28) -> tuple[date, date]:
    """The ``from``/``to`` days asked for (both included), or the last ``default_days``."""
    first, last = day(source, "from"), day(source, "to")
    last = last or today
    first = first or last - timedelta(days=default_days - 1)
    if first > last:
        first, last = last, first
    if (last - first).days > 3 * 366:
        first = last - timedelta(days=3 * 366)
    return first, last
