"""The web server as a slow or hostile client meets it: raw sockets on 127.0.0.1.

The limits are configured short so that these tests are quick; what they check is that
the server, not the client, ends each connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.config import Settings
from bot.runtime import Runtime, build_runtime
from bot.sender import Sender
from bot.server import Listening, ServerLimits, listen
from bot.service import build_app
from bot.viber import WEBHOOK_PATH
from bot.viber.channel import ViberChannel
from tests.fakes.viber_api import TOKEN, FakeViberApi

LIMITS = ServerLimits(header_timeout=0.3, body_timeout=0.3, keepalive_timeout=0.3,
                      max_connections=4)
GUARD = 10.0  # seconds before a test gives up waiting for the server (a hang, not speed)


@dataclass
class Served:
    runtime: Runtime
    listening: Listening

    async def connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        return await asyncio.open_connection("127.0.0.1", self.listening.port)

    async def count(self, table: str) -> int:
        async with self.runtime.db.reading() as conn, conn.execute(
            f"SELECT COUNT(*) FROM {table}"
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    api = FakeViberApi()
    await api.start()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=f"sqlite:///{tmp_path / 'server.db'}",
        viber_auth_token=TOKEN, viber_api_base=api.url)
    runtime = await build_runtime(settings)
    channel = ViberChannel(runtime)
    app = build_app(runtime, [channel], Sender(runtime.db, [channel.transport]))
    listening = await listen(app, "127.0.0.1", 0, LIMITS)
    try:
        yield Served(runtime, listening)
    finally:
        await listening.close()
        await channel.stop()
        await runtime.close()
        await api.close()


async def closed_by_server(reader: asyncio.StreamReader) -> bytes:
    """Everything the server sent until it closed the connection."""
    received = b""
    with contextlib.suppress(ConnectionError):
        while chunk := await asyncio.wait_for(reader.read(65536), GUARD):
            received += chunk
    return received


async def trickle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                  pieces: list[bytes], pause: float = 0.05) -> int | None:
    """Send ``pieces`` one by one, slowly; how many went before the server answered or
    closed the connection, or None when the client got to the end first."""
    for sent, piece in enumerate(pieces):
        if reader.at_eof() or reader._buffer:  # the server has spoken
            return sent
        try:
            writer.write(piece)
            await writer.drain()
        except ConnectionError:
            return sent
        await asyncio.sleep(pause)
    return None


def viber_headers(length: int) -> bytes:
    return (f"POST {WEBHOOK_PATH} HTTP/1.1\r\nHost: bot.example.org\r\n"
            f"Content-Type: application/json\r\nContent-Length: {length}\r\n"
            f"X-Viber-Content-Signature: {'0' * 64}\r\n\r\n").encode()


async def test_headers_that_never_finish_are_cut_off(served: Served) -> None:
    reader, writer = await served.connect()
    start = f"POST {WEBHOOK_PATH} HTTP/1.1\r\nHost: bot.example.org\r\n".encode()
    sent = await trickle(reader, writer, [start] + [b"X-Slow: y\r\n"] * 100)
    writer.close()
    assert sent is not None, "the server waited for 100 slow header lines"
    assert sent < 100


async def test_a_connection_that_sends_nothing_is_closed(served: Served) -> None:
    reader, writer = await served.connect()
    assert await closed_by_server(reader) == b""
    writer.close()


async def test_a_forged_viber_callback_trickled_slowly_is_refused_in_time(
    served: Served,
) -> None:
    body = b'{"event": "message"' + b" " * 180 + b"}"
    reader, writer = await served.connect()
    writer.write(viber_headers(len(body)))
    sent = await trickle(reader, writer, [bytes([b]) for b in body])
    answer = await closed_by_server(reader)
    writer.close()
    assert sent is not None, "the whole body was awaited, one byte at a time"
    assert answer.startswith(b"HTTP/1.1 408")
    assert await served.count("processed_deliveries") == 0


async def test_an_idle_kept_alive_connection_is_closed(served: Served) -> None:
    reader, writer = await served.connect()
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: bot.example.org\r\n\r\n")
    await writer.drain()
    answer = await closed_by_server(reader)
    writer.close()
    assert answer.startswith(b"HTTP/1.1 ")  # answered, then closed when idle


async def test_connections_beyond_the_limit_are_closed_at_once(served: Served) -> None:
    held = [await served.connect() for _ in range(LIMITS.max_connections)]
    for _reader, writer in held:
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # and never finish
    reader, writer = await served.connect()
    assert await closed_by_server(reader) == b""
    writer.close()
    for _reader, held_writer in held:
        held_writer.close()
    # Once the slow ones are gone, the server takes new connections again.
    for _attempt in range(100):
        reader, writer = await served.connect()
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = await closed_by_server(reader)
        writer.close()
        if answer:
            break
        await asyncio.sleep(0.05)
    assert answer.startswith(b"HTTP/1.1 ")


async def test_a_client_that_vanishes_mid_body_leaves_no_error_in_the_log(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for how in ("abort", "half-close", "abort"):
        _reader, writer = await served.connect()
        writer.write(viber_headers(1000) + b'{"event": "mess')
        await writer.drain()
        await asyncio.sleep(0.05)
        if how == "abort":
            writer.transport.abort()
        else:
            writer.write_eof()
    for _wait in range(200):  # until the server has noticed
        if served.listening.open_connections == 0:
            break
        await asyncio.sleep(0.02)
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert loud == [], [r.getMessage() for r in loud]
    gone = [r for r in caplog.records if "went away" in r.getMessage()]
    assert [r.levelno for r in gone] == [logging.DEBUG] * 3, "one short line each"
    assert await served.count("processed_deliveries") == 0
