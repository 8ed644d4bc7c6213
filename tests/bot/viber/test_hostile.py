"""Signed callbacks in shapes nobody should send: never a 5xx, never a retry storm.

Viber sends a callback again for about an hour until it gets a 200, so what cannot be
used is answered 200 and logged once; only a body that is not JSON at all is a 400.
"""

from __future__ import annotations

import json
import logging

import pytest

from bot.viber.webhook import MAX_BODY
from tests.bot.viber.conftest import MENU_IDS, Viber, action_bodies
from tests.bot.viber.test_webhook import assert_nothing_stored
from tests.fakes import viber_api as v
from tests.flows.test_menu import MENU_QUESTION


def signed_body(body: bytes) -> tuple[bytes, dict[str, str]]:
    return body, {"X-Viber-Content-Signature": v.sign(body),
                  "Content-Type": "application/json"}


def escaped(data: dict[str, object]) -> bytes:
    """The callback as a client that escapes every non-ASCII character writes it."""
    return json.dumps(data, ensure_ascii=True).encode()


async def test_json_nested_five_thousand_levels_deep_is_a_bad_request(viber: Viber) -> None:
    body = b'{"event": "message", "message": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    answer = await viber.post_raw(*signed_body(body))
    assert answer.status == 400
    await assert_nothing_stored(viber)


@pytest.mark.parametrize("kind", [["text"], {"text": "hi"}, 7, None], ids=str)
async def test_a_message_type_of_the_wrong_shape_is_ignored_and_logged_once(
    viber: Viber, kind: object, caplog: pytest.LogCaptureFixture
) -> None:
    data = v.message(v.user("shape0001=="), {"type": kind, "text": "hi"})
    callback = v.signed(data)
    caplog.set_level(logging.WARNING, logger="bot.viber.webhook")
    for _retry in range(3):  # Viber retries what was not answered 200
        answer = await viber.post_raw(callback.body, callback.headers)
        assert answer.status == 200
    ignored = [r for r in caplog.records if "cannot be used" in r.getMessage()]
    assert len(ignored) == 1
    await assert_nothing_stored(viber)


async def test_a_callback_missing_its_sender_is_ignored_and_logged_once(
    viber: Viber, caplog: pytest.LogCaptureFixture
) -> None:
    data = v.message(v.user("partial0002=="), v.text("hi"))
    del data["sender"]
    caplog.set_level(logging.WARNING, logger="bot.viber.webhook")
    assert (await viber.post(data)).status == 200
    assert (await viber.post(data)).status == 200
    assert len([r for r in caplog.records if "cannot be used" in r.getMessage()]) == 1
    await assert_nothing_stored(viber)


async def test_a_text_with_a_lone_surrogate_is_answered_like_any_text(viber: Viber) -> None:
    who = v.user("surrogate0001==", language="lt")
    await viber.post(v.conversation_started(who))
    data = v.message(who, v.text("hi MARK"))
    body = escaped(data).replace(b"MARK", b"\\udc00")
    assert b"\\udc00" in body
    answer = await viber.post_raw(*signed_body(body))
    assert answer.status == 200
    await viber.deliver()
    *_, menu = viber.api.sent_to("surrogate0001==")
    assert menu["text"] == MENU_QUESTION["lt"]
    assert action_bodies(menu) == MENU_IDS
    assert await viber.count("processed_deliveries") == 2


async def test_seven_thousand_escaped_emoji_fit_under_the_body_cap(viber: Viber) -> None:
    who = v.user("emoji0001==", language="en")
    await viber.post(v.conversation_started(who))
    body = escaped(v.message(who, v.text("😀" * 7000)))
    assert len(body) > 82_000, "each emoji is the 12 bytes of \\ud83d\\ude00"
    assert len(body) <= MAX_BODY
    answer = await viber.post_raw(*signed_body(body))
    assert answer.status == 200
    assert await viber.count("processed_deliveries") == 2
    await viber.deliver()
    assert viber.api.sent_to("emoji0001=="), "the person got an answer"


async def test_two_people_subscribing_in_the_same_millisecond_are_two_people(
    viber: Viber,
) -> None:
    first = v.subscribed(v.user("same-ms-a==", language="uk"))
    second = v.subscribed(v.user("same-ms-b==", language="pl"))
    for data in (first, second):
        del data["message_token"]
        data["timestamp"] = 1_764_633_600_000
    assert (await viber.post(first)).status == 200
    assert (await viber.post(second)).status == 200
    assert await viber.count("people") == 2
    await viber.deliver()
    assert viber.api.sent_to("same-ms-a==") and viber.api.sent_to("same-ms-b==")


WRONG_SHAPES: list[object] = [None, 0, True, [], ["x"], {}, {"id": "x"}, "", "x" * 300]


def shapes() -> list[tuple[str, str, dict[str, object]]]:
    """Each field of each real callback, in turn replaced by a value of another shape."""
    who = v.user("fuzz0001==")
    callbacks = {
        "conversation_started": v.conversation_started(who, context="c"),
        "message": v.message(who, v.text("hello")),
        "contact": v.message(who, v.contact()),
        "location": v.message(who, v.location()),
        "subscribed": v.subscribed(who),
        "unsubscribed": v.unsubscribed("fuzz0001=="),
        "delivered": v.delivered(1234, "fuzz0001=="),
        "failed": v.failed(1234, "fuzz0001=="),
    }
    cases = []
    for name, data in callbacks.items():
        paths = [(key,) for key in data if key != "event"]
        paths += [(key, inner) for key in ("user", "sender", "message")
                  if isinstance(data.get(key), dict) for inner in data[key]]  # type: ignore[union-attr]
        for path in paths:
            for wrong in WRONG_SHAPES:
                bent = json.loads(json.dumps(data))
                target = bent
                for part in path[:-1]:
                    target = target[part]
                target[path[-1]] = wrong
                cases.append((name, ".".join(path), bent))
    return cases


async def test_no_field_of_the_wrong_shape_causes_a_server_error(viber: Viber) -> None:
    failures = []
    for name, path, data in shapes():
        answer = await viber.post(data)
        if answer.status >= 500:
            failures.append(f"{name} {path}={data}")
    assert failures == []
