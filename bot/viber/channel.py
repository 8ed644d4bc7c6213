"""The Viber channel: the webhook route, the transport, and registering the webhook."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiohttp import web

from bot.runtime import Runtime
from bot.sender import RetryLater, Transport
from bot.viber import CHANNEL, WEBHOOK_PATH
from bot.viber.files import FileLinks
from bot.viber.transport import ViberApi, ViberTransport, sender_info
from bot.viber.webhook import ViberWebhook

log = logging.getLogger(__name__)

# What Viber should call us for. "message", "subscribed" and "unsubscribed" always come;
# "seen" is left out because nothing uses it.
EVENT_TYPES = [
    "delivered",
    "failed",
    "subscribed",
    "unsubscribed",
    "conversation_started",
    "message",
]
STATUS_INVALID_TOKEN = 2
REGISTER_RETRY_MAX = 300.0


class ViberChannel:
    name = CHANNEL

    def __init__(self, runtime: Runtime) -> None:
        settings = runtime.settings
        if not settings.viber_auth_token:
            raise ValueError("VIBER_AUTH_TOKEN is not set")
        self.runtime = runtime
        # One sender name for everybody: the agency's name as it writes it itself (in its
        # own default language), unless VIBER_BOT_NAME says otherwise.
        agency = runtime.profile.agency
        name = settings.viber_bot_name or runtime.renderer.text(
            agency.name.text, agency.default_locale
        )
        self.sender = sender_info(name, settings.viber_avatar_url)
        self.api = ViberApi(settings.viber_api_base, settings.viber_auth_token)
        # Typed as the protocol: Channel.transport is a settable attribute.
        self.files = FileLinks(runtime)
        self.transport: Transport = ViberTransport(self.api, self.sender, self.files)
        self.webhook = ViberWebhook(runtime, settings.viber_auth_token, self.sender)
        self.webhook_url = (
            settings.webhook_base_url + WEBHOOK_PATH if settings.webhook_base_url else None
        )
        self.webhook_state = "not registered yet"
        self._registering: asyncio.Task[None] | None = None

    def attach(self, app: web.Application) -> None:
        app.router.add_post(WEBHOOK_PATH, self.webhook.handle)
        self.files.attach(app)

    async def start(self) -> None:
        if self.webhook_url is None:
            self.webhook_state = "no WEBHOOK_BASE_URL"
            log.warning(
                "Viber cannot deliver messages without a public webhook: set"
                " WEBHOOK_BASE_URL to this server's public https address (Viber will call"
                " WEBHOOK_BASE_URL%s)",
                WEBHOOK_PATH,
            )
            return
        # Viber calls the URL while registering it, so this runs once the server listens,
        # and in the background so that a slow Viber does not hold up other channels.
        self._registering = asyncio.create_task(self._register(self.webhook_url))

    async def _register(self, url: str) -> None:
        delay = 5.0
        while True:
            self.webhook_state = "registering"
            try:
                answer = await self.api.call(
                    "set_webhook",
                    {"url": url, "event_types": EVENT_TYPES, "send_name": True,
                     "send_photo": False},
                )
            except RetryLater as exc:
                self.webhook_state = f"error: {exc}"
                log.warning("viber: could not register the webhook (%s); retrying in %.0fs",
                            exc, delay)
            else:
                status = answer.get("status")
                if status == 0:
                    self.webhook_state = "registered"
                    log.info("viber: webhook registered at %s", url)
                    return
                message = answer.get("status_message", "")
                self.webhook_state = f"refused: status {status} {message}".strip()
                log.error("viber: set_webhook refused with status %s (%s)", status, message)
                if status == STATUS_INVALID_TOKEN:
                    log.error("viber: VIBER_AUTH_TOKEN is not valid; nothing will be delivered")
                    return
            await asyncio.sleep(delay)
            delay = min(delay * 2, REGISTER_RETRY_MAX)

    async def stop(self) -> None:
        if self._registering is not None:
            self._registering.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._registering
        await self.api.close()

    def health(self) -> dict[str, Any]:
        status = "ok" if self.webhook_state == "registered" else "degraded"
        return {"status": status, "webhook": self.webhook_state}

