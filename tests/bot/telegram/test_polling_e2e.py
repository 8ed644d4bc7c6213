"""``carebot run`` as a real process, long-polling the fake Bot API: what people see.

Two people talk to the bot at once, one with a Ukrainian Telegram (``uk-UA``) and one with
a Georgian one (``ka``): the menu, a language change, a sticker, a stale button, typed
text and commands. Every message is compared with the catalogs' translation; the menu
question is also compared with the native speakers' wording in ``MENU_QUESTION``.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import sqlite3
import sys
import urllib.request
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.telegram.texts import COMMANDS
from flows.languages import LANGUAGE_CODES, LANGUAGES
from tests.bot.telegram.conftest import TOKEN, Texts
from tests.cli import carebot as run_in_process
from tests.fakes.telegram_api import FakePerson, FakeTelegram, Seen
from tests.flows.test_menu import MENU_QUESTION

pytestmark = pytest.mark.sqlite_only(reason="a carebot process on a SQLite file")

STAFF_CHAT_ID = -1001234567890
OTHER_GROUP = -1009876543210


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def carebot_command() -> list[str]:
    script = shutil.which("carebot", path=str(Path(sys.executable).parent))
    assert script, "carebot is not installed: pip install -e ."
    return [script]


@dataclass
class Carebot:
    process: asyncio.subprocess.Process
    http_port: int
    db_path: Path
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def stop(self) -> int:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), 30)


@pytest.fixture
async def carebot(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Carebot]:
    clean = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "VIBER_", "WEBHOOK_", "HTTP_", "STAFF_"))
    }
    http_port = free_port()
    db_path = tmp_path / "carebot.db"
    log_path = tmp_path / "carebot.log"
    env = {
        **clean,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": fake.base_url,
        "DATABASE_URL": f"sqlite:///{db_path}",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_PORT": str(http_port),
        "STAFF_CHAT_ID": str(STAFF_CHAT_ID),
        "LOG_LEVEL": "DEBUG",  # the most talkative level still names no one
    }
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            *carebot_command(), "run", cwd=tmp_path, env=env,
            stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log,
        )
    bot = Carebot(process, http_port, db_path, log_path)
    try:
        await fake.wait_until(lambda: bool(fake.calls_to("getUpdates")) or
                              process.returncode is not None, 60, "polling to start")
        assert process.returncode is None, bot.log()
        yield bot
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def test_a_token_that_is_not_a_token_stops_the_start_clearly(tmp_path: Path) -> None:
    result = run_in_process("run", cwd=tmp_path, TELEGRAM_BOT_TOKEN="not-a-token",
                            TELEGRAM_API_BASE="http://127.0.0.1:9",
                            DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "not-a-token" not in result.stderr


def get_json(url: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


async def conversation(
    person: FakePerson, lang: str, switch_to: str, texts: Texts, menus: list[str]
) -> None:
    """Play one person's conversation, asserting every message they see."""

    async def expect(*wanted: Seen) -> list[Seen]:
        got = await person.replies(len(wanted))
        for seen in got:
            if seen.buttons == texts.menu_labels(lang_now):
                menus.append(seen.text.rsplit("\n\n", 1)[-1])  # after /start's greeting
        assert got == list(wanted)
        return got

    lang_now = lang
    person.send(f"/start spring-{lang}")
    await expect(texts.welcome(lang))
    first_menu = person.messages[-1]

    person.press(texts.label(lang, "menu:language"))
    await expect(texts.picker(lang))
    picker = person.messages[-1]
    # The answered menu's keyboard goes away; only the picker's stays.
    await person.fake.wait_until(
        lambda: [m.message_id for m in person.fake.live_keyboards(person.chat_id)]
        == [picker.message_id], 10, "the menu's keyboard to be removed")
    assert first_menu.buttons == []

    person.press(LANGUAGES[switch_to])
    lang_now = switch_to
    await expect(Seen(texts(switch_to, "Done! I will write to you in English from now on.")),
                 texts.menu(switch_to))

    person.send_sticker()
    await expect(
        Seen(texts(switch_to, "Thank you! I can't use that here, so please answer with the"
                              " buttons or a short text.")),
        texts.menu(switch_to),
    )

    # A button from the old language picker, pressed after the fact: a stale button.
    person.press(LANGUAGES[lang], on=picker)
    await expect(
        Seen(texts(switch_to, "That button belongs to an earlier message. Here is where we are"
                              " now:")),
        texts.menu(switch_to),
    )

    person.send("hello?")
    await expect(Seen(texts(switch_to, "Sorry, I didn't quite understand.")),
                 texts.menu(switch_to))

    person.send("/frobnicate")
    await expect(Seen(texts(switch_to, "I don't know that command. Type /help to see what I"
                                       " can do.")),
                 texts.menu(switch_to))

    person.press(texts.label(switch_to, "menu:about"))
    (about,) = await person.replies(1)
    assert texts.profile.agency.phone in about.text
    assert texts.back(switch_to) in about.buttons

    person.send("/menu")
    await expect(texts.menu(switch_to))


