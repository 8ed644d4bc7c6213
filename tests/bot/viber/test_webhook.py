"""The webhook: signatures before anything else, clear 4xx, de-duplication, events."""

from __future__ import annotations

import json
import secrets

import pytest

from bot.viber.webhook import MAX_BODY
from flows.languages import LANGUAGE_CODES, LANGUAGES
from tests.bot.viber.conftest import (
    MENU_IDS,
    MENU_LABELS,
    Viber,
    action_bodies,
    buttons,
    greeting_of,
)
from tests.fakes import viber_api as v
from tests.flows.test_menu import MENU_QUESTION

UNSTORED = ("people", "processed_deliveries", "outbox", "sessions")


async def assert_nothing_stored(viber: Viber) -> None:
    for table in UNSTORED:
        assert await viber.count(table) == 0, f"{table} was written"


# -- refused before parsing ------------------------------------------------------------


async def test_a_forged_signature_is_refused_and_leaves_no_trace(viber: Viber) -> None:
    callback = v.signed(v.conversation_started(v.user("forged0001==")))
    headers = {**callback.headers, "X-Viber-Content-Signature": secrets.token_hex(32)}
    answer = await viber.post_raw(callback.body, headers)
    assert answer.status == 403
    await assert_nothing_stored(viber)


async def test_a_signature_of_another_body_is_refused(viber: Viber) -> None:
    genuine = v.signed(v.message(v.user("replay0001=="), v.text("hello")))
    tampered = genuine.body.replace(b"hello", b"HELLO")
    answer = await viber.post_raw(tampered, genuine.headers)
    assert answer.status == 403
    await assert_nothing_stored(viber)


async def test_a_missing_signature_is_refused(viber: Viber) -> None:
    callback = v.signed(v.conversation_started(v.user("nosig0001==")))
    answer = await viber.post_raw(callback.body, {"Content-Type": "application/json"})
    assert answer.status == 403
    await assert_nothing_stored(viber)


async def test_a_signature_made_with_another_token_is_refused(viber: Viber) -> None:
    """A stale token (the bot's token was regenerated) signs nothing any more."""
    callback = v.signed(v.message(v.user("stale0001=="), v.text("hi")), token=v.OTHER_TOKEN)
    answer = await viber.post_raw(callback.body, callback.headers)
    assert answer.status == 403
    await assert_nothing_stored(viber)


async def test_a_signature_that_is_not_hex_is_refused_without_an_error(viber: Viber) -> None:
    callback = v.signed(v.subscribed(v.user("weird0001==")))
    headers = {**callback.headers, "X-Viber-Content-Signature": "ąčę" * 10}
    answer = await viber.post_raw(callback.body, headers)
    assert answer.status == 403
    await assert_nothing_stored(viber)


async def test_malformed_json_is_a_bad_request(viber: Viber) -> None:
    body = b'{"event": "message", "sender": '
    answer = await viber.post_raw(body, {"X-Viber-Content-Signature": v.sign(body)})
    assert answer.status == 400
    await assert_nothing_stored(viber)


@pytest.mark.parametrize("body", [b"[1, 2]", b'"message"', b'{"no_event": 1}', b"\xff\xfe"])
async def test_json_that_is_not_a_callback_is_a_bad_request(viber: Viber, body: bytes) -> None:
    answer = await viber.post_raw(body, {"X-Viber-Content-Signature": v.sign(body)})
    assert answer.status == 400
    await assert_nothing_stored(viber)


async def test_an_oversized_body_is_refused(viber: Viber) -> None:
    data = v.message(v.user("big0001=="), v.text("x" * (MAX_BODY + 1)))
    answer = await viber.post(data)
    assert answer.status == 413
    await assert_nothing_stored(viber)


@pytest.mark.parametrize(
    "data",
    [
        {"event": "client_status", "timestamp": 1700000000000, "message_token": 1,
         "user_id": "someone0001=="},
        {"event": "webhook", "timestamp": 1700000000000, "chat_hostname": "SN-platform-01",
         "message_token": 5491567453123412345},
        v.seen(5123456789012345678, "someone0001=="),
    ],
    ids=["unknown event", "webhook check", "seen"],
)
async def test_events_we_do_not_act_on_are_answered_200_and_ignored(
    viber: Viber, data: dict[str, object]
) -> None:
    answer = await viber.post(data)  # type: ignore[arg-type]
    assert answer.status == 200
    await assert_nothing_stored(viber)


