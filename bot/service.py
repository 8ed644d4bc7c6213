"""``carebot run`` with a messenger: the aiohttp app, the channels and the sender."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable
from typing import Any, Protocol

from aiohttp import web

from bot.config import Settings
from bot.kit.shared_pacer import SharedPacer, close_pacers, shared_pacers
from bot.runtime import Runtime, build_runtime
from bot.scheduler import Scheduler
from bot.sender import Sender, Transport
from bot.server import ServerLimits, listen
from storage.repositories import Repos

log = logging.getLogger(__name__)

RUNTIME_KEY = web.AppKey("runtime", Runtime)
CHANNELS_KEY = web.AppKey("channels", list)  # list[Channel]
SENDER_KEY = web.AppKey("sender", Sender)
HEALTH_WAIT = 0.3  # seconds each database check may wait: /healthz answers within a second


class Channel(Protocol):
    """A messenger: it adds its routes to the app and turns updates into engine events."""

    name: str
    transport: Transport

    def attach(self, app: web.Application) -> None:
        """Add web routes; called before the server listens."""

    async def start(self) -> None:
        """Begin receiving (polling, or registering a webhook); the server is listening."""

    async def stop(self) -> None: ...

    def health(self) -> dict[str, Any]: ...


def build_channels(runtime: Runtime) -> list[Channel]:
    settings = runtime.settings
    channels: list[Channel] = []
    desk = None
    if settings.telegram_bot_token:
        from bot.telegram.channel import TelegramChannel

        telegram = TelegramChannel(runtime)
        channels.append(telegram)
        if settings.staff_chat_id is not None:
            from bot.desk.service import StaffDesk

            # First, so that it stops before the Telegram channel whose Bot it shares.
            desk = StaffDesk(runtime, telegram)
            channels.insert(0, desk)
    elif settings.staff_chat_id is not None:
        log.warning("STAFF_CHAT_ID is set but TELEGRAM_BOT_TOKEN is not: no staff desk")
    if settings.viber_auth_token:
        from bot.viber.channel import ViberChannel

        viber = ViberChannel(runtime)
        if desk is not None:  # staff replies to Viber people: drawn (and fetched) at send time
            viber.transport = desk.relay(viber.transport)
        channels.append(viber)
    return channels


def build_app(runtime: Runtime, channels: list[Channel], sender: Sender) -> web.Application:
    app = web.Application(client_max_size=1024 * 1024)
    app[RUNTIME_KEY] = runtime
    app[CHANNELS_KEY] = channels
    app[SENDER_KEY] = sender
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    for channel in channels:
        channel.attach(app)
    from bot.webconsole import attach as attach_console

    attach_console(app, runtime)  # /console, when the settings enable it
    return app


async def healthz(request: web.Request) -> web.Response:
    """503 with the reason when writes fail or wait, or a channel is degraded; it never
    waits long for the database, whatever holds it."""
    runtime = request.app[RUNTIME_KEY]
    report: dict[str, Any] = {"database": "ok", "channels": {}}
    healthy = True
    try:
        problem = await runtime.db.write_problem(HEALTH_WAIT)
        if problem is None:
            with contextlib.suppress(TimeoutError):  # busy with short work: no count
                async with asyncio.timeout(HEALTH_WAIT), runtime.db.reading() as conn:
                    report["outbox_pending"] = await Repos(conn).outbox.count_pending()
    except Exception as exc:  # a health check reports; it never raises
        problem = f"error: {type(exc).__name__}"
    if problem is not None:
        report["database"] = problem
        healthy = False
    for channel in request.app[CHANNELS_KEY]:
        status = channel.health()
        report["channels"][channel.name] = status
        healthy = healthy and status.get("status") == "ok"
    report["status"] = "ok" if healthy else "degraded"
    return web.json_response(report, status=200 if healthy else 503)


async def metrics(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME_KEY]
    sender = request.app[SENDER_KEY]
    async with runtime.db.reading() as conn:
        pending = await Repos(conn).outbox.count_pending()
    lines = [
        "# TYPE carebot_outbox_pending gauge",
        f"carebot_outbox_pending {pending}",
        "# TYPE carebot_messages_sent_total counter",
        f"carebot_messages_sent_total {sender.sent_count}",
        "# TYPE carebot_events_handled_total counter",
        f"carebot_events_handled_total {runtime.engine.handled_count}",
    ]
    return web.Response(text="\n".join(lines) + "\n", content_type="text/plain")


async def serve(settings: Settings, *, stop: asyncio.Event | None = None,
                limits: ServerLimits | None = None,
                on_listening: Callable[[], object] | None = None) -> int:
    """Run until ``stop`` (or SIGINT/SIGTERM). A start that fails (the port is taken, a
    channel refuses its settings) raises after closing everything it had opened, so the
    process can exit at once. ``on_listening`` runs once the port is bound."""
    runtime = await build_runtime(settings)  # StorageError: nothing is left open
    channels: list[Channel] = []
    tasks: list[asyncio.Task[None]] = []
    listening = None
    pacers: dict[str, SharedPacer] = {}
    stop = stop or asyncio.Event()
    try:
        channels = build_channels(runtime)
        pacers = await shared_pacers(runtime.db, [c.transport for c in channels],
                                     runtime.ticker)  # several workers: limits shared
        sender = Sender(runtime.db, [c.transport for c in channels],
                        wake=runtime.engine.committed, clock=runtime.engine.clock,
                        ticker=runtime.ticker, pacers=pacers)
        app = build_app(runtime, channels, sender)
        listening = await listen(app, settings.http_host, settings.http_port, limits)
        log.info("listening on %s:%s with %s", settings.http_host, settings.http_port,
                 ", ".join(c.name for c in channels))
        if on_listening is not None:
            on_listening()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        tasks.append(asyncio.create_task(sender.run(stop)))
        tasks.append(asyncio.create_task(
            Scheduler(runtime.db, runtime.engine, clock=runtime.engine.clock,
                      ticker=runtime.ticker).run(stop)))
        for channel in channels:
            await channel.start()
        await stop.wait()
    finally:
        stop.set()
        for channel in channels:
            with contextlib.suppress(Exception):
                await channel.stop()
        for task in tasks:
            with contextlib.suppress(Exception):
                await task
        if listening is not None:
            await listening.close()
        await close_pacers(pacers)
        await runtime.close()
    return 0
