"""The staff desk as ``carebot run`` sees it: a channel with a transport, a web route
(files for Viber people) and a background loop (SLA), sharing the Telegram channel's Bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiohttp import web

from bot.desk.handler import DeskHandler
from bot.desk.media import MediaStore, media_folder
from bot.desk.relay import StaffRelay, ViberDrawing, draw_for_telegram
from bot.desk.sla import SlaWatch
from bot.desk.transport import DeskTransport
from bot.engine import DESK_CHANNEL
from bot.runtime import Runtime
from bot.sender import Transport
from bot.telegram.channel import TelegramChannel

log = logging.getLogger(__name__)


class StaffDesk:
    name = DESK_CHANNEL

    def __init__(self, runtime: Runtime, telegram: TelegramChannel) -> None:
        settings = runtime.settings
        if settings.staff_chat_id is None:
            raise ValueError("STAFF_CHAT_ID is not set")
        self.runtime = runtime
        self.chat_id = settings.staff_chat_id
        self.media = MediaStore(media_folder(settings.database_path),
                                settings.webhook_base_url)
        self.desk = DeskTransport(telegram.bot, runtime.db, runtime.profile, runtime.renderer,
                                  self.chat_id, clock=runtime.engine.clock)
        self.transport: Transport = self.desk
        self.handler = DeskHandler(runtime, telegram.bot, self.chat_id,
                                   lambda: self.media.can_serve, telegram.telegram.spawn)
        telegram.staff_handler = self.handler
        # Staff replies to Telegram people are drawn (copied) when they are sent.
        telegram.transport = StaffRelay(telegram.transport, draw_for_telegram)
        self._bot = telegram.bot
        self.sla = SlaWatch(runtime.db, runtime.profile, clock=runtime.engine.clock,
                            wake=runtime.engine.committed, housekeeping=self.media.cleanup)
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def relay(self, transport: Transport) -> Transport:
        """A Viber transport that also sends staff replies, fetching staff files then."""
        runtime = self.runtime
        return StaffRelay(transport, ViberDrawing(
            self._bot, self.media, runtime.db, runtime.profile.agency.staff_locale,
            runtime.renderer.text, runtime.engine.clock))

    def attach(self, app: web.Application) -> None:
        self.media.attach(app)

    async def start(self) -> None:
        if not self.media.can_serve:
            log.warning("staff desk: without WEBHOOK_BASE_URL, staff files cannot reach"
                        " people on Viber (texts can)")
        self._stop.clear()
        self._task = asyncio.create_task(self.sla.run(self._stop), name="desk-sla")

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.desk.close()

    def health(self) -> dict[str, Any]:
        report: dict[str, Any] = {
            "status": "ok" if self.desk.last_error is None else "degraded",
            "sla_announced": self.sla.announced,
            "media_for_viber": self.media.can_serve,
        }
        if self.desk.last_error is not None:
            report["last_error"] = self.desk.last_error
        return report