# -- conversation_started: the welcome is the HTTP answer -------------------------------


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
async def test_conversation_started_answers_with_a_welcome_in_the_persons_language(
    viber: Viber, lang: str
) -> None:
    answer = await viber.post(v.conversation_started(v.user(f"start-{lang}==", language=lang)))
    assert answer.status == 200
    welcome = answer.json()
    assert "receiver" not in welcome, "the welcome travels in the HTTP answer"
    assert v.validate_content(welcome) is None
    assert welcome["sender"]["name"]
    assert greeting_of(viber.runtime.profile, lang) in welcome["text"]
    assert welcome["text"].endswith(MENU_QUESTION[lang])
    assert action_bodies(welcome) == MENU_IDS
    labels = [text for _body, text in buttons(welcome)]
    assert labels == [viber.text(label, lang) for label in MENU_LABELS]
    assert viber.api.calls == [], "nothing may be sent before the person subscribes"
    # Stored as already sent, so the sender never sends it again.
    assert [row["status"] for row in await viber.outbox(f"start-{lang}==")] == ["sent"]
    assert await viber.deliver() == 0


async def test_a_context_from_the_link_is_kept_as_the_first_touch_source(viber: Viber) -> None:
    who = v.user("campaign0001==", language="pl")
    first = await viber.post(v.conversation_started(who, context="spring-2026"))
    assert MENU_QUESTION["pl"] in first.json()["text"]
    await viber.post(v.conversation_started(who, context="other"))
    async with viber.runtime.db.reading() as conn:
        from storage.repositories import People

        person = await People(conn).find("viber", "campaign0001==")
    assert person is not None and person.source == "spring-2026"
    assert person.locale == "pl"


async def test_a_repeated_conversation_started_is_handled_once(viber: Viber) -> None:
    data = v.conversation_started(v.user("twice0001==", language="lt"))
    first = await viber.post(data)
    again = await viber.post(data)
    assert first.status == again.status == 200
    assert MENU_QUESTION["lt"] in first.json()["text"]
    assert again.body == b""
    assert await viber.count("people") == 1
    assert await viber.count("processed_deliveries") == 1
    assert len(await viber.outbox("twice0001==")) == 1


# -- messages ----------------------------------------------------------------------------


async def test_a_duplicate_message_token_is_handled_once(viber: Viber) -> None:
    who = v.user("dup0001==", language="lt")
    await viber.post(v.conversation_started(who))
    before = len(await viber.outbox("dup0001=="))
    data = v.message(who, v.text("menu:about"))
    assert (await viber.post(data)).status == 200
    assert (await viber.post(data)).status == 200
    assert (await viber.post(v.signed(data))).status == 200
    rows = await viber.outbox("dup0001==")
    assert len(rows) == before + 1, "the about page is queued once"
    assert await viber.count("processed_deliveries") == 2
    await viber.deliver()
    assert len(viber.api.sent_to("dup0001==")) == 1


async def test_a_keyboard_reply_is_the_choice_it_carries(viber: Viber) -> None:
    who = v.user("reply0001==", language="lt")
    await viber.post(v.conversation_started(who))
    await viber.post(v.message(who, v.text("menu:language")))
    await viber.deliver()
    (picker,) = viber.api.sent_to("reply0001==")
    assert picker["text"] == viber.text("Please choose your language.", "lt")
    assert action_bodies(picker) == [f"lang:{code}" for code in LANGUAGES] + ["nav:menu"]
    await viber.post(v.message(who, v.text("lang:uk")))
    await viber.deliver()
    done, menu = viber.api.sent_to("reply0001==")[1:]
    assert done["text"] == viber.text("Done! I will write to you in English from now on.", "uk")
    assert menu["text"] == MENU_QUESTION["uk"]
    assert action_bodies(menu) == MENU_IDS


async def test_a_button_of_an_earlier_keyboard_is_answered_kindly(viber: Viber) -> None:
    who = v.user("stale-button==", language="pl")
    await viber.post(v.conversation_started(who))
    await viber.post(v.message(who, v.text("lang:uk")))
    await viber.deliver()
    note, menu = viber.api.sent_to("stale-button==")
    assert note["text"].startswith(
        viber.text("That button belongs to an earlier message. Here is where we are now:", "pl")
    )
    assert menu["text"] == MENU_QUESTION["pl"]


async def test_typing_a_label_or_a_number_works_as_on_telegram(viber: Viber) -> None:
    who = v.user("typed0001==", language="en")
    await viber.post(v.conversation_started(who))
    language_entry = MENU_IDS.index("menu:language") + 1
    await viber.post(v.message(who, v.text(str(language_entry))))
    await viber.post(v.message(who, v.text("Polski")))
    await viber.deliver()
    picker, done, menu = viber.api.sent_to("typed0001==")
    assert picker["text"] == "Please choose your language."
    assert done["text"] == viber.text("Done! I will write to you in English from now on.", "pl")
    assert menu["text"] == MENU_QUESTION["pl"]


KINDS = {
    "picture": v.picture(),
    "video": v.video(),
    "file": v.file(),
    "sticker": v.sticker(),
    "location": v.location(),
    "url": v.url(),
    "contact": v.contact(),
    "unknown type": {"type": "audio", "media": "https://example.org/a.ogg"},
}


