"""The staff desk in this process, assembled the way ``carebot run`` assembles it.

``build_channels`` builds the Telegram channel, the Viber channel and the staff desk from
settings with both messengers and ``STAFF_CHAT_ID``; the aiohttp app, the sender and the
channels start as in ``bot.service.serve``. Tests play everybody: Telegram people and
staff through the signed Telegram webhook (``tg``), Viber people through signed Viber
callbacks (``vb``), and read what each of them sees in the two fakes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import Settings
from bot.desk.service import StaffDesk
from bot.kit.clock import SkippingTicker
from bot.runtime import Runtime, build_runtime
from bot.sender import Limits, Sender
from bot.service import Channel, build_app, build_channels
from bot.telegram.channel import SECRET_HEADER, WEBHOOK_PATH, TelegramChannel
from bot.viber import WEBHOOK_PATH as VIBER_PATH
from flows.text import _
from storage.repositories import Repos
from storage.tickets import Ticket
from tests.conftest import START, FakeClock
from tests.fakes import viber_api as v
from tests.fakes.telegram_api import BotMessage, FakePerson, FakeTelegram
from tests.fakes.viber_api import FakeViberApi

TOKEN = "123:ABC"
SECRET = "desk_secret-1"
PUBLIC = "https://bot.example.org"
STAFF_CHAT = -1001234567890
# Tests do not wait for the group's real pace (20 messages a minute).
FAST = Limits(per_chat_interval=0.0, group_per_minute=None, concurrency=1, by_ticket=True)
WAIT = 30.0


class LiveClock(FakeClock):
    """Starts on a Monday morning and runs with real time, skipping every wait of the
    pacing code (``ticker``); ``advance`` jumps ahead. The sender's retries
    (``not_before``) therefore fall due as they would in production, without the wait."""

    def __init__(self, now: datetime = START) -> None:
        super().__init__(now)
        self.ticker = SkippingTicker()
        self._origin = self.ticker.monotonic()

    def __call__(self) -> datetime:
        return self.now + timedelta(seconds=self.ticker.monotonic() - self._origin)


@dataclass
class Rig:
    runtime: Runtime
    fake: FakeTelegram
    viber: FakeViberApi
    client: TestClient[Any, Any]
    desk: StaffDesk
    telegram: TelegramChannel
    clock: LiveClock
    sender: Sender
    staff: dict[str, FakePerson] = field(default_factory=dict)

    # -- doing things -----------------------------------------------------------------

    async def tg(self, update: dict[str, Any]) -> None:
        """Telegram delivers an update to the webhook; it is committed when this returns."""
        response = await self.client.post(WEBHOOK_PATH, json=update,
                                          headers={SECRET_HEADER: SECRET})
        assert response.status == 200, await response.text()

    async def vb(self, data: dict[str, Any]) -> Any:
        callback = v.signed(data)
        response = await self.client.post(VIBER_PATH, data=callback.body,
                                          headers=callback.headers)
        assert response.status == 200, await response.text()
        return await response.json(content_type=None) if response.content_length else None

    async def add_staff(self, user_id: int, name: str, role: str = "agent") -> FakePerson:
        async with self.runtime.db.transaction() as conn:
            await Repos(conn).staff.add(user_id, name, role, [], self.clock())
        member = self.fake.person(user_id, first_name=name)
        self.staff[name] = member
        return member

    async def says(self, member: FakePerson, thread: int | None, text: str) -> dict[str, Any]:
        update = self.fake.group_message(STAFF_CHAT, member, text, thread_id=thread)
        await self.tg(update)
        return update

    async def press(self, member: FakePerson, card: BotMessage, label: str) -> str:
        update = self.fake.group_press(STAFF_CHAT, member, card, label)
        await self.tg(update)
        return str(update["callback_query"]["id"])

    # -- people -----------------------------------------------------------------------

    async def telegram_person_asks(self, person: FakePerson, lang: str) -> Ticket:
        """/start, then "Talk to a person" in the main menu."""
        await self.tg(person.send("/start"))
        label = self.t(lang, "Talk to a person")
        await self.until(lambda: any(label in m.buttons for m in person.messages),
                         "the main menu")
        await self.tg(person.press(label))
        return await self.ticket_of("telegram", str(person.chat_id))

    async def viber_person_asks(self, who: dict[str, Any]) -> Ticket:
        await self.vb(v.conversation_started(who))
        await self.vb(v.subscribed(who))
        await self.vb(v.message(who, v.text("menu:human")))
        return await self.ticket_of("viber", who["id"])

    async def quick_ticket(self, who: FakePerson | dict[str, Any]) -> tuple[Ticket, int]:
        """``/human`` straight away; the ticket and its topic once it is ready."""
        if isinstance(who, FakePerson):
            await self.tg(who.send("/human"))
            ticket = await self.ticket_of("telegram", str(who.chat_id))
        else:
            await self.vb(v.message(who, v.text("/human")))
            ticket = await self.ticket_of("viber", str(who["id"]))
        return ticket, await self.topic(ticket.id)

    async def ticket_of(self, channel: str, external_id: str) -> Ticket:
        async with self.runtime.db.reading() as conn:
            repos = Repos(conn)
            person = await repos.people.find(channel, external_id)
            assert person is not None
            tickets = await repos.tickets.open_for_person(person.id)
        assert tickets, "no open ticket"
        return tickets[-1]

    async def ticket(self, ticket_id: int) -> Ticket:
        async with self.runtime.db.reading() as conn:
            found = await Repos(conn).tickets.get(ticket_id)
        assert found is not None
        return found

    async def topic(self, ticket_id: int) -> int:
        """Wait for the ticket's topic and its pinned card; the topic's thread id."""
        async def ready() -> Ticket:
            return await self.ticket(ticket_id)

        deadline = time.monotonic() + WAIT
        while True:
            ticket = await ready()
            if ticket.topic_id is not None and any(
                    m.pinned for m in self.fake.thread(STAFF_CHAT, ticket.topic_id)):
                return ticket.topic_id
            if time.monotonic() > deadline:
                raise AssertionError(f"no topic for ticket {ticket_id}")
            await asyncio.sleep(0.02)

    def in_topic(self, thread: int) -> list[str]:
        return [m.body for m in self.fake.thread(STAFF_CHAT, thread)]

    def general(self) -> list[str]:
        return [m.body for m in self.fake.thread(STAFF_CHAT, None)]

    def card(self, thread: int) -> BotMessage:
        return next(m for m in self.fake.thread(STAFF_CHAT, thread) if m.pinned)

    async def until(self, condition: Any, what: str) -> None:
        await self.fake.wait_until(condition, WAIT, what)

    async def idle(self) -> None:
        """Wait until the outbox has nothing left that is due."""
        async def pending() -> int:
            async with self.runtime.db.reading() as conn, conn.execute(
                "SELECT COUNT(*) FROM outbox WHERE status = 'pending'"
            ) as cursor:
                row = await cursor.fetchone()
            return int(row[0]) if row else 0

        deadline = time.monotonic() + WAIT
        while await pending():
            if time.monotonic() > deadline:
                raise AssertionError("the outbox did not drain")
            await asyncio.sleep(0.02)

    async def rows(self, sql: str, *args: object) -> list[dict[str, Any]]:
        async with self.runtime.db.reading() as conn, conn.execute(sql, args) as cursor:
            return [dict(row) for row in await cursor.fetchall()]

    # -- texts ------------------------------------------------------------------------

    def t(self, lang: str, msgid: str, **params: Any) -> str:
        return self.runtime.renderer.text(_(msgid, **params), lang)

    def staff_text(self, text: Any) -> str:
        return self.runtime.renderer.text(text, self.runtime.profile.agency.staff_locale)

    def staff_text_en(self, msgid: str, **params: Any) -> str:
        """A staff message given by its English msgid, in the staff language."""
        return self.staff_text(_(msgid, **params))


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(TOKEN) as server:
        yield server


@pytest.fixture
async def fake_viber() -> AsyncIterator[FakeViberApi]:
    api = FakeViberApi()
    await api.start()
    yield api
    await api.close()


@pytest.fixture
async def rig(
    request: pytest.FixtureRequest, tmp_path: Path, fake: FakeTelegram,
    fake_viber: FakeViberApi,
) -> AsyncIterator[Rig]:
    # ``indirect`` parametrisation may give settings of its own and the desk's "limits".
    overrides: dict[str, Any] = dict(getattr(request, "param", {}))
    limits = overrides.pop("limits", FAST)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=f"sqlite:///{tmp_path / 'desk.db'}",
        telegram_bot_token=TOKEN,
        telegram_api_base=fake.base_url,
        viber_auth_token=v.TOKEN,
        viber_api_base=fake_viber.url,
        webhook_base_url=PUBLIC,
        webhook_secret=SECRET,
        staff_chat_id=STAFF_CHAT,
        **overrides,
    )
    clock = LiveClock()
    runtime = await build_runtime(settings, clock=clock, ticker=clock.ticker)
    channels: list[Channel] = build_channels(runtime)
    desk = channels[0]
    telegram = channels[1]
    assert isinstance(desk, StaffDesk) and isinstance(telegram, TelegramChannel)
    assert [c.name for c in channels] == ["desk", "telegram", "viber"]
    desk.desk.limits = limits
    sender = Sender(runtime.db, [c.transport for c in channels], wake=runtime.engine.committed,
                    clock=clock, ticker=clock.ticker)
    client: TestClient[Any, Any] = TestClient(
        TestServer(build_app(runtime, channels, sender), host="127.0.0.1"))
    await client.start_server()
    stop = asyncio.Event()
    sending = asyncio.create_task(sender.run(stop))
    for channel in channels:
        await channel.start()
    await fake.wait_until(lambda: telegram.health()["status"] == "ok", WAIT, "set_webhook")
    try:
        yield Rig(runtime, fake, fake_viber, client, desk, telegram, clock, sender)
    finally:
        stop.set()
        for channel in channels:
            await channel.stop()
        await sending
        await client.close()
        await runtime.close()
