"""The overview: the recruitment funnel of a period (chart, by week, by source), open
tickets per queue with their waiting time and SLA state, consultations today and this week."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.webconsole import forms
from bot.webconsole.keys import RUNTIME, STAFF_LOCALE, signed_in
from bot.webconsole.render import gettext, page, timezone
from bot.webconsole.report import funnel
from storage import console_overview
from storage import funnel as journeys
from storage.funnel import STAGES


def stage_labels(request: web.Request) -> list[str]:
    _ = lambda msgid: gettext(request, msgid)  # noqa: E731
    return [
        # TRANSLATORS: staff only: funnel stages in the coordinators' console.
        _("Opened “Become a foster carer”"), _("Agreed to the consent"),
        _("Sent an enquiry"), _("Contacted"), _("Information session"), _("Applied"),
        _("Approved"),
    ]


async def overview(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    signed = signed_in(request)
    zone = timezone(request)
    now = runtime.engine.clock()
    today = now.astimezone(ZoneInfo(zone)).date()
    first, last = forms.period(request.query, zone, today)
    source = forms.text(request.query, "source", 64) or None
    since, until = forms.start_of(first, zone), forms.start_of(last + timedelta(days=1), zone)
    week_start = today - timedelta(days=today.weekday())
    async with runtime.db.reading() as conn:
        found = await journeys.journeys(conn, since, until, source)
        known_sources = await journeys.sources(conn)
        queues = await console_overview.open_tickets(conn)
        today_count = await console_overview.consultations_between(
            conn, forms.start_of(today, zone), forms.start_of(today + timedelta(days=1), zone))
        week_count = await console_overview.consultations_between(
            conn, forms.start_of(week_start, zone),
            forms.start_of(week_start + timedelta(days=7), zone))
    figures = funnel(found, zone, gettext(request, "(no source)"))
    loads = []
    for load in queues:
        if not signed.sees(load.queue):
            continue
        queue = runtime.profile.queue(load.queue)
        target = timedelta(minutes=queue.first_response_minutes) if queue else None
        waiting = now - load.oldest_unanswered if load.oldest_unanswered else None
        late = bool(target and waiting and waiting > target)
        name = runtime.renderer.text(queue.name.text, request.app[STAFF_LOCALE]) if queue \
            else load.queue
        loads.append({"name": name, "open": load.open, "unanswered": load.unanswered,
                      "waiting": _minutes(waiting), "target": _minutes(target), "late": late})
    return page(request, "overview.html", figures=figures, stages=stage_labels(request),
                stage_ids=STAGES, first=first.isoformat(), last=last.isoformat(),
                source=source or "", sources=known_sources, loads=loads,
                today_count=today_count, week_count=week_count)


def _minutes(span: timedelta | None) -> int | None:
    return int(span.total_seconds() // 60) if span is not None else None