@pytest.mark.parametrize("content", list(KINDS.values()), ids=list(KINDS))
async def test_kinds_a_step_does_not_expect_get_the_same_kind_answer(
    viber: Viber, content: dict[str, object]
) -> None:
    who = v.user("kinds0001==", language="lt")
    await viber.post(v.conversation_started(who))
    assert (await viber.post(v.message(who, content))).status == 200
    await viber.deliver()
    note, menu = viber.api.sent_to("kinds0001==")
    assert note["text"] == viber.text(
        "Thank you! I can't use that here, so please answer with the buttons or a short text.",
        "lt",
    )
    assert menu["text"] == MENU_QUESTION["lt"]
    assert action_bodies(menu) == MENU_IDS


async def test_a_first_message_without_conversation_started_still_greets(viber: Viber) -> None:
    who = v.user("direct0001==", language="pl")
    await viber.post(v.message(who, v.text("Dzień dobry")))
    await viber.deliver()
    (welcome,) = viber.api.sent_to("direct0001==")  # the greeting and the menu, one message
    assert welcome["text"].startswith(greeting_of(viber.runtime.profile, "pl"))
    assert welcome["text"].endswith(f"\n\n{MENU_QUESTION['pl']}")
    assert action_bodies(welcome) == MENU_IDS


# -- subscribed, unsubscribed, delivered, failed ------------------------------------------


async def test_unsubscribed_stops_everything_and_subscribing_again_resumes(
    viber: Viber,
) -> None:
    who = v.user("leaver0001==", language="lt")
    await viber.post(v.conversation_started(who))
    await viber.post(v.message(who, v.text("menu:about")))
    assert (await viber.post(v.unsubscribed("leaver0001=="))).status == 200
    async with viber.runtime.db.reading() as conn:
        from storage.repositories import People

        person = await People(conn).find("viber", "leaver0001==")
    assert person is not None and person.unsubscribed
    assert await viber.deliver() == 0
    assert viber.api.sent_to("leaver0001==") == []
    statuses = [row["status"] for row in await viber.outbox("leaver0001==")]
    assert statuses == ["sent", "cancelled"], "queued rows are not sent later"

    assert (await viber.post(v.subscribed(who))).status == 200
    async with viber.runtime.db.reading() as conn:
        person = await People(conn).find("viber", "leaver0001==")
    assert person is not None and not person.unsubscribed
    await viber.post(v.message(who, v.text("nav:menu")))  # they were reading "about us"
    await viber.deliver()
    (menu,) = viber.api.sent_to("leaver0001==")
    assert menu["text"] == MENU_QUESTION["lt"]


async def test_subscribing_without_opening_the_chat_greets_with_the_menu(viber: Viber) -> None:
    answer = await viber.post(v.subscribed(v.user("infoscreen==", language="uk")))
    assert answer.status == 200
    await viber.deliver()
    (welcome,) = viber.api.sent_to("infoscreen==")  # the greeting and the menu, one message
    assert welcome["text"].startswith(greeting_of(viber.runtime.profile, "uk"))
    assert welcome["text"].endswith(f"\n\n{MENU_QUESTION['uk']}")
    assert action_bodies(welcome) == MENU_IDS


async def test_unsubscribed_from_a_stranger_stores_nothing(viber: Viber) -> None:
    assert (await viber.post(v.unsubscribed("stranger0001=="))).status == 200
    await assert_nothing_stored(viber)


async def test_delivered_and_failed_are_recorded_against_the_outbox_row(viber: Viber) -> None:
    who = v.user("receipts0001==", language="en")
    await viber.post(v.conversation_started(who))
    await viber.post(v.message(who, v.text("menu:language")))
    await viber.post(v.message(who, v.text("nav:menu")))
    await viber.deliver()
    rows = [r for r in await viber.outbox("receipts0001==") if r["external_id"] != "inline"]
    assert len(rows) == 2 and all(r["status"] == "sent" for r in rows)
    first, second = rows
    assert (await viber.post(v.delivered(first["external_id"], "receipts0001=="))).status == 200
    answer = await viber.post(v.failed(second["external_id"], "receipts0001==", "user blocked"))
    assert answer.status == 200
    by_id = {r["id"]: r for r in await viber.outbox("receipts0001==")}
    assert by_id[first["id"]]["delivered_at"] is not None
    assert by_id[first["id"]]["status"] == "sent"
    assert by_id[second["id"]]["status"] == "failed"
    assert "user blocked" in by_id[second["id"]]["last_error"]
    assert by_id[second["id"]]["delivered_at"] is None


async def test_status_callbacks_for_unknown_messages_change_nothing(viber: Viber) -> None:
    assert (await viber.post(v.delivered(1234567890123, "nobody=="))).status == 200
    assert (await viber.post(v.failed(1234567890123, "nobody=="))).status == 200
    await assert_nothing_stored(viber)


async def test_the_webhook_answer_is_json_in_utf8(viber: Viber) -> None:
    answer = await viber.post(v.conversation_started(v.user("utf8==", language="ka")))
    assert MENU_QUESTION["ka"] in json.loads(answer.body.decode("utf-8"))["text"]
