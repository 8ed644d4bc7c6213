"""``carebot bookings list``: the coming consultations (or one day's), for the centre's
staff.

A booking belongs to the day it starts on in its own time zone (the centre's). Topics,
centres, modes, for whom and status are written in the staff language; the name is the one
the person gave in their latest enquiry, when they sent one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.i18n import Renderer
from flows.booking.choose import MODE_LABELS
from flows.booking.common import for_whom_text
from flows.booking.slots import consultant_of, service_of
from flows.profile import Profile
from flows.text import Text, _
from storage.bookings import Booking
from storage.db import Database
from storage.repositories import Repos

REMOTE = "remote"
WINDOW_DAYS = 7  # without --date: today and the six days after it
COLUMNS = ("id", "date", "time", "centre", "mode", "consultant", "topic", "for", "name",
           "phone", "language", "status")
STATUS_LABELS: dict[str, Text] = {
    # TRANSLATORS: staff only: the state of a consultation in `carebot bookings list`.
    "booked": _("booked"),
    # TRANSLATORS: staff only: the state of a consultation in `carebot bookings list`.
    "cancelled": _("cancelled"),
    # TRANSLATORS: staff only: the state of a consultation in `carebot bookings list`.
    "rescheduled": _("moved to another time"),
}


def booking_row(
    booking: Booking, profile: Profile, renderer: Renderer, name: str = ""
) -> dict[str, str]:
    staff = profile.agency.staff_locale
    zone = ZoneInfo(booking.timezone)
    start, end = booking.starts_at.astimezone(zone), booking.ends_at.astimezone(zone)
    service = service_of(profile, booking.service)
    consultant = consultant_of(profile, booking.consultant)
    centre = profile.centre(booking.centre) if booking.centre else None
    mode = MODE_LABELS.get(booking.mode)
    status = STATUS_LABELS.get(booking.status)
    return {
        "id": str(booking.id),
        "date": f"{start:%Y-%m-%d}",
        "time": f"{start:%H:%M}-{end:%H:%M}",
        "centre": renderer.text(centre.name.text, staff) if centre else REMOTE,
        "mode": renderer.text(mode, staff) if mode else booking.mode,
        "consultant": consultant.name if consultant else booking.consultant,
        "topic": renderer.text(service.title.text, staff) if service else booking.service,
        "for": renderer.text(for_whom_text(booking.for_whom, booking.child_consent,
                                           staff=True), staff),
        "name": name or "-",
        "phone": booking.phone or "",
        "language": booking.locale,
        "status": renderer.text(status, staff) if status else booking.status,
    }


async def day_bookings(
    db: Database, day: date, *, centre: str | None = None, every_status: bool = False,
    days: int = 1,
) -> tuple[list[Booking], dict[int, str]]:
    """The bookings on ``days`` days from ``day``, and the names their people gave."""
    # Wide enough for every time zone; each booking is then placed on its own local day.
    start = datetime.combine(day, time(0), tzinfo=UTC) - timedelta(days=1)
    statuses = ("booked", "cancelled", "rescheduled") if every_status else ("booked",)
    last = day + timedelta(days=days - 1)
    async with db.reading() as conn:
        repos = Repos(conn)
        found = await repos.bookings.between(start, start + timedelta(days=days + 2),
                                             statuses=statuses)
        chosen = [
            b for b in found
            if day <= b.starts_at.astimezone(ZoneInfo(b.timezone)).date() <= last
            and (centre is None or (b.centre or REMOTE) == centre)
        ]
        people = sorted({b.person_id for b in chosen if b.person_id is not None})
        names = await repos.enquiries.latest_names(people)
    return chosen, names


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
    days: int = 1,
) -> int:
    bookings, names = await day_bookings(db, day, centre=centre, every_status=every_status,
                                         days=days)
    rows = [booking_row(b, profile, renderer, names.get(b.person_id or 0, ""))
            for b in bookings]
    write_table(rows, out)
    return len(bookings)
