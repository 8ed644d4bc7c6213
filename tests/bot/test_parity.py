"""The same conversation on Telegram and on Viber: the same neutral messages come back.

Each step is done the way each messenger delivers it (Telegram: a message or a button's
callback query, as aiogram parses them; Viber: a signed callback through the real
webhook, a keyboard reply being a text message carrying the button's id), and the
rendered messages the engine stored in the outbox are compared.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiogram.types import Update

from bot.telegram.convert import convert
from tests.bot.viber.conftest import Viber, make_viber
from tests.conftest import FakeClock
from tests.fakes import viber_api as v
from tests.fakes.viber_api import FakeViberApi

# One step of the transcript: (what the person does, its argument).
Step = tuple[str, str]
TRANSCRIPT: list[Step] = [
    ("start", "spring-fair"),
    ("press", "menu:about"),
    ("press", "nav:menu"),
    ("type", "1"),  # the first menu entry, by its number
    ("press", "nav:menu"),
    ("press", "menu:language"),
    ("type", "something else"),
    ("sticker", ""),
    ("press", "lang:pl"),
    ("press", "lang:uk"),  # a button of an earlier keyboard
    ("contact", "+48501234567"),
    ("location", ""),
    ("type", "/help"),
    ("type", "/language"),
    ("type", "English"),
    ("type", "/frobnicate"),
]

_ids = itertools.count(1000)


class TelegramPerson:
    """Builds the Bot API updates a Telegram client would cause, as aiogram parses them."""

    def __init__(self, chat_id: int, language: str) -> None:
        self.chat_id = chat_id
        self.user = {"id": chat_id, "is_bot": False, "first_name": "Ona",
                     "language_code": language}
        self.chat = {"id": chat_id, "type": "private", "first_name": "Ona"}

    def _message(self, **content: Any) -> dict[str, Any]:
        return {"update_id": next(_ids), "message": {
            "message_id": next(_ids), "from": self.user, "chat": self.chat,
            "date": int(time.time()), **content}}

    def update(self, action: str, argument: str) -> Update:
        if action == "start":
            text = f"/start {argument}".strip()
            data = self._message(text=text, entities=[
                {"type": "bot_command", "offset": 0, "length": len("/start")}])
        elif action == "type":
            data = self._message(text=argument)
        elif action == "press":
            data = {"update_id": next(_ids), "callback_query": {
                "id": str(next(_ids)), "from": self.user, "chat_instance": "ci1",
                "data": argument,
                "message": {"message_id": next(_ids), "date": int(time.time()),
                            "chat": self.chat, "text": "…",
                            "from": {"id": 42, "is_bot": True, "first_name": "carebot"}},
            }}
        elif action == "sticker":
            data = self._message(sticker={
                "file_id": "CAACAgIAAxkBAAE", "file_unique_id": "AgADsticker",
                "type": "regular", "width": 512, "height": 512, "is_animated": False,
                "is_video": False})
        elif action == "contact":
            data = self._message(contact={"phone_number": argument.lstrip("+"),
                                          "first_name": "Ona", "user_id": self.chat_id})
        elif action == "location":
            data = self._message(location={"latitude": 41.7151, "longitude": 44.8271})
        else:
            raise ValueError(action)
        return Update.model_validate(data)


def viber_callback(who: dict[str, Any], action: str, argument: str) -> dict[str, Any]:
    if action == "start":
        return v.conversation_started(who, context=argument or None)
    if action in ("press", "type"):  # a keyboard reply is a text message with the id
        return v.message(who, v.text(argument))
    if action == "sticker":
        return v.message(who, v.sticker())
    if action == "contact":
        return v.message(who, v.contact(argument))
    if action == "location":
        return v.message(who, v.location(41.7151, 44.8271))
    raise ValueError(action)


@pytest.fixture
async def viber(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Viber]:
    api = FakeViberApi()
    await api.start()
    try:
        async for harness in make_viber(tmp_path, clock, api):
            yield harness
    finally:
        await api.close()


async def payloads(viber: Viber, channel: str, recipient: str) -> list[dict[str, Any]]:
    async with viber.runtime.db.reading() as conn, conn.execute(
        "SELECT payload FROM outbox WHERE channel = ? AND recipient = ? ORDER BY id",
        (channel, recipient),
    ) as cursor:
        return [json.loads(row["payload"]) for row in await cursor.fetchall()]


@pytest.mark.parametrize("lang", ["lt", "pl", "ka"])
async def test_the_same_transcript_gives_the_same_messages_on_both(
    viber: Viber, lang: str
) -> None:
    telegram = TelegramPerson(700_000_001, lang)
    who = v.user("ParityUser0001==", language=lang)
    for action, argument in TRANSCRIPT:
        converted = convert(telegram.update(action, argument))
        assert converted.inbound is not None, (action, argument, converted.ignored)
        await viber.runtime.engine.handle(converted.inbound)
        answer = await viber.post(viber_callback(who, action, argument))
        assert answer.status == 200
    on_telegram = await payloads(viber, "telegram", str(telegram.chat_id))
    on_viber = await payloads(viber, "viber", who["id"])
    assert len(on_telegram) > len(TRANSCRIPT)
    # Viber's welcome went in the HTTP answer, so it is delivered and its text scrubbed.
    welcome = sum(1 for row in on_viber if row.get("scrubbed"))
    assert welcome and all(row.get("scrubbed") for row in on_viber[:welcome])
    assert on_viber[welcome:] == on_telegram[welcome:]
    # And the people themselves ended up alike.
    async with viber.runtime.db.reading() as conn, conn.execute(
        "SELECT channel, locale, source FROM people ORDER BY channel"
    ) as cursor:
        people = [tuple(row) for row in await cursor.fetchall()]
    assert people == [("telegram", "en", "spring-fair"), ("viber", "en", "spring-fair")]
