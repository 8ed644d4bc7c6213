"""Files staff send to people on Viber, who receive media by URL only.

A staff member's photo or file is fetched from Telegram into a folder next to the
database, under a long random name, and served at ``GET /desk-media/{name}`` on the bot's
own web server; Viber fetches it from ``WEBHOOK_BASE_URL``. Files are deleted after a few
days: they are copies of what the person already has.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from aiogram import Bot
from aiohttp import web

log = logging.getLogger(__name__)

ROUTE = "/desk-media/{name}"
KEEP_SECONDS = 7 * 24 * 3600.0
_NAME = re.compile(r"^[A-Za-z0-9_-]{20,64}(\.[A-Za-z0-9]{1,8})?$")


@dataclass(frozen=True)
class Stored:
    name: str
    size: int
    url: str


def media_folder(database_path: str) -> Path:
    """``desk-media`` beside the database file (or the working folder for ``:memory:``)."""
    on_file = database_path != ":memory:" and "://" not in database_path  # not PostgreSQL
    base = Path(database_path).resolve().parent if on_file else Path.cwd()
    return base / "desk-media"


def suffix_of(file_name: str | None, default: str) -> str:
    suffix = Path(file_name or "").suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else default


class MediaStore:
    def __init__(self, folder: Path, public_base: str | None) -> None:
        self.folder = folder
        self.public_base = public_base.rstrip("/") if public_base else None

    @property
    def can_serve(self) -> bool:
        """Viber can only fetch from a public URL."""
        return self.public_base is not None

    def attach(self, app: web.Application) -> None:
        app.router.add_get(ROUTE, self.serve)

    def url(self, name: str) -> str:
        assert self.public_base is not None
        return f"{self.public_base}/desk-media/{name}"

    async def fetch(self, bot: Bot, file_id: str, file_name: str | None,
                    default_suffix: str) -> Stored:
        """Download one Telegram file; raises what aiogram raises when it cannot."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        name = secrets.token_urlsafe(24) + suffix_of(file_name, default_suffix)
        path = self.folder / name
        try:
            await bot.download(file_id, destination=path)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return Stored(name, path.stat().st_size, self.url(name))

    def discard(self, name: str) -> None:
        (self.folder / name).unlink(missing_ok=True)

    async def serve(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        path = self.folder / name
        if not _NAME.match(name) or not path.is_file():
            raise web.HTTPNotFound()
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return web.FileResponse(path, headers={
            "Content-Type": content_type,
            "Cache-Control": "private, no-store",
            "X-Robots-Tag": "noindex",
        })

    def cleanup(self, keep_seconds: float = KEEP_SECONDS) -> int:
        """Delete files older than ``keep_seconds``; how many went."""
        if not self.folder.is_dir():
            return 0
        limit = time.time() - keep_seconds
        removed = 0
        with os.scandir(self.folder) as entries:
            for entry in entries:
                if entry.is_file() and entry.stat().st_mtime < limit:
                    Path(entry.path).unlink(missing_ok=True)
                    removed += 1
        if removed:
            log.info("desk media: %s old file(s) deleted", removed)
        return removed
