"""Unfinished enquiries: who agreed to the consent and stopped part-way, where, and whether
their one reminder is still to come, was sent, or was declined. No names: people give
theirs only at the end."""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web

from bot.webconsole.enquiries import allowed
from bot.webconsole.keys import RUNTIME
from bot.webconsole.render import page
from storage import follow_ups


async def listing(request: web.Request) -> web.Response:
    allowed(request)
    runtime = request.app[RUNTIME]
    hours = runtime.profile.screening.follow_up_hours
    async with runtime.db.reading() as conn:
        found = await follow_ups.unfinished(conn)
    questions = {q.id: n for n, q in enumerate(runtime.profile.screening.questions, 1)}
    rows = []
    for item in found:
        due = item.updated_at + timedelta(hours=hours) if hours else None
        rows.append({"item": item, "due": due,
                     "position": questions.get(item.position or "", item.position or "—")})
    return page(request, "followups.html", rows=rows, total=len(questions), hours=hours)
