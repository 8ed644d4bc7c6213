"""An outbox, a Sender with the Telegram transport, and the fake Bot API behind them."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bot.i18n import Renderer, load_catalogs
from bot.kit.clock import REAL, SkippingTicker
from bot.sender import Sender
from bot.telegram.channel import make_bot
from bot.telegram.transport import TelegramTransport
from flows.effects import Choice, Say
from flows.messages import ChoiceId, Rendered
from flows.text import Verbatim
from storage.db import Database
from storage.outbox_codec import encode
from storage.repositories import Repos
from tests.fakes.telegram_api import FakeTelegram

TOKEN = "123:ABC"
_RENDERER: Renderer | None = None


def renderer() -> Renderer:
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = Renderer(load_catalogs(), fallback="en")
    return _RENDERER


def text_message(text: str, *choices: tuple[str, str], ask_phone: bool = False,
                 locale: str = "en") -> Rendered:
    """A message as the engine commits it for a person speaking ``locale``; each choice is
    (the id as its button carries it, the label)."""
    buttons = tuple(Choice(ChoiceId.from_wire(i), Verbatim(label)) for i, label in choices)
    said = Say(Verbatim(text), buttons, ask_phone=ask_phone)
    rendered = renderer().render(said, locale)
    assert isinstance(rendered, Rendered)
    return rendered


class RealTime(SkippingTicker):
    """Nothing skipped: real time and real waits."""

    async def sleep(self, seconds: float) -> None:
        await REAL.sleep(seconds)

    async def wait(self, *events: asyncio.Event, within: float) -> bool:
        return await REAL.wait(*events, within=within)

    async def run_for(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


@dataclass
class Rig:
    fake: FakeTelegram
    path: Path
    db: Database | None = None
    transport: TelegramTransport | None = None
    sender: Sender | None = None
    # Pacing waits are skipped: a second between two messages passes in no time.
    ticker: SkippingTicker = field(default_factory=SkippingTicker)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = None

    async def open(self) -> Rig:
        self.db = await Database.open(self.path)
        self.fake.clock = self.ticker.monotonic
        self.transport = TelegramTransport(make_bot(TOKEN, self.fake.base_url), self.db,
                                           ticker=self.ticker)
        self.sender = self.sender_for(self.transport)
        return self

    def sender_for(self, transport: TelegramTransport) -> Sender:
        return Sender(self.db or transport.db, [transport], clock=self.ticker.utc,
                      ticker=self.ticker)

    async def settle(self, seconds: float = 0.6) -> None:
        """Let the sender go on for a while: room for a wrong extra send to show up."""
        await self.ticker.run_for(seconds)

    async def person(self, chat_id: int, locale: str = "en") -> int:
        assert self.db is not None
        async with self.db.transaction() as conn:
            repos = Repos(conn)
            found = await repos.people.find("telegram", str(chat_id))
            if found is not None:
                return found.id
            person = await repos.people.create("telegram", str(chat_id), locale,
                                               datetime.now(UTC), None)
            return person.id

    async def queue(self, chat_id: int, *messages: Rendered | str) -> None:
        assert self.db is not None
        person_id = await self.person(chat_id) if chat_id > 0 else None
        async with self.db.transaction() as conn:
            for message in messages:
                rendered = message if isinstance(message, Rendered) else Rendered(message)
                await Repos(conn).outbox.add(
                    person_id=person_id, channel="telegram", recipient=str(chat_id),
                    payload=dict(encode(rendered)), now=datetime.now(UTC))
                if self.sender is not None:
                    self.sender.wake.set()

    async def queue_raw(self, chat_id: int, payload: dict[str, object],
                        kind: str = "message") -> None:
        """A row as another version of carebot wrote it (older, or newer)."""
        assert self.db is not None
        person_id = await self.person(chat_id)
        async with self.db.transaction() as conn:
            await Repos(conn).outbox.add(person_id=person_id, channel="telegram",
                                         recipient=str(chat_id), payload=payload, kind=kind,
                                         now=datetime.now(UTC))
        if self.sender is not None:
            self.sender.wake.set()

    async def fill(self, chats: list[int], per_chat: int) -> dict[int, list[str]]:
        """``per_chat`` messages for each chat, queued round-robin; returns the texts each
        chat must receive, in order."""
        expected: dict[int, list[str]] = {chat: [] for chat in chats}
        for number in range(1, per_chat + 1):
            for chat in chats:
                text = f"message {number} for {chat}"
                expected[chat].append(text)
                await self.queue(chat, text)
        return expected

    def start(self) -> None:
        assert self.sender is not None
        self._stop = asyncio.Event()
        self._task = asyncio.create_task(self.sender.run(self._stop))

    async def stop(self) -> None:
        """Stop the sender gracefully, as SIGTERM does, and close everything."""
        self._stop.set()
        if self._task is not None:
            await self._task
            self._task = None
        if self.transport is not None:
            await self.transport.close()
            await self.transport.bot.session.close()
        if self.db is not None:
            await self.db.close()
        self.db = self.transport = self.sender = None

    async def statuses(self) -> dict[str, int]:
        assert self.db is not None
        async with self.db.reading() as conn, conn.execute(
            "SELECT status, COUNT(*) FROM outbox GROUP BY status"
        ) as cursor:
            return {row[0]: row[1] for row in await cursor.fetchall()}

    async def settled_statuses(self, within: float = 10.0) -> dict[str, int]:
        """The outbox's statuses once nothing is pending: the fake may have seen a message
        a moment before the sender recorded it as sent."""
        deadline = time.monotonic() + within
        while "pending" in (found := await self.statuses()):
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.02)
        return found

    def received(self, chat_id: int) -> list[str]:
        return [c.params.get("text") or c.params.get("caption") or ""
                for c in self.fake.sends(chat_id)]

    async def delivered(self, expected: dict[int, list[str]], within: float = 30.0) -> None:
        await self.fake.wait_until(
            lambda: all(len(self.fake.sends(c)) >= len(t) for c, t in expected.items()),
            within, "every message to arrive")
