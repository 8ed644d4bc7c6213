"""``carebot run`` as an operator starts it, with Viber pointed at the fake API.

The bot runs as a real subprocess; this test plays Viber: it checks the webhook
registration, posts signed callbacks to the bot's port and reads what the fake API was
asked to send to each person.
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
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.i18n import Renderer, load_catalogs
from flows.languages import LANGUAGES
from flows.profile import Profile, load_profile
from flows.text import _
from tests.bot.viber.conftest import MENU_IDS, MENU_LABELS, action_bodies, buttons, greeting_of
from tests.fakes import viber_api as v
from tests.fakes.viber_api import TOKEN, FakeViberApi
from tests.flows.test_menu import MENU_QUESTION

pytestmark = pytest.mark.sqlite_only(reason="a carebot process on a SQLite file")

ROOT = Path(__file__).resolve().parents[3]
STARTUP = 60.0  # seconds the bot may take to start on a slow CI machine
CONFIG_PREFIXES = ("TELEGRAM_", "VIBER_", "WEBHOOK_", "HTTP_", "DATABASE_URL", "AGENCY_",
                   "DEFAULT_LOCALE", "STAFF_", "LOG_", "SESSION_")


def carebot_command() -> tuple[list[str], dict[str, str]]:
    script = shutil.which("carebot", path=str(Path(sys.executable).parent))
    if script:
        return [script], {}
    # Not installed (a bare checkout): the same entry point, from this checkout.
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    return [sys.executable, "-m", "bot"], {"PYTHONPATH": path}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Bot:
    process: asyncio.subprocess.Process
    base: str
    db_path: Path
    log_path: Path
    http: aiohttp.ClientSession

    @property
    def webhook(self) -> str:
        return f"{self.base}/viber/webhook"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def post(self, data: dict[str, Any]) -> tuple[int, bytes]:
        callback = v.signed(data)
        async with self.http.post(self.webhook, data=callback.body,
                                  headers=callback.headers) as response:
            return response.status, await response.read()

    def query(self, sql: str, *args: object) -> list[sqlite3.Row]:
        with closing_db(self.db_path) as conn:
            return list(conn.execute(sql, args))


@contextmanager
def closing_db(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    conn.row_factory = sqlite3.Row
    try:
        yield conn
    finally:
        conn.close()


async def wait_healthy(bot: Bot) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + STARTUP
    while loop.time() < deadline:
        if bot.process.returncode is not None:
            raise AssertionError(f"carebot exited with {bot.process.returncode}:\n{bot.log()}")
        try:
            async with bot.http.get(f"{bot.base}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError(f"carebot did not become healthy:\n{bot.log()}")


@pytest.fixture
async def bot(tmp_path: Path, fake_viber: FakeViberApi) -> AsyncIterator[Bot]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    fake_viber.webhook_target = f"{base}/viber/webhook"
    command, extra = carebot_command()
    clean = {k: val for k, val in os.environ.items() if not k.startswith(CONFIG_PREFIXES)}
    db_path = tmp_path / "carebot.db"
    env = {
        **clean,
        **extra,
        "VIBER_AUTH_TOKEN": TOKEN,
        "VIBER_API_BASE": fake_viber.url,
        "WEBHOOK_BASE_URL": "https://bot.example.org",
        "WEBHOOK_SECRET": "some_secret",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_PORT": str(port),
        "DATABASE_URL": f"sqlite:///{db_path}",
        "LOG_LEVEL": "DEBUG",
    }
    log_path = tmp_path / "carebot.log"
    with log_path.open("wb") as log_file:
        process = await asyncio.create_subprocess_exec(
            *command, "run", cwd=tmp_path, env=env, stdin=asyncio.subprocess.DEVNULL,
            stdout=log_file, stderr=log_file,
        )
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
            running = Bot(process, base, db_path, log_path, http)
            await wait_healthy(running)
            yield running
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile()


@pytest.fixture(scope="module")
def renderer(profile: Profile) -> Renderer:
    return Renderer(load_catalogs(), fallback=profile.agency.default_locale)


async def test_a_conversation_on_viber_from_welcome_to_a_new_language(
    bot: Bot, fake_viber: FakeViberApi, profile: Profile, renderer: Renderer
) -> None:
    def t(msgid: str, lang: str) -> str:
        return renderer.text(_(msgid), lang)

    # The webhook was registered at the public URL once the server listened.
    (registration,) = fake_viber.webhooks
    assert registration["url"] == "https://bot.example.org/viber/webhook"
    assert {"delivered", "failed", "subscribed", "unsubscribed", "conversation_started",
            "message"} <= set(registration["event_types"])

    # Opening the chat: a welcome in the person's language, with the main menu.
    ona = v.user("OnaK7Ybs2xQ1Z3Vq8n5r0w==", name="Ona", language="lt", country="LT")
    status, body = await bot.post(v.conversation_started(ona, context="vilnius-fair"))
    assert status == 200
    welcome = json.loads(body)
    assert "receiver" not in welcome and v.validate_content(welcome) is None
    assert greeting_of(profile, "lt") in welcome["text"]
    assert welcome["text"].endswith(MENU_QUESTION["lt"])
    assert action_bodies(welcome) == MENU_IDS
    assert [text for _id, text in buttons(welcome)] == [t(x, "lt") for x in MENU_LABELS]

    jan = v.user("JanP4Hq9mLw2Xc7Tz1Bv6s==", name="Jan", language="pl", country="PL")
    status, body = await bot.post(v.conversation_started(jan))
    assert status == 200
    welcome_pl = json.loads(body)
    assert greeting_of(profile, "pl") in welcome_pl["text"]
    assert welcome_pl["text"].endswith(MENU_QUESTION["pl"])
    assert action_bodies(welcome_pl) == MENU_IDS
    assert fake_viber.calls_to("send_message") == [], "welcomes are HTTP answers only"

    (source,) = bot.query("SELECT source, locale FROM people WHERE external_id = ?", ona["id"])
    assert tuple(source) == ("vilnius-fair", "lt")

    assert (await bot.post(v.subscribed(ona)))[0] == 200

    # Through the menu with keyboard replies.
    assert (await bot.post(v.message(ona, v.text("menu:about"))))[0] == 200
    (about,) = await fake_viber.wait_for(ona["id"], 1)
    assert profile.agency.about.root["lt"] in about["text"]
    assert profile.agency.phone in about["text"]
    assert "nav:menu" in action_bodies(about)
    assert about["sender"]["name"] == profile.agency.name.root["ka"][:28]

    await bot.post(v.message(ona, v.text("nav:menu")))
    menu = (await fake_viber.wait_for(ona["id"], 2))[-1]
    assert menu["text"] == MENU_QUESTION["lt"]
    assert action_bodies(menu) == MENU_IDS

    await bot.post(v.message(ona, v.text("menu:language")))
    picker = (await fake_viber.wait_for(ona["id"], 3))[-1]
    assert picker["text"] == t("Please choose your language.", "lt")
    assert action_bodies(picker) == [f"lang:{code}" for code in LANGUAGES] + ["nav:menu"]
    assert [text for _id, text in buttons(picker)][:6] == list(LANGUAGES.values())

    # A language change switches everything that follows.
    await bot.post(v.message(ona, v.text("lang:uk")))
    done, menu_uk = (await fake_viber.wait_for(ona["id"], 5))[-2:]
    assert done["text"] == t("Done! I will write to you in English from now on.", "uk")
    assert menu_uk["text"] == MENU_QUESTION["uk"]
    assert [text for _id, text in buttons(menu_uk)] == [t(x, "uk") for x in MENU_LABELS]

    # Jan types instead of pressing: a number, then something unexpected.
    await bot.post(v.message(jan, v.text(str(MENU_IDS.index("menu:about") + 1))))
    (about_pl,) = await fake_viber.wait_for(jan["id"], 1)
    assert profile.agency.about.root["pl"] in about_pl["text"]
    await bot.post(v.message(jan, v.sticker()))
    note, repeated = (await fake_viber.wait_for(jan["id"], 3))[-2:]
    assert note["text"] == t(
        "Thank you! I can't use that here, so please answer with the buttons or a short text.",
        "pl",
    )
    assert repeated["text"] == about_pl["text"]

    # Each person saw only their own conversation, in order, and nothing twice.
    assert len(fake_viber.sent_to(ona["id"])) == 5
    assert len(fake_viber.sent_to(jan["id"])) == 3
    assert {c.auth_token for c in fake_viber.calls} == {TOKEN}

    # Viber's receipt is recorded against the outbox row.
    token = fake_viber.calls_to("send_message")[0].answer["message_token"]
    assert (await bot.post(v.delivered(token, ona["id"])))[0] == 200
    (row,) = bot.query("SELECT delivered_at FROM outbox WHERE external_id = ?", str(token))
    assert row["delivered_at"] is not None

    # A forged call changes nothing, even on a running bot.
    forged = v.signed(v.message(ona, v.text("menu:about")), token=v.OTHER_TOKEN)
    async with bot.http.post(bot.webhook, data=forged.body, headers=forged.headers) as r:
        assert r.status == 403

    # Stopping is clean, and the token never reached the log.
    bot.process.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(bot.process.wait(), 30) == 0
    log = bot.log()
    assert TOKEN not in log
    assert "webhook registered" in log
