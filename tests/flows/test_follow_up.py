"""An enquiry left half-way gets one gentle reminder after the profile's delay, and none
after "not now", "please don't remind me", or once it is sent."""

from __future__ import annotations

from bot.runtime import Runtime
from bot.scheduler import Scheduler
from flows.messages import Rendered
from tests.conftest import FakeClock, Person
from tests.flows.test_enquiry import agree, answer_current, open_enquiry

REMINDER = "Hello again!"


async def tick(runtime: Runtime, clock: FakeClock, person: Person, **delta: float
               ) -> list[Rendered]:
    clock.advance(**delta)
    await Scheduler(runtime.db, runtime.engine, clock=clock).run_due()
    return await person.read()


async def test_one_reminder_after_the_delay_then_silence(
        runtime: Runtime, clock: FakeClock, person: Person) -> None:
    await agree(person)
    await answer_current(person)
    assert await tick(runtime, clock, person, hours=47) == []
    (reminder,) = await tick(runtime, clock, person, hours=2)
    assert reminder.text.startswith(REMINDER) and "does not commit you" in reminder.text
    assert [c.id.wire for c in reminder.choices] == ["resume:continue", "nav:menu", "fu:stop"]
    assert await tick(runtime, clock, person, days=5) == [], "one reminder only"
    replies = await person.press("Yes, let's continue")
    assert replies and replies[-1].choices, "the next question, where they stopped"


async def test_answering_again_moves_the_reminder_on(
        runtime: Runtime, clock: FakeClock, person: Person) -> None:
    await agree(person)
    clock.advance(hours=40)
    await answer_current(person)
    assert await tick(runtime, clock, person, hours=9) == [], "48 hours after the consent"
    assert await tick(runtime, clock, person, hours=30) == []
    (reminder,) = await tick(runtime, clock, person, hours=10)
    assert reminder.text.startswith(REMINDER)


async def test_please_dont_remind_me(runtime: Runtime, clock: FakeClock,
                                     person: Person) -> None:
    await agree(person)
    await tick(runtime, clock, person, hours=49)
    (answer, _menu) = await person.press("Please don't remind me")
    assert "we will not remind you again" in answer.text
    assert await tick(runtime, clock, person, days=10) == []


async def test_no_reminder_after_not_now_or_a_sent_enquiry(
        runtime: Runtime, clock: FakeClock) -> None:
    hesitant = Person(runtime, external_id="not-now")
    await open_enquiry(hesitant)
    await hesitant.send(choice="learn:start")
    await hesitant.send(choice="consent:no")
    assert await tick(runtime, clock, hesitant, days=3) == []

    from tests.flows.test_enquiry import complete_enquiry
    done = await complete_enquiry(runtime, "en")
    await done.read()
    assert await tick(runtime, clock, done, days=3) == []
