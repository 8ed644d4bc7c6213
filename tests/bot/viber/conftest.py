"""The Viber channel in this process: the real app and webhook against the fake API."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.config import Settings
from bot.kit.clock import SkippingTicker
from bot.runtime import Runtime, build_runtime
from bot.sender import Sender
from bot.service import build_app
from bot.viber import CHANNEL, WEBHOOK_PATH
from bot.viber.channel import ViberChannel
from flows.messages import Rendered
from flows.profile import Profile
from flows.text import _
from storage.outbox_codec import decode
from storage.repositories import Repos
from tests.conftest import FakeClock
from tests.fakes.viber_api import TOKEN, Callback, FakeViberApi, signed

# The main menu's choice ids, in order.
MENU_IDS = ["menu:foster", "menu:book", "menu:appointments", "menu:human", "menu:language",
            "menu:about"]
MENU_LABELS = [
    "Become a foster carer",
    "Book a consultation",
    "My appointments",
    "Talk to a person",
    "Change language",
    "About us and privacy",
]


@pytest.fixture
async def fake_viber() -> AsyncIterator[FakeViberApi]:
    api = FakeViberApi()
    await api.start()
    yield api
    await api.close()


@dataclass
class Answer:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Viber:
    """The app as Viber sees it: signed callbacks in, send_message calls out."""

    runtime: Runtime
    channel: ViberChannel
    api: FakeViberApi
    webhook_url: str
    http: aiohttp.ClientSession
    clock: FakeClock

    async def post(self, callback: Callback | dict[str, Any]) -> Answer:
        if isinstance(callback, dict):
            callback = signed(callback)
        return await self.post_raw(callback.body, callback.headers)

    async def post_raw(self, body: bytes, headers: dict[str, str]) -> Answer:
        async with self.http.post(self.webhook_url, data=body, headers=headers) as response:
            return Answer(response.status, await response.read())

    def sender(self) -> Sender:
        """A fresh sender, as after a restart: no rate-limit memory of earlier passes."""
        return Sender(self.runtime.db, [self.channel.transport], clock=self.clock,
                      ticker=self.runtime.ticker)

    async def deliver(self, sender: Sender | None = None) -> int:
        """Deliver every row that is due now; how many went."""
        sender = sender or self.sender()
        total = 0
        for _attempt in range(200):
            total += await sender.deliver_due([CHANNEL])
            if not await self.due():
                return total
            await self.runtime.ticker.sleep(0.05)  # the per-chat interval of Viber's limits
        raise AssertionError("rows still due after many passes")

    async def due(self) -> int:
        async with self.runtime.db.reading() as conn:
            return len(await Repos(conn).outbox.due(CHANNEL, self.clock()))

    async def count(self, table: str) -> int:
        async with self.runtime.db.reading() as conn, conn.execute(
            f"SELECT COUNT(*) FROM {table}"
        ) as cursor:
            row = await cursor.fetchone()
        assert row is not None
        return int(row[0])

    async def outbox(self, recipient: str) -> list[dict[str, Any]]:
        async with self.runtime.db.reading() as conn, conn.execute(
            "SELECT * FROM outbox WHERE channel = ? AND recipient = ? ORDER BY id",
            (CHANNEL, recipient),
        ) as cursor:
            return [dict(row) for row in await cursor.fetchall()]

    async def rendered(self, recipient: str) -> list[Rendered]:
        found = [decode(row["kind"], json.loads(row["payload"]))
                 for row in await self.outbox(recipient)]
        assert all(isinstance(message, Rendered) for message in found)
        return [message for message in found if isinstance(message, Rendered)]

    def text(self, msgid: str, locale: str) -> str:
        return self.runtime.renderer.text(_(msgid), locale)


async def make_viber(
    tmp_path: Path, clock: FakeClock, api: FakeViberApi, **settings: Any
) -> AsyncIterator[Viber]:
    config = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=f"sqlite:///{tmp_path / 'viber.db'}",
        viber_auth_token=TOKEN,
        viber_api_base=api.url,
        **settings,
    )
    runtime = await build_runtime(config, clock=clock, ticker=SkippingTicker())
    channel = ViberChannel(runtime)
    sender = Sender(runtime.db, [channel.transport], clock=clock, ticker=runtime.ticker)
    app = build_app(runtime, [channel], sender)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as http:
            yield Viber(runtime, channel, api, str(server.make_url(WEBHOOK_PATH)), http, clock)
    finally:
        await channel.stop()
        await server.close()
        await runtime.close()


@pytest.fixture
async def viber(
    tmp_path: Path, clock: FakeClock, fake_viber: FakeViberApi
) -> AsyncIterator[Viber]:
    async for harness in make_viber(tmp_path, clock, fake_viber):
        yield harness


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(ActionBody, Text) of each button of a Viber message's keyboard."""
    keyboard = message.get("keyboard") or {"Buttons": []}
    return [(b["ActionBody"], b["Text"]) for b in keyboard["Buttons"]]


def action_bodies(message: dict[str, Any]) -> list[str]:
    return [body for body, _text in buttons(message)]


def greeting_of(profile: Profile, lang: str) -> str:
    """The agency's own greeting in a language, as the profile gives it."""
    assert profile.agency.greeting is not None
    return profile.agency.greeting.root[lang]
