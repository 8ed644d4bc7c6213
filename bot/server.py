"""The web server in front of the webhooks: timeouts and a connection limit.

aiohttp alone waits for ever for headers that never finish and keeps any number of
connections. Here a new connection must deliver its first request's headers within
``header_timeout``; a body must arrive within ``body_timeout`` (``bot.edge``); an idle
kept-alive connection is closed after ``keepalive_timeout`` (also the time the next
request's headers have); and beyond ``max_connections`` a new connection is closed at
once. Request lines and header fields are capped at a few kilobytes. A client that goes
away mid-request leaves one debug line, never an ``aiohttp.server`` traceback.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

from bot.config import ConfigError
from bot.edge import BODY_TIMEOUT, BODY_TIMEOUT_KEY

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServerLimits:
    header_timeout: float = 10.0
    body_timeout: float = BODY_TIMEOUT
    keepalive_timeout: float = 30.0
    # Telegram opens at most 40 connections to a webhook by default (100 at most) and
    # Viber a handful; the rest is headroom for health checks and retries.
    max_connections: int = 256
    max_line_size: int = 8 * 1024
    max_field_size: int = 8 * 1024


class StartupError(ConfigError):
    """The server cannot listen where it is told to; the message says why in one line."""


class _Connection(asyncio.Protocol):
    """aiohttp's protocol for one connection, with a deadline for its first headers."""

    def __init__(self, guard: _Guard, inner: RequestHandler) -> None:
        self._guard = guard
        self.inner = inner
        self._deadline: asyncio.TimerHandle | None = None
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._guard.opened(self)
        self._deadline = asyncio.get_running_loop().call_later(
            self._guard.limits.header_timeout, self._too_slow)
        self.inner.connection_made(transport)

    def headers_arrived(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        log.debug("a connection sent no complete request within %.0f s; closed",
                  self._guard.limits.header_timeout)
        if self._transport is not None:
            self._transport.abort()

    def data_received(self, data: bytes) -> None:
        self.inner.data_received(data)

    def eof_received(self) -> None:
        self.inner.eof_received()

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        self.headers_arrived()
        self._guard.closed(self)
        self._transport = None
        self.inner.connection_lost(exc)


class _Refused(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        transport.abort()


class _Guard:
    def __init__(self, limits: ServerLimits) -> None:
        self.server: web.Server | None = None  # set once the runner has built it
        self.limits = limits
        self._open: dict[RequestHandler, _Connection] = {}
        self._reserved = 0  # created, not yet connected
        self.refused = 0

    def __call__(self) -> asyncio.Protocol:
        if len(self._open) + self._reserved >= self.limits.max_connections:
            self.refused += 1
            if self.refused == 1 or self.refused % 1000 == 0:
                log.warning("more than %s connections at once: new ones are closed (%s so far)",
                            self.limits.max_connections, self.refused)
            return _Refused()
        assert self.server is not None
        self._reserved += 1
        return _Connection(self, self.server())

    def opened(self, connection: _Connection) -> None:
        self._reserved -= 1
        self._open[connection.inner] = connection

    def closed(self, connection: _Connection) -> None:
        self._open.pop(connection.inner, None)

    @web.middleware
    async def middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        connection = self._open.get(request.protocol)
        if connection is not None:
            connection.headers_arrived()
        response: web.StreamResponse = await handler(request)
        return response


class _QuietDisconnects(logging.Filter):
    """aiohttp logs a client that vanished mid-request as an ERROR with a traceback;
    anybody can do that at will, so it becomes one short debug line."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, ConnectionError | asyncio.IncompleteReadError | EOFError):
            log.debug("a client disconnected mid-request (%s)", type(error).__name__)
            return False
        return True


_QUIET = _QuietDisconnects()


@dataclass
class Listening:
    """The running server; ``close()`` stops it and every connection."""

    runner: web.AppRunner
    server: asyncio.Server
    guard: _Guard

    @property
    def open_connections(self) -> int:
        return len(self.runner.server.connections) if self.runner.server else 0

    @property
    def port(self) -> int:
        return int(self.server.sockets[0].getsockname()[1])

    async def close(self) -> None:
        self.server.close()
        await self.runner.cleanup()


async def listen(app: web.Application, host: str, port: int,
                 limits: ServerLimits | None = None) -> Listening:
    """Serve ``app`` on ``host:port`` with ``limits``; raises ``StartupError`` when the
    address cannot be used."""
    limits = limits or ServerLimits()
    logging.getLogger("aiohttp.server").addFilter(_QUIET)
    app[BODY_TIMEOUT_KEY] = limits.body_timeout
    guard = _Guard(limits)
    app.middlewares.append(guard.middleware)
    runner = web.AppRunner(
        app,
        access_log=None,
        keepalive_timeout=limits.keepalive_timeout,
        lingering_time=limits.body_timeout,
        max_line_size=limits.max_line_size,
        max_field_size=limits.max_field_size,
    )
    await runner.setup()
    guard.server = runner.server
    try:
        server = await asyncio.get_running_loop().create_server(
            guard, host, port, reuse_address=True, family=socket.AF_UNSPEC)
    except OSError as exc:
        await runner.cleanup()
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        raise StartupError(f"cannot listen on {host}:{port}: {reason.lower()}") from None
    return Listening(runner, server, guard)
