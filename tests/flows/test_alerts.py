"""A message suggesting a child is in danger: hotlines at once, in words that fit who is
writing, an urgent ticket, and what was detected kept for the report."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.runtime import Runtime, build_runtime
from flows.staff.effects import PersonSaid, RaiseAlert
from tests.conftest import FakeClock, Person
from tests.flows.test_enquiry import agree
from tests.flows.test_handoff import desk_jobs, talk_to_a_person, tickets

WORRYING = {
    "ka": "ჩემი მამა მცემს",
    "uk": "Вітчим б'є мене кожен день",
    "lt": "Tėtis mane muša",
    "pl": "Ojczym mnie bije",
    "en": "my dad beats me",
    "ru": "отчим бьёт меня",
}


@pytest.mark.parametrize("lang", list(WORRYING))
async def test_a_worrying_message_gets_the_hotlines_and_an_urgent_ticket(
    runtime: Runtime, lang: str
) -> None:
    person = Person(runtime, language_hint=lang)
    await person.send("/start")
    answer, talking = await person.send(WORRYING[lang])
    for hotline in runtime.profile.hotlines:
        # One line each, written as people write it: no space before the colon.
        assert f"☎ {hotline.label.root[lang]}: {hotline.number}" in answer.text.splitlines()
    assert [c.id.wire for c in talking.choices] == ["handoff:end"], "a person will write back"
    (ticket,) = await tickets(runtime)
    assert (ticket["kind"], ticket["urgent"], ticket["queue"]) == ("safeguarding", 1, "general")
    jobs = await desk_jobs(runtime)
    assert RaiseAlert(ticket["id"], category="physical") in jobs
    relayed = [job for job in jobs if isinstance(job, PersonSaid)]
    assert relayed[0].text == WORRYING[lang], "staff see the words themselves"


async def test_it_works_in_the_middle_of_a_questionnaire(runtime: Runtime) -> None:
    person = Person(runtime, language_hint="uk")
    await agree(person)
    answer, _talking = await person.send("мені страшно, він б'є дитину")
    assert "116 006" in answer.text
    assert (await tickets(runtime))[0]["urgent"] == 1


async def test_during_a_conversation_with_staff_the_ticket_becomes_urgent(
    runtime: Runtime, person: Person
) -> None:
    await talk_to_a_person(person)
    answer, _talking = await person.send("I want to die")
    assert "112" in answer.text
    (ticket,) = await tickets(runtime)
    assert (ticket["kind"], ticket["urgent"]) == ("handoff", 1)


async def test_a_harmless_sentence_with_a_scary_word_is_not_an_alert(
    runtime: Runtime, person: Person
) -> None:
    await person.send("/start")
    note, _menu = await person.send("Is there a danger my application is turned down?")
    assert note.text == "Sorry, I didn't quite understand."
    assert await tickets(runtime) == []


def _line_order(answer: str, numbers: list[str]) -> list[str]:
    return sorted(numbers, key=lambda number: answer.index(f": {number}"))


async def test_a_child_about_themselves_gets_warm_words_and_the_childrens_line_first(
    runtime: Runtime,
) -> None:
    person = Person(runtime, language_hint="en")
    await person.send("/start")
    answer, _talking = await person.send("my dad hits me every day")
    assert answer.text.startswith(
        "Thank you for telling me. What is happening is not your fault, and you are not alone."
    )
    assert "If you are in danger right now, call 112." in answer.text
    assert "A grown-up from our team will write to you here soon." in answer.text
    assert _line_order(answer.text, ["112", "111", "116 006"])[0] == "111"


async def test_an_adult_reporting_about_a_child_learns_how_to_report(runtime: Runtime) -> None:
    person = Person(runtime, language_hint="en")
    await person.send("/start")
    answer, _talking = await person.send("the kids next door are always hungry and alone")
    assert "If a child is in danger right now, call 112." in answer.text
    assert "To report a worry about a child, or to get advice on what to do, call:" in answer.text
    assert f": {runtime.profile.agency.phone}" in answer.text, "the agency's own line"


async def test_suicidal_thoughts_get_the_crisis_line_first(
    settings: Settings, clock: FakeClock
) -> None:
    runtime = await build_runtime(settings, clock=clock,
                                  profile_path="flows/profiles/example_lt.toml")
    try:
        person = Person(runtime, language_hint="lt")
        await person.send("/start")
        answer, _talking = await person.send("nebenoriu gyventi, turiu 40 metu")
        assert _line_order(answer.text, ["112", "116 111", "116 123"])[0] == "116 123"
        assert "Ačiū, kad mums parašėte." in answer.text
    finally:
        await runtime.close()


async def test_a_russian_message_alarms_in_a_georgian_conversation_and_is_recorded(
    runtime: Runtime,
) -> None:
    person = Person(runtime, language_hint="ka")
    await person.send("/start")
    answer, _talking = await person.send("отчим трогает меня ночью")
    assert "111" in answer.text
    async with runtime.db.reading() as conn, conn.execute(
        "SELECT category, language, voice, locale FROM safeguarding_alerts"
    ) as cursor:
        rows = [tuple(row) for row in await cursor.fetchall()]
    assert rows == [("sexual", "ru", "child", "ka")]
