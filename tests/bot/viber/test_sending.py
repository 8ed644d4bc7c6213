"""Sending through the outbox: throttling, outages, unsubscribed people, receipts, secrets."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from bot.viber.transport import LIMITS, MAX_TEXT, message_payloads, sender_info, split_text
from flows.effects import Choice, FileBody, Say
from flows.languages import LANGUAGE_CODES
from flows.menu import TO_MENU
from flows.messages import ChoiceId, Rendered, RenderedChoice
from flows.text import Verbatim
from storage.outbox_codec import encode
from storage.repositories import People, Repos
from tests.bot.viber.conftest import MENU_IDS, Viber, action_bodies, make_viber
from tests.conftest import FakeClock
from tests.fakes import viber_api as v
from tests.fakes.viber_api import TOKEN, FakeViberApi
from tests.flows.test_menu import MENU_QUESTION


async def start_and_pick_language(viber: Viber, user_id: str, lang: str = "lt") -> None:
    who = v.user(user_id, language=lang)
    await viber.post(v.conversation_started(who))
    await viber.post(v.message(who, v.text("menu:language")))


async def test_status_12_is_retried_later_and_delivered_once(viber: Viber) -> None:
    await start_and_pick_language(viber, "busy0001==")
    viber.api.throttle_next(1)
    assert await viber.deliver() == 0
    (row,) = [r for r in await viber.outbox("busy0001==") if r["status"] == "pending"]
    assert row["attempts"] == 1 and "12" in row["last_error"]
    assert viber.api.sent_to("busy0001==") == []
    # Not before a minute has passed, and then exactly once.
    viber.clock.advance(seconds=30)
    assert await viber.deliver() == 0
    viber.clock.advance(seconds=31)
    assert await viber.deliver() == 1
    assert await viber.deliver() == 0
    (picker,) = viber.api.sent_to("busy0001==")
    assert picker["text"] == viber.text("Please choose your language.", "lt")
    throttled = [c for c in viber.api.calls_to("send_message") if c.answer["status"] == 12]
    assert len(throttled) == 1


@pytest.mark.parametrize("http_status", [500, 502, 503])
async def test_a_server_error_is_retried_later(viber: Viber, http_status: int) -> None:
    await start_and_pick_language(viber, "outage0001==")
    viber.api.fail_next(1, http_status)
    assert await viber.deliver() == 0
    (row,) = [r for r in await viber.outbox("outage0001==") if r["status"] == "pending"]
    assert str(http_status) in row["last_error"]
    viber.clock.advance(minutes=5)
    assert await viber.deliver() == 1
    assert len(viber.api.sent_to("outage0001==")) == 1


async def test_a_network_error_is_retried_later(
    tmp_path: Path, clock: FakeClock
) -> None:
    api = FakeViberApi()
    await api.start()
    await api.close()  # nobody listens at that address any more
    async for viber in make_viber(tmp_path, clock, api):
        await start_and_pick_language(viber, "offline0001==")
        assert await viber.deliver() == 0
        (row,) = [r for r in await viber.outbox("offline0001==") if r["status"] == "pending"]
        assert row["attempts"] == 1 and row["last_error"]


async def test_a_person_who_unsubscribed_gets_nothing(viber: Viber) -> None:
    who = v.user("gone0001==", language="pl")
    await viber.post(v.conversation_started(who))
    await viber.post(v.unsubscribed("gone0001=="))
    # Something queued for them afterwards (a reminder, a staff answer) stays unsent.
    async with viber.runtime.db.transaction() as conn:
        from storage.repositories import Repos

        repos = Repos(conn)
        person = await repos.people.find("viber", "gone0001==")
        assert person is not None
        await repos.outbox.add(person_id=person.id, channel="viber", recipient="gone0001==",
                               payload=dict(encode(Rendered("later"))), now=viber.clock())
    assert await viber.deliver() == 0
    assert viber.api.calls_to("send_message") == []


async def test_receiver_not_subscribed_marks_the_person_unreachable(viber: Viber) -> None:
    await start_and_pick_language(viber, "never0001==")
    viber.api.unsubscribed.add("never0001==")
    assert await viber.deliver() == 0
    rows = await viber.outbox("never0001==")
    assert rows[-1]["status"] == "failed" and "6" in rows[-1]["last_error"]
    async with viber.runtime.db.reading() as conn:
        person = await People(conn).find("viber", "never0001==")
    assert person is not None and person.blocked


async def test_another_status_is_recorded_with_its_message(
    tmp_path: Path, clock: FakeClock
) -> None:
    api = FakeViberApi(token=v.OTHER_TOKEN)  # the bot's token is not this account's
    await api.start()
    try:
        async for viber in make_viber(tmp_path, clock, api):
            await start_and_pick_language(viber, "wrongtoken0001==")
            assert await viber.deliver() == 0
            rows = await viber.outbox("wrongtoken0001==")
            assert rows[-1]["status"] == "failed"
            assert rows[-1]["last_error"] == "Viber status 2: invalidAuthToken"
    finally:
        await api.close()


async def test_send_message_carries_token_header_sender_and_keyboard(viber: Viber) -> None:
    await start_and_pick_language(viber, "shape0001==", lang="pl")
    await viber.post(v.message(v.user("shape0001==", language="pl"), v.text("nav:menu")))
    await viber.deliver()
    call = viber.api.calls_to("send_message")[-1]
    assert call.auth_token == TOKEN
    assert call.body["receiver"] == "shape0001=="
    assert call.body["type"] == "text"
    assert call.body["text"] == MENU_QUESTION["pl"]
    assert action_bodies(call.body) == MENU_IDS
    agency = viber.runtime.profile.agency
    default_name = agency.name.root[agency.default_locale]
    assert call.body["sender"] == {"name": default_name[:28]}
    assert v.validate_message(call.body) is None


async def test_bot_name_and_avatar_come_from_the_settings(
    tmp_path: Path, clock: FakeClock, fake_viber: FakeViberApi
) -> None:
    async for viber in make_viber(
        tmp_path, clock, fake_viber, viber_bot_name="Family Centre",
        viber_avatar_url="https://cdn.example.org/avatar.jpg",
    ):
        await start_and_pick_language(viber, "named0001==")
        await viber.deliver()
        (picker,) = viber.api.sent_to("named0001==")
        assert picker["sender"] == {"name": "Family Centre",
                                    "avatar": "https://cdn.example.org/avatar.jpg"}
        welcome = await viber.post(v.conversation_started(v.user("named0002==")))
        assert welcome.json()["sender"]["name"] == "Family Centre"


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
async def test_asking_for_the_phone_shows_a_share_phone_button_in_the_persons_language(
    viber: Viber, lang: str
) -> None:
    await viber.post(v.conversation_started(v.user("phone0001==", language=lang)))
    async with viber.runtime.db.transaction() as conn:
        from storage.repositories import Repos

        repos = Repos(conn)
        person = await repos.people.find("viber", "phone0001==")
        assert person is not None
        # As the engine commits it: the share-phone label in the person's language.
        question = viber.runtime.renderer.render(
            Say(Verbatim("?"), (Choice(ChoiceId.from_wire("enquiry:skip"), Verbatim("Skip")),),
                ask_phone=True),
            person.locale)
        await repos.outbox.add_message(person_id=person.id, channel="viber",
                                       recipient="phone0001==", message=question,
                                       now=viber.clock())
    assert await viber.deliver() == 1
    (sent,) = viber.api.sent_to("phone0001==")
    share, skip = sent["keyboard"]["Buttons"]
    assert share["ActionType"] == "share-phone"
    assert share["Text"] == viber.text("Share my phone number", lang)
    assert skip["ActionBody"] == "enquiry:skip"
    assert sent["min_api_version"] == 3


async def test_the_auth_token_is_never_logged(
    viber: Viber, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await start_and_pick_language(viber, "secret0001==")
    viber.api.throttle_next(1)
    await viber.deliver()
    viber.clock.advance(minutes=2)
    await viber.deliver()
    await viber.post(v.signed(v.message(v.user("x=="), v.text("hi")), token=v.OTHER_TOKEN))
    assert TOKEN not in caplog.text
    assert "Please choose" not in caplog.text, "what people read is not logged either"


def test_long_texts_are_split_and_the_keyboard_goes_with_the_last_part() -> None:
    paragraph = "Globa yra rūpestis. " * 100
    rendered = Rendered(text=(paragraph.strip() + "\n\n") * 8,
                        choices=(RenderedChoice(TO_MENU, "Atgal"),))
    parts = message_payloads(rendered, sender=sender_info("x", None))
    assert len(parts) == 3
    assert all(len(p["text"]) <= MAX_TEXT for p in parts)
    assert [("keyboard" in p) for p in parts] == [False, False, True]
    assert "".join(p["text"] for p in parts).replace("\n", "").replace(" ", "") == \
        rendered.text.replace("\n", "").replace(" ", "")


def test_split_text_keeps_short_texts_whole_and_cuts_unbroken_ones() -> None:
    assert split_text("short") == ["short"]
    assert split_text("x" * 15000) == ["x" * 7000, "x" * 7000, "x" * 1000]


def test_a_file_is_named_because_viber_sends_media_by_url_only() -> None:
    rendered = Rendered(text="Your booking",
                        file=FileBody("booking.ics", "text/calendar", b"BEGIN"))
    (payload,) = message_payloads(rendered, sender=sender_info("x", None))
    assert payload["type"] == "text"
    assert payload["text"] == "Your booking\n\n📎 booking.ics"


def test_the_limits_allow_bursts_but_keep_each_chat_in_order() -> None:
    assert LIMITS.per_chat_interval > 0
    assert LIMITS.global_per_second and LIMITS.global_per_second >= 30
    assert LIMITS.group_per_minute is None


async def test_a_long_text_whose_second_part_failed_goes_on_from_that_part(
    viber: Viber, monkeypatch: pytest.MonkeyPatch
) -> None:
    await start_and_pick_language(viber, "long0001==")
    await viber.deliver()
    first, second = "Перша частина. " * 400, "Друга частина. " * 400  # two parts
    async with viber.runtime.db.transaction() as conn:
        person = await People(conn).find("viber", "long0001==")
        assert person is not None
        await Repos(conn).outbox.add(person_id=person.id, channel="viber",
                                     recipient="long0001==", now=viber.clock(),
                                     payload=dict(encode(Rendered(first + "\n\n" + second))))
    api = viber.channel.transport.api
    original = api.call
    calls = 0

    async def second_part_fails_once(method: str, body: dict[str, Any]) -> dict[str, Any]:
        nonlocal calls
        calls += 1
        if calls == 2:
            viber.api.fail_next(1, 502)
        return await original(method, body)

    monkeypatch.setattr(api, "call", second_part_fails_once)
    assert await viber.deliver(viber.sender()) == 0
    viber.clock.advance(minutes=5)
    assert await viber.deliver(viber.sender()) == 1
    texts = [body["text"] for body in viber.api.sent_to("long0001==")][1:]
    assert texts == split_text(first + "\n\n" + second)  # each part once
    assert len(texts) == 2
