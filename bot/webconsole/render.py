"""Templates in the staff language: Jinja2 through aiohttp-jinja2, with ``_`` and
``ngettext`` from the project's Babel catalogs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp_jinja2
import jinja2
from aiohttp import web
from babel import dates
from babel.support import Translations

from bot.webconsole.keys import CATALOGS, RUNTIME, SIGNED, SIGNED_OUT, STAFF_LOCALE


def setup(app: web.Application) -> None:
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.PackageLoader("bot.webconsole", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
    )


def translations(request: web.Request) -> Translations:
    return request.app[CATALOGS][request.app[STAFF_LOCALE]]


def gettext(request: web.Request, msgid: str) -> str:
    return translations(request).gettext(msgid)


def timezone(request: web.Request) -> str:
    return request.app[RUNTIME].profile.centres[0].timezone


def when(request: web.Request, moment: datetime | None, *, zone: str | None = None,
         style: str = "d MMM y, HH:mm") -> str:
    """A moment in the staff language and the agency's (or a centre's) time zone."""
    if moment is None:
        return "—"
    local = moment.astimezone(ZoneInfo(zone or timezone(request)))
    return dates.format_datetime(local, style, locale=request.app[STAFF_LOCALE])


def page(request: web.Request, template: str, status: int = 200,
         **context: Any) -> web.Response:
    catalog = translations(request)
    signed = None if request.get(SIGNED_OUT) else request.get(SIGNED)
    context.update(
        _=catalog.gettext, ngettext=catalog.ngettext, signed=signed,
        csrf=signed.csrf if signed else "", lang=request.app[STAFF_LOCALE],
        when=lambda moment, **kw: when(request, moment, **kw),
        agency=request.app[RUNTIME].renderer.text(
            request.app[RUNTIME].profile.agency.name.text, request.app[STAFF_LOCALE]),
        now=datetime.now(UTC),
        path=request.path,
    )
    response = aiohttp_jinja2.render_template(template, request, context, status=status)
    response.headers.update({
        "Cache-Control": "no-store", "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
    })
    return response
