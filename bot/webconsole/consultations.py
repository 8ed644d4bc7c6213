"""Consultations: a day or a week per centre and consultant, with the person's name, the
topic, the mode and the phone; attended or no-show; staff move or cancel a booking and the
person is told in their language (storage/console_bookings.py, then the engine)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.booking_list import REMOTE, booking_row, day_bookings
from bot.webconsole import forms
from bot.webconsole.keys import (
    BOOKINGS_QUEUE,
    RUNTIME,
    STAFF_LOCALE,
    Refused,
    Signed,
    form_of,
    signed_in,
)
from bot.webconsole.render import page, timezone
from storage import audit, console_bookings
from storage.bookings import Bookings, SlotTaken

ACTIONS = ("attended", "no_show", "clear", "cancel", "move")


def allowed(request: web.Request) -> Signed:
    signed = signed_in(request)
    if not signed.sees(BOOKINGS_QUEUE):
        raise Refused
    return signed


async def listing(request: web.Request) -> web.Response:
    allowed(request)
    runtime = request.app[RUNTIME]
    profile, staff = runtime.profile, request.app[STAFF_LOCALE]
    zone = timezone(request)
    today = runtime.engine.clock().astimezone(ZoneInfo(zone)).date()
    day = forms.day(request.query, "day") or today
    view = forms.choice(request.query, "view", ("day", "week")) or "day"
    centres = [c.id for c in profile.centres] + [REMOTE]
    centre = forms.choice(request.query, "centre", centres)
    consultant = forms.choice(request.query, "consultant", [c.id for c in profile.consultants])
    first = day - timedelta(days=day.weekday()) if view == "week" else day
    bookings, names = await day_bookings(runtime.db, first, centre=centre,
                                         days=7 if view == "week" else 1)
    if consultant is not None:
        bookings = [b for b in bookings if b.consultant == consultant]
    async with runtime.db.reading() as conn:
        marks = await console_bookings.attendance_of(conn, [b.id for b in bookings])
    rows = []
    for booking in bookings:
        row: dict[str, object] = dict(booking_row(booking, profile, runtime.renderer,
                                                  names.get(booking.person_id or 0, "")))
        local = booking.starts_at.astimezone(ZoneInfo(booking.timezone))
        rows.append({**row, "reference": booking.reference, "attendance": marks.get(booking.id),
                     "past": booking.starts_at <= runtime.engine.clock(),
                     "local_start": f"{local:%Y-%m-%dT%H:%M}"})
    days: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        days.setdefault(str(row["date"]), []).append(row)
    return page(request, "consultations.html", days=days, view=view, day=day.isoformat(),
                previous=(first - timedelta(days=7 if view == "week" else 1)).isoformat(),
                following=(first + timedelta(days=7 if view == "week" else 1)).isoformat(),
                centre=centre or "", consultant=consultant or "",
                centres={c.id: runtime.renderer.text(c.name.text, staff)
                         for c in profile.centres},
                consultants={c.id: c.name for c in profile.consultants}, count=len(rows))


async def act(request: web.Request) -> web.StreamResponse:
    signed = allowed(request)
    runtime = request.app[RUNTIME]
    number = forms.number(request.match_info.get("id", ""))
    action = request.match_info.get("action", "")
    form = form_of(request)
    now = runtime.engine.clock()
    actor = signed.member.telegram_user_id
    back = forms.text(form, "back", 300)
    if not back.startswith("/console/consultations"):
        back = "/console/consultations"
    if action not in ACTIONS or number is None:
        return page(request, "message.html", status=404, reason="not_found")
    async with runtime.db.transaction() as conn:
        booking = await Bookings(conn).get(number)
        if booking is None or booking.status != "booked":
            return page(request, "message.html", status=404, reason="not_found")
        if action in ("attended", "no_show", "clear"):
            await console_bookings.set_attendance(
                conn, booking.id, None if action == "clear" else action, now)
        elif action == "cancel":
            await console_bookings.cancel(conn, booking, now)
        else:
            starts = _local(forms.text(form, "starts", 16), booking.timezone)
            if starts is None or starts <= now:
                return page(request, "message.html", status=400, reason="bad_time")
            try:
                await console_bookings.move(conn, booking, starts, now,
                                            runtime.profile.booking.reminder_hours)
            except SlotTaken:
                return page(request, "message.html", status=409, reason="taken")
        await audit.record(conn, staff_id=actor, action=f"console_booking_{action}",
                           person_id=booking.person_id, detail=booking.reference, now=now)
    runtime.engine.committed.set()
    raise web.HTTPSeeOther(back)


def _local(value: str, zone: str) -> datetime | None:
    """``2026-11-25T10:00`` in the booking's own time zone, as an aware moment."""
    try:
        moment = datetime.strptime(value, "%Y-%m-%dT%H:%M")
    except ValueError:
        return None
    return moment.replace(tzinfo=ZoneInfo(zone))
