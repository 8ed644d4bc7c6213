"""A booking's calendar file reaches Viber people as a real file message, by a signed
link on the bot's own server that expires."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest

from flows.messages import Rendered
from storage.repositories import Repos
from tests.bot.viber.conftest import Viber, make_viber
from tests.conftest import FakeClock
from tests.fakes import viber_api as v
from tests.fakes.viber_api import FakeViberApi

PUBLIC = "https://bot.example.org"
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
BOOKED = Rendered("Done! Your consultation is booked. The calendar file below adds it to your"
                  " phone's calendar.", attachment_name="consultation-2026-11-25.ics",
                  attachment_mime="text/calendar",
                  attachment_b64=base64.b64encode(ICS).decode())


@pytest.fixture
async def public_viber(
    tmp_path: Path, clock: FakeClock, fake_viber: FakeViberApi
) -> AsyncIterator[Viber]:
    async for harness in make_viber(tmp_path, clock, fake_viber, webhook_base_url=PUBLIC,
                                    webhook_secret="files_secret-1"):
        yield harness


async def send_booked(viber: Viber, user_id: str) -> None:
    await viber.post(v.conversation_started(v.user(user_id, language="en")))
    await viber.post(v.subscribed(v.user(user_id, language="en")))
    async with viber.runtime.db.transaction() as conn:
        await Repos(conn).outbox.add(person_id=None, channel="viber", recipient=user_id,
                                     payload=BOOKED.to_json(), now=viber.clock())
    await viber.deliver()


async def fetch(viber: Viber, link: str) -> tuple[int, bytes]:
    """GET a link to the public address on the test server instead."""
    local = viber.webhook_url.split("/viber/")[0] + urlsplit(link).path
    async with aiohttp.ClientSession() as http, http.get(local) as response:
        return response.status, await response.read()


async def test_the_calendar_file_is_sent_as_a_file_message(public_viber: Viber) -> None:
    await send_booked(public_viber, "ics0001==")
    *_, text, document = public_viber.api.sent_to("ics0001==")
    assert text["type"] == "text" and "📎" not in text["text"]
    assert document["type"] == "file"
    assert document["file_name"] == "consultation-2026-11-25.ics"
    assert document["size"] == len(ICS)
    assert document["media"].startswith(f"{PUBLIC}/files/")
    assert await fetch(public_viber, document["media"]) == (200, ICS)

    tampered = document["media"].replace("/files/", "/files/9")
    assert (await fetch(public_viber, tampered))[0] == 404
    public_viber.clock.advance(hours=25)
    assert (await fetch(public_viber, document["media"]))[0] == 404, "the link expires"


async def test_without_a_public_address_the_person_is_told_the_files_name(
    viber: Viber,
) -> None:
    await send_booked(viber, "ics0002==")
    last = viber.api.sent_to("ics0002==")[-1]
    assert last["type"] == "text" and "📎 consultation-2026-11-25.ics" in last["text"]
