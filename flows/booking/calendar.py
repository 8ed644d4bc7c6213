"""The calendar file (.ics) that comes with a booked consultation.

Start and end carry the centre's time zone (``TZID``) with a matching ``VTIMEZONE``, so a
phone shows the right time wherever it is; the location is the centre's address.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from flows.booking.common import contact_phone, place_text
from flows.booking.slots import consultant_of, service_of
from flows.effects import FileBody
from flows.framework import Context
from flows.messages import Outbound
from flows.text import Text, Verbatim, _, join
from storage.bookings import Booking

MIME = "text/calendar"


def ics_file(
    *,
    uid: str,
    starts_at: datetime,
    ends_at: datetime,
    timezone: str,
    summary: str,
    location: str | None,
    description: str,
    stamped_at: datetime,
) -> bytes:
    zone = ZoneInfo(timezone)
    calendar = Calendar()
    calendar.add("prodid", "-//carebot//consultation booking//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamped_at.astimezone(UTC))
    event.add("dtstart", starts_at.astimezone(zone))
    event.add("dtend", ends_at.astimezone(zone))
    event.add("summary", summary)
    if location:
        event.add("location", location)
    event.add("description", description)
    calendar.add_component(event)
    day = starts_at.date()
    calendar.add_missing_timezones(first_date=day - timedelta(days=400),
                                   last_date=day + timedelta(days=400))
    body: bytes = calendar.to_ical()
    return body


def file_name(ctx: Context, booking: Booking) -> str:
    """``Консультація-2026-12-02.ics``: the file is named in the person's language."""
    word = ctx.render(_("Consultation"), ctx.locale).strip() or "consultation"
    safe = "".join(ch if ch.isalnum() else "-" for ch in word)
    day = booking.starts_at.astimezone(ZoneInfo(booking.timezone)).date()
    return f"{safe}-{day.isoformat()}.ics"


def booking_ics(ctx: Context, booking: Booking) -> bytes:
    """The file in the person's language."""
    profile = ctx.profile

    def text(value: Text) -> str:
        return ctx.render(value, ctx.locale)

    found = service_of(profile, booking.service)
    centre = profile.centre(booking.centre) if booking.centre else None
    who = consultant_of(profile, booking.consultant)
    summary = join(found.title.text if found else _("Consultation"), profile.agency.name.text,
                   separator=" · ")
    description = join(
        _("Where: {place}", place=place_text(profile, booking.mode, booking.centre)),
        _("With: {name}, {role}", name=who.display_name, role=who.role.text) if who else None,
        _("To change or cancel, choose “My appointments” in the chat, or call {phone}.",
          phone=Verbatim(contact_phone(profile, booking.centre))),
        separator="\n",
    )
    return ics_file(
        uid=f"booking-{booking.id}@{profile.agency.id}.carebot",
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        timezone=booking.timezone,
        summary=text(summary),
        location=text(centre.address.text) if centre else None,
        description=text(description),
        stamped_at=ctx.now,
    )


def with_calendar(ctx: Context, message: Text, booking: Booking) -> Outbound:
    return Outbound(message, attachment=FileBody(file_name(ctx, booking), MIME,
                                                 booking_ics(ctx, booking)))
