"""The coordinators' web console under ``/console``: a sub-application of the bot's own
aiohttp app (same process, same database), server-rendered in the staff language.

It is served when ``Settings.console_on`` (CONSOLE_ENABLED=1, or WEBHOOK_BASE_URL set and
CONSOLE_ENABLED not 0); ``/console`` in a private chat with the bot then gives a registered
staff member a single-use sign-in link.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.i18n import load_catalogs
from bot.runtime import Runtime
from bot.webconsole import (
    audit_page,
    auth,
    availability,
    command,
    consultations,
    enquiries,
    export,
    followups,
    overview,
    render,
)
from bot.webconsole.keys import CATALOGS, RUNTIME, SECURE, STAFF_LOCALE

STATIC = Path(__file__).parent / "static"


async def home(request: web.Request) -> web.StreamResponse:
    raise web.HTTPSeeOther("/console/overview")


def build(runtime: Runtime) -> web.Application:
    console = web.Application(middlewares=[auth.guard], client_max_size=auth.MAX_FORM)
    console[RUNTIME] = runtime
    console[CATALOGS] = load_catalogs()
    console[STAFF_LOCALE] = runtime.profile.agency.staff_locale
    console[SECURE] = runtime.settings.public_url.startswith("https://")
    render.setup(console)
    add = console.router
    add.add_get("", home)
    add.add_get("/", home)
    add.add_get("/signin/{token}", auth.signin_page)
    add.add_post("/signin", auth.signin)
    add.add_post("/signout", auth.signout)
    add.add_get("/overview", overview.overview)
    add.add_get("/enquiries", enquiries.listing)
    add.add_get("/enquiries/export.{fmt:csv|xlsx}", export.export)
    add.add_get(r"/enquiries/{id:\d+}", enquiries.detail)
    add.add_post(r"/enquiries/{id:\d+}/{what}", enquiries.change)
    add.add_get("/consultations", consultations.listing)
    add.add_post(r"/consultations/{id:\d+}/{action}", consultations.act)
    add.add_get("/follow-ups", followups.listing)
    add.add_get("/availability", availability.listing)
    add.add_post("/availability/{consultant}/{what}", availability.change)
    add.add_get("/audit", audit_page.audit_log)
    add.add_static("/static/", STATIC, append_version=True)
    return console


def attach(app: web.Application, runtime: Runtime) -> None:
    """Serve the console under /console and answer /console in the bot, when enabled."""
    if not runtime.settings.console_on:
        return
    app.add_subapp("/console", build(runtime))
    command.install(runtime.engine.catalog, runtime.settings.public_url)

    async def forget_command(_app: web.Application) -> None:
        command.uninstall(runtime.engine.catalog)

    app.on_cleanup.append(forget_command)
