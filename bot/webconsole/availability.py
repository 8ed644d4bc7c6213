"""Availability: each consultant's weekly hours, days off and one-off absences, edited in
the console and stored on top of the profile; the times people are offered change at once
(flows/booking/edited.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiohttp import web
from pydantic import ValidationError

from bot.webconsole import forms
from bot.webconsole.consultations import allowed
from bot.webconsole.keys import RUNTIME, form_of
from bot.webconsole.render import page, timezone
from flows.profile import WEEKDAYS, Availability
from storage import audit
from storage import availability as store
from storage.availability import WeeklyHours

REMOTE = "remote"
MAX_LINES = 50


def lines_of(hours: list[WeeklyHours]) -> str:
    return "\n".join(f"{h.weekday} {h.starts}-{h.ends} {h.centre or REMOTE}" for h in hours)


def parse(text: str, centres: set[str]) -> list[WeeklyHours] | None:
    """``mon 10:00-14:00 tbilisi`` per line (``remote`` for phone and video); None when a
    line is not like that."""
    found = []
    lines = [line.split() for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_LINES:
        return None
    for words in lines:
        if len(words) != 3 or words[0].lower() not in WEEKDAYS:
            return None
        centre = None if words[2].lower() == REMOTE else words[2]
        if centre is not None and centre not in centres:
            return None
        try:
            Availability.model_validate({"weekday": words[0].lower(), "hours": words[1],
                                         "centre": centre})
        except ValidationError:
            return None
        starts, ends = words[1].split("-")
        found.append(WeeklyHours(words[0].lower(), starts, ends, centre))
    return found


async def listing(request: web.Request) -> web.Response:
    allowed(request)
    runtime = request.app[RUNTIME]
    now = runtime.engine.clock()
    async with runtime.db.reading() as conn:
        edited = await store.weekly_hours(conn)
        away = await store.absences(conn, now)
    people = []
    for consultant in runtime.profile.consultants:
        hours = edited.get(consultant.id) or [
            WeeklyHours(a.weekday, a.hours.split("-")[0], a.hours.split("-")[1], a.centre)
            for a in consultant.availability]
        people.append({"id": consultant.id, "name": consultant.name,
                       "hours": lines_of(hours), "edited": consultant.id in edited,
                       "away": [a for a in away if a.consultant == consultant.id]})
    return page(request, "availability.html", people=people,
                centres=[c.id for c in runtime.profile.centres])


def _local(value: str, zone: str) -> datetime | None:
    for pattern in ("%Y-%m-%dT%H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).replace(tzinfo=ZoneInfo(zone))
        except ValueError:
            continue
    return None


async def change(request: web.Request) -> web.StreamResponse:
    signed = allowed(request)
    runtime = request.app[RUNTIME]
    consultant = request.match_info.get("consultant", "")
    what = request.match_info.get("what", "")
    if consultant not in {c.id for c in runtime.profile.consultants}:
        return page(request, "message.html", status=404, reason="not_found")
    form = form_of(request)
    now = runtime.engine.clock()
    actor = signed.member.telegram_user_id
    zone = timezone(request)
    async with runtime.db.transaction() as conn:
        if what == "hours":
            hours = parse(forms.text(form, "hours", forms.MAX_FIELD),
                          {c.id for c in runtime.profile.centres})
            if hours is None:
                return page(request, "message.html", status=400, reason="bad_hours")
            await store.replace_hours(conn, consultant, hours, actor, now)
        elif what == "away":
            starts = _local(forms.text(form, "from", 16), zone)
            ends = _local(forms.text(form, "to", 16), zone)
            if starts is not None and ends is not None and len(forms.text(form, "to")) == 10:
                ends += timedelta(days=1)  # a day off lasts until that day's end
            if starts is None or ends is None or ends <= starts:
                return page(request, "message.html", status=400, reason="bad_time")
            await store.add_absence(conn, consultant, starts, ends, actor, now)
        elif what == "back":
            number = forms.number(forms.text(form, "absence", 12))
            if number is not None:
                await store.remove_absence(conn, number)
        else:
            return page(request, "message.html", status=404, reason="not_found")
        await audit.record(conn, staff_id=actor, action=f"console_availability_{what}",
                           detail=consultant, now=now)
    raise web.HTTPSeeOther("/console/availability")
