"""The bot marks the first stages of the recruitment funnel as a person goes through
«Become a foster carer»: opened, agreed to the consent, sent the enquiry — once each, with
the campaign that brought them."""

from __future__ import annotations

from datetime import timedelta

from bot.runtime import Runtime
from storage import funnel
from storage.repositories import Repos
from tests.conftest import START, FakeClock, Person
from tests.flows.test_enquiry import agree, answer_all, local_phone


async def journeys(runtime: Runtime) -> list[funnel.Journey]:
    async with runtime.db.reading() as conn:
        return await funnel.journeys(conn, START - timedelta(days=1), START + timedelta(days=9))


async def test_each_stage_is_marked_once_with_the_deep_link_source(
        runtime: Runtime, clock: FakeClock) -> None:
    person = Person(runtime)
    await person.send("/start spring-2026")
    await person.send(choice="menu:foster")
    (only,) = await journeys(runtime)
    assert only.source == "spring-2026" and set(only.reached) == {"opened"}

    await person.send(choice="nav:menu")
    clock.advance(hours=1)
    await person.send(choice="menu:foster")  # a second look is not a second journey
    await person.send(choice="learn:start")
    await person.send(choice="consent:yes")
    (only,) = await journeys(runtime)
    assert only.opened_at == START and set(only.reached) == {"opened", "consented"}

    await answer_all(person, runtime.profile)
    await person.send("Nino")
    await person.send(local_phone(runtime.profile))
    await person.send(choice="s:send")
    (only,) = await journeys(runtime)
    assert set(only.reached) == {"opened", "consented", "sent"}
    assert only.has("consented") and not only.has("contacted")


async def test_saying_not_now_to_the_consent_leaves_the_journey_at_opened(
        runtime: Runtime) -> None:
    person = Person(runtime, external_id="p2")
    await person.send("/start")
    await person.send(choice="menu:foster")
    await person.send(choice="learn:start")
    await person.send(choice="consent:no")
    (only,) = await journeys(runtime)
    assert only.source is None and set(only.reached) == {"opened"}


async def test_an_erased_person_stays_a_count_without_them(runtime: Runtime) -> None:
    person = Person(runtime, external_id="p3")
    await agree(person)
    await person.send("/forget")
    await person.press(person.buttons[0])
    async with runtime.db.reading() as conn:
        assert await Repos(conn).people.find("console", "p3") is None, "erased"
    async with runtime.db.reading() as conn, conn.execute(
            "SELECT person_id, consented_at FROM funnel") as cursor:
        rows = [tuple(row) for row in await cursor.fetchall()]
    assert len(rows) == 1 and rows[0][0] is None and rows[0][1] is not None
