"""``carebot bookings list``: one day's consultations, for the centre's staff.

A booking belongs to the day it starts on in its own time zone (the centre's). Topics and
centres are written in the staff language.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.i18n import Renderer
from flows.booking.slots import consultant_of, service_of
from flows.profile import Profile
from storage.bookings import Booking
from storage.db import Database
from storage.repositories import Repos

REMOTE = "remote"
COLUMNS = ("id", "time", "centre", "mode", "consultant", "topic", "for", "phone", "language",
           "status")


def booking_row(booking: Booking, profile: Profile, renderer: Renderer) -> dict[str, str]:
    staff = profile.agency.staff_locale
    zone = ZoneInfo(booking.timezone)
    start, end = booking.starts_at.astimezone(zone), booking.ends_at.astimezone(zone)
    service = service_of(profile, booking.service)
    consultant = consultant_of(profile, booking.consultant)
    centre = profile.centre(booking.centre) if booking.centre else None
    return {
        "id": str(booking.id),
        "time": f"{start:%H:%M}-{end:%H:%M}",
        "centre": renderer.text(centre.name.text, staff) if centre else REMOTE,
        "mode": booking.mode,
        "consultant": consultant.name if consultant else booking.consultant,
        "topic": renderer.text(service.title.text, staff) if service else booking.service,
        "for": booking.for_whom + (" (consent)" if booking.child_consent else ""),
        "phone": booking.phone or "",
        "language": booking.locale,
        "status": booking.status,
    }


async def day_bookings(
    db: Database, day: date, *, centre: str | None = None, every_status: bool = False
) -> list[Booking]:
    # Wide enough for every time zone; each booking is then placed on its own local day.
    start = datetime.combine(day, time(0), tzinfo=UTC) - timedelta(days=1)
    statuses = ("booked", "cancelled", "rescheduled") if every_status else ("booked",)
    async with db.reading() as conn:
        found = await Repos(conn).bookings.between(start, start + timedelta(days=3),
                                                   statuses=statuses)
    return [
        b for b in found
        if b.starts_at.astimezone(ZoneInfo(b.timezone)).date() == day
        and (centre is None or (b.centre or REMOTE) == centre)
    ]


def write_table(rows: list[dict[str, str]], out: TextIO) -> None:
    widths = {c: max([len(c), *(len(r[c]) for r in rows)]) for c in COLUMNS}
    out.write("  ".join(c.ljust(widths[c]) for c in COLUMNS).rstrip() + "\n")
    for row in rows:
        out.write("  ".join(row[c].ljust(widths[c]) for c in COLUMNS).rstrip() + "\n")


async def list_bookings(
    db: Database,
    profile: Profile,
    renderer: Renderer,
    day: date,
    out: TextIO,
    *,
    centre: str | None = None,
    every_status: bool = False,
) -> int:
    bookings = await day_bookings(db, day, centre=centre, every_status=every_status)
    write_table([booking_row(b, profile, renderer) for b in bookings], out)
    return len(bookings)
