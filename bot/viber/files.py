"""Files the bot attaches to a message (a booking's calendar file), for Viber people.

Viber takes media by URL only, so a message's attachment, kept in its outbox row, is
served at ``GET /files/{row}/{expires}/{signature}/{name}`` on the bot's own web server
(``WEBHOOK_BASE_URL``). The signature is an HMAC of the row, the expiry and the name with
a key derived from the Viber token, so links cannot be guessed or altered, and each one
works for ``LINK_SECONDS`` only.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from flows.messages import Rendered
from storage.db import Database
from storage.repositories import Repos

ROUTE = "/files/{row}/{expires}/{signature}/{name}"
# Long enough for Viber to fetch the file and for the person to open it that day.
LINK_SECONDS = 24 * 3600


class FileLinks:
    def __init__(self, db: Database, public_base: str, token: str,
                 clock: Callable[[], datetime]) -> None:
        self.db = db
        self.public_base = public_base.rstrip("/")
        self._key = hmac.new(token.encode(), b"carebot files", hashlib.sha256).digest()
        self.clock = clock

    def attach(self, app: web.Application) -> None:
        app.router.add_get(ROUTE, self.serve)

    def _sign(self, row: int, expires: int, name: str) -> str:
        message = f"{row}:{expires}:{name}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:32]

    def url(self, row: int, name: str) -> str:
        expires = int(self.clock().timestamp()) + LINK_SECONDS
        safe = "".join(c for c in name if c.isalnum() or c in "-_.") or "file"
        return (f"{self.public_base}/files/{row}/{expires}/{self._sign(row, expires, safe)}"
                f"/{safe}")

    async def serve(self, request: web.Request) -> web.StreamResponse:
        info = request.match_info
        row_s, expires_s, name = info["row"], info["expires"], info["name"]
        if not (row_s.isdigit() and expires_s.isdigit()) or len(row_s) > 18 \
                or len(expires_s) > 12:
            raise web.HTTPNotFound()
        row_id, expires = int(row_s), int(expires_s)
        wanted = self._sign(row_id, expires, name)
        if not hmac.compare_digest(wanted, info["signature"]) \
                or expires < self.clock().timestamp():
            raise web.HTTPNotFound()
        async with self.db.reading() as conn:
            row = await Repos(conn).outbox.get(row_id)
        rendered = Rendered.from_json(row.payload) if row is not None else None
        if rendered is None or not rendered.attachment_b64:
            raise web.HTTPNotFound()
        try:
            body = base64.b64decode(rendered.attachment_b64, validate=True)
        except (binascii.Error, ValueError):
            raise web.HTTPNotFound() from None
        return web.Response(body=body, headers={
            "Content-Type": rendered.attachment_mime or "application/octet-stream",
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store",
            "X-Robots-Tag": "noindex",
        })
