"""What the engine answers for one event: channels and the scheduler act on it as it is,
without asking the database again what happened."""

from __future__ import annotations

from typing import NoReturn

import pytest

from bot.engine import Outcome
from bot.runtime import Runtime
from flows import router
from flows.messages import Inbound
from tests.conftest import Person


async def test_a_message_is_handled_once_and_its_repeat_is_a_duplicate(
    runtime: Runtime,
) -> None:
    person = Person(runtime)
    hello = Inbound("console", person.external_id, "delivery-1", text="/start")
    assert await runtime.engine.handle(hello) is Outcome.HANDLED
    first = await person.read()
    assert first and first[0].text
    assert await runtime.engine.handle(hello) is Outcome.DUPLICATE
    assert await person.read() == [], "nothing said twice"


async def test_an_internal_event_for_nobody_is_ignored(runtime: Runtime) -> None:
    stray = Inbound("console", "erased-long-ago", "job:999", system="reminder:1")
    assert await runtime.engine.handle(stray) is Outcome.IGNORED
    assert await Person(runtime, external_id="erased-long-ago").read() == []


async def test_a_failing_step_is_answered_with_an_apology_and_counts_as_handled(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> NoReturn:
        raise RuntimeError("a bug in a flow")

    monkeypatch.setattr(router, "dispatch", broken)
    person = Person(runtime)
    event = Inbound("console", person.external_id, "delivery-2", text="hello")
    assert await runtime.engine.handle(event) is Outcome.HANDLED
    (sorry, menu) = await person.read()
    assert sorry.text.startswith("Sorry, something went wrong on our side")
    assert menu.choices


async def test_when_not_even_the_apology_can_be_stored_it_failed_and_may_come_again(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> NoReturn:
        raise RuntimeError("a bug in a flow")

    monkeypatch.setattr(router, "dispatch", broken)
    monkeypatch.setattr(router, "current_prompt", broken)
    person = Person(runtime)
    event = Inbound("console", person.external_id, "delivery-3", text="hello")
    assert await runtime.engine.handle(event) is Outcome.FAILED
    assert await person.read() == []
    monkeypatch.undo()
    assert await runtime.engine.handle(event) is Outcome.HANDLED, "not taken as a duplicate"
    assert await person.read()