async def test_a_ukrainian_and_a_georgian_conversation_over_long_polling(
    fake: FakeTelegram, carebot: Carebot, texts: Texts
) -> None:
    olena = fake.person(380501234567, language_code="uk-UA", first_name="Olena")
    nino = fake.person(995555123456, language_code="ka", first_name="Nino")
    menus: dict[str, list[str]] = {"uk": [], "ka": []}

    await asyncio.gather(
        conversation(olena, "uk", "ka", texts, menus["uk"]),
        conversation(nino, "ka", "uk", texts, menus["ka"]),
    )

    # Messages from a group that is not the staff group change nothing and get no answer.
    fake.group_message(OTHER_GROUP, olena, "/start")
    olena.send("/help")
    (help_message, _menu) = await olena.replies(2)
    assert "/language" in help_message.text

    # Every button press was answered, and only the newest keyboard is live in each chat.
    await fake.wait_until(lambda: not fake.unanswered_callbacks(), 10, "callback answers")
    for person in (olena, nino):
        last_keyboard = [m for m in person.messages if m.sent_inline][-1]
        await fake.wait_until(
            lambda p=person, k=last_keyboard: [m.message_id for m in fake.live_keyboards(
                p.chat_id)] == [k.message_id], 10, "old keyboards to be removed")
        assert person.unread() == []
    assert not fake.chat(OTHER_GROUP)

    # The command menu, in each of the six languages.
    assert fake.calls_to("deleteWebhook", ok=True), "polling starts by dropping a webhook"
    for code in LANGUAGE_CODES:
        commands = fake.commands[("all_private_chats", code)]
        assert commands == [
            {"command": name, "description": texts.text(code, text)} for name, text in COMMANDS
        ]

    status, health = await asyncio.to_thread(
        get_json, f"http://127.0.0.1:{carebot.http_port}/healthz")
    assert status == 200, health
    telegram = health["channels"]["telegram"]  # type: ignore[index]
    assert telegram["status"] == "ok" and telegram["mode"] == "polling"

    assert await carebot.stop() == 0, carebot.log()

    with sqlite3.connect(carebot.db_path) as db:
        people = db.execute(
            "SELECT external_id, locale, source FROM people ORDER BY id").fetchall()
    assert sorted(people) == sorted([
        (str(olena.chat_id), "ka", "spring-uk"),
        (str(nino.chat_id), "uk", "spring-ka"),
    ])

    log = carebot.log()
    for private in ("Olena", "Nino", "hello?", "frobnicate", TOKEN):
        assert private not in log, f"{private!r} leaked into the log"

    # Last, the native speakers' wording (fails only while a catalog lacks it).
    assert set(menus["uk"][:1]) == {MENU_QUESTION["uk"]}
    assert set(menus["uk"][1:]) == {MENU_QUESTION["ka"]}
    assert set(menus["ka"][:1]) == {MENU_QUESTION["ka"]}
    assert set(menus["ka"][1:]) == {MENU_QUESTION["uk"]}
