"""The audit log, for supervisors: who did what and when, by ids only."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.webconsole import forms
from bot.webconsole.keys import RUNTIME, Refused, signed_in
from bot.webconsole.render import page, timezone
from storage import audit
from storage.repositories import Repos

SHOWN = 500


async def audit_log(request: web.Request) -> web.Response:
    signed = signed_in(request)
    if not signed.supervisor:
        raise Refused
    runtime = request.app[RUNTIME]
    zone = timezone(request)
    today = runtime.engine.clock().astimezone(ZoneInfo(zone)).date()
    first, last = forms.period(request.query, zone, today, default_days=7)
    entries = await audit.list_entries(runtime.db, since=forms.start_of(first, zone))
    until = forms.start_of(last + timedelta(days=1), zone)
    entries = [e for e in entries if e.at < until][-SHOWN:][::-1]
    async with runtime.db.reading() as conn:
        staff = {m.telegram_user_id: m.name for m in await Repos(conn).staff.all()}
    return page(request, "audit.html", entries=entries, staff=staff, first=first.isoformat(),
                last=last.isoformat())
