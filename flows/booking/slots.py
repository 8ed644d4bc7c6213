"""Free consultation times, from the profile alone: pure functions, no database.

A consultant's weekly availability (``mon 10:00-14:00 at tbilisi``) is wall-clock time in
the centre's time zone, so it is laid out day by day in that zone with ``zoneinfo`` and
only then turned into UTC: a 10:00 slot stays at 10:00 local time on both sides of a
daylight-saving change. A wall-clock time that does not exist that day (the hour skipped
in spring) is left out; one that happens twice (the hour repeated in autumn) is taken
the first time.

Slots start every ``slot_minutes + buffer_minutes`` from the start of each availability
span. A consultation lasts the service's ``duration_minutes`` (no longer than the span
left), and the consultant keeps ``buffer_minutes`` free after each one. A slot is free
when it starts at least ``min_notice_hours`` from now, within ``horizon_days``, not on a
holiday, and overlaps none of the consultant's bookings (with their buffer).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flows.profile import WEEKDAYS, Consultant, Mode, Profile, Service


@dataclass(frozen=True)
class Busy:
    """Time a consultant is already booked."""

    consultant: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Slot:
    consultant: str
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    centre: str | None  # None: remote
    timezone: str


def timezone_for(profile: Profile, centre: str | None) -> str:
    """The centre's time zone; remote consultations use the agency's first centre's."""
    found = profile.centre(centre) if centre is not None else None
    return (found or profile.centres[0]).timezone


def service_of(profile: Profile, service_id: str) -> Service | None:
    return next((s for s in profile.services if s.id == service_id), None)


def consultant_of(profile: Profile, consultant_id: str) -> Consultant | None:
    return next((c for c in profile.consultants if c.id == consultant_id), None)


def consultants_for(
    profile: Profile, service: str, language: str | None = None
) -> list[Consultant]:
    """Consultants who offer the service (and speak the language, when one is given)."""
    return [
        c for c in profile.consultants
        if service in c.services and (language is None or language in c.languages)
    ]


def centres_for(profile: Profile, service: str, language: str | None = None) -> list[str]:
    """Centres where a consultant offers this service in person, in profile order."""
    used = {
        a.centre
        for c in consultants_for(profile, service, language)
        for a in c.availability
        if a.centre is not None
    }
    return [centre.id for centre in profile.centres if centre.id in used]


def offers_remote(profile: Profile, service: str, language: str | None = None) -> bool:
    """Whether a consultant has remote hours (no centre) for this service."""
    return any(a.centre is None for c in consultants_for(profile, service, language)
               for a in c.availability)


def _wall_clock(day: date, at: time, zone: ZoneInfo) -> datetime | None:
    """``day`` at ``at`` in ``zone`` as UTC, or None when that time does not exist."""
    local = datetime.combine(day, at).replace(tzinfo=zone, fold=0)
    moment = local.astimezone(UTC)
    back = moment.astimezone(zone)
    if (back.date(), back.time()) != (day, at.replace(tzinfo=None)):
        return None  # skipped by a daylight-saving change
    return moment


def _span_end(day: date, end: time, zone: ZoneInfo) -> datetime:
    if end == time.max:  # "24:00"
        return _first_existing(day + timedelta(days=1), time(0, 0), zone)
    return _first_existing(day, end, zone)


def _first_existing(day: date, at: time, zone: ZoneInfo) -> datetime:
    found = _wall_clock(day, at, zone)
    while found is None:  # inside a skipped hour: the first minute that exists
        at = (datetime.combine(day, at) + timedelta(minutes=1)).time()
        found = _wall_clock(day, at, zone)
    return found


def _overlaps(start: datetime, end: datetime, busy: list[Busy], buffer: timedelta) -> bool:
    return any(start < b.ends_at + buffer and b.starts_at < end + buffer for b in busy)


def free_slots(
    profile: Profile,
    *,
    service: str,
    mode: Mode,
    centre: str | None,
    language: str | None,
    now: datetime,
    busy: Iterable[Busy] = (),
) -> list[Slot]:
    """Every free slot for this service, mode and place, soonest first.

    ``centre`` is used for ``in_person``; phone and video use the consultants' remote
    availability (entries without a centre). ``language`` keeps the consultants who
    speak it; None keeps everybody.
    """
    found = service_of(profile, service)
    if found is None or mode not in found.modes:
        return []
    where = centre if mode == "in_person" else None
    if mode == "in_person" and profile.centre(centre or "") is None:
        return []
    rules = profile.booking
    tz_name = timezone_for(profile, where)
    zone = ZoneInfo(tz_name)
    length = timedelta(minutes=found.duration_minutes)
    buffer = timedelta(minutes=rules.buffer_minutes)
    step = timedelta(minutes=rules.slot_minutes + rules.buffer_minutes)
    earliest = now + timedelta(hours=rules.min_notice_hours)
    holidays = set(rules.holidays)
    today = now.astimezone(zone).date()
    days = [today + timedelta(days=n) for n in range(rules.horizon_days)]
    taken: dict[str, list[Busy]] = {}
    for item in busy:
        taken.setdefault(item.consultant, []).append(item)
    slots: list[Slot] = []
    for consultant in consultants_for(profile, service, language):
        mine = taken.get(consultant.id, [])
        for rule in consultant.availability:
            if rule.centre != where:
                continue
            weekday = WEEKDAYS.index(rule.weekday)
            span_start_text, span_end_text = rule.hours.split("-")
            span_start = time.fromisoformat(span_start_text)
            span_end = time.max if span_end_text == "24:00" else time.fromisoformat(
                span_end_text)
            for day in days:
                if day.weekday() != weekday or day in holidays:
                    continue
                closes = _span_end(day, span_end, zone)
                cursor = datetime.combine(day, span_start)
                while cursor.date() == day:
                    start = _wall_clock(day, cursor.time(), zone)
                    cursor += step
                    if start is None:
                        continue
                    end = start + length
                    if end > closes:
                        break
                    if start < earliest or _overlaps(start, end, mine, buffer):
                        continue
                    slots.append(Slot(consultant.id, start, end, where, tz_name))
    order = {c.id: n for n, c in enumerate(profile.consultants)}
    return sorted(slots, key=lambda s: (s.starts_at, order.get(s.consultant, 0)))


def local_day(slot: Slot) -> date:
    return slot.starts_at.astimezone(ZoneInfo(slot.timezone)).date()


def days_with_slots(slots: Iterable[Slot]) -> list[date]:
    """The local days that have at least one free slot, in order."""
    return sorted({local_day(slot) for slot in slots})


def starts_on(slots: Iterable[Slot], day: date) -> list[datetime]:
    """The distinct free start times of one local day (several consultants may share one)."""
    return sorted({slot.starts_at for slot in slots if local_day(slot) == day})


def next_starts(slots: Iterable[Slot], after: datetime, count: int) -> list[datetime]:
    """The next ``count`` distinct free start times from ``after`` on."""
    return sorted({slot.starts_at for slot in slots if slot.starts_at >= after})[:count]


def stamp(moment: datetime) -> str:
    """A short, stable id for a start time (UTC), for choice ids: ``202611251000``."""
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M")


def from_stamp(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y%m%d%H%M").replace(tzinfo=UTC)
    except ValueError:
        return None
