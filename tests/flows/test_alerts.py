"""A message suggesting a child is in danger: hotlines at once and an urgent ticket."""

from __future__ import annotations

import pytest

from bot.runtime import Runtime
from tests.conftest import Person
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
        assert hotline.number in answer.text
        assert hotline.label.root[lang] in answer.text
    assert [c.id for c in talking.choices] == ["handoff:end"], "a person will write back"
    (ticket,) = await tickets(runtime)
    assert (ticket["kind"], ticket["urgent"], ticket["queue"]) == ("safeguarding", 1, "general")
    jobs = await desk_jobs(runtime)
    assert {"op": "alert", "ticket": ticket["id"], "category": "physical"} in jobs
    relayed = [job for job in jobs if job["op"] == "person_message"]
    assert relayed[0]["text"] == WORRYING[lang], "staff see the words themselves"


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
