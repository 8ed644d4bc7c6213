"""Files for people on Viber, which takes files by public URL only: a document in the
outbox («Send me my data», a calendar file) becomes a short-lived, single-use link served
by this app at ``/files/{token}``.

Opening the link shows a page with one button; the file is handed over (and deleted) only
when that button is pressed, so a link preview fetching the page does not use it up. The
file lives in the database (``file_links``) until it is taken or expires.
"""

from __future__ import annotations

import html
from datetime import timedelta

from aiohttp import web

from bot.runtime import Runtime
from flows.messages import Rendered
from flows.text import ngettext
from storage import privacy
from storage.repositories import OutboxRow, Repos

ROUTE = "/files/{token}"
LINK_HOURS = 24
GONE = "<!doctype html><meta charset=utf-8><title>⌛</title><p style='font:2em sans-serif'>⌛"


class FileLinks:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        base = runtime.settings.webhook_base_url
        self.public_base = base.rstrip("/") if base else None

    def attach(self, app: web.Application) -> None:
        app.router.add_get(ROUTE, self.page)
        app.router.add_post(ROUTE, self.take)

    async def link(self, row: OutboxRow, rendered: Rendered) -> str | None:
        """Store the row's file behind a new link; the line that tells the person."""
        file = rendered.file
        if self.public_base is None or file is None:
            return None
        now = self.runtime.engine.clock()
        async with self.runtime.db.transaction() as conn:
            person = await Repos(conn).people.get(row.person_id) if row.person_id else None
            token = await privacy.add_file_link(
                conn, person_id=person.id if person else None, name=file.name,
                mime=file.mime, body=file.body, now=now,
                expires_at=now + timedelta(hours=LINK_HOURS))
        locale = person.locale if person else self.runtime.engine.default_locale
        text = ngettext("📎 {name}: {url}\nThe link works once, for {n} hour.",
                        "📎 {name}: {url}\nThe link works once, for {n} hours.", LINK_HOURS,
                        name=file.name, url=f"{self.public_base}/files/{token}")
        return self.runtime.renderer.text(text, locale)

    async def page(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        async with self.runtime.db.reading() as conn:
            live = await privacy.file_link_exists(conn, token, self.runtime.engine.clock())
        if not live:
            return web.Response(status=410, text=GONE, content_type="text/html")
        body = ("<!doctype html><meta charset=utf-8><meta name=viewport"
                " content='width=device-width'><title>📎</title><form method=post>"
                "<button style='font:1.5em sans-serif;padding:1em'>⬇ 📎</button></form>")
        return web.Response(text=body, content_type="text/html",
                            headers={"Cache-Control": "no-store", "X-Robots-Tag": "noindex"})

    async def take(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        async with self.runtime.db.transaction() as conn:
            found = await privacy.take_file_link(conn, token, self.runtime.engine.clock())
        if found is None:
            return web.Response(status=410, text=GONE, content_type="text/html")
        name = html.escape(found.name, quote=True).replace('"', "")
        return web.Response(body=found.body, content_type=found.mime, headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        })
