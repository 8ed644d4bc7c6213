"""A question typed where the bot waits for a button: the closest answers from the FAQ,
in the person's language, and a person to talk to."""

from __future__ import annotations

from bot.runtime import Runtime
from flows.text import _
from tests.conftest import Person
from tests.flows.test_menu import MENU_QUESTION


def faq_question(runtime: Runtime, entry_id: str, lang: str) -> str:
    entry = next(e for e in runtime.profile.faq if e.id == entry_id)
    return entry.question.root[lang]


def faq_button(runtime: Runtime, entry_id: str, lang: str) -> str:
    """The entry's short button label (its question where it has none)."""
    entry = next(e for e in runtime.profile.faq if e.id == entry_id)
    return runtime.renderer.text(entry.button, lang)


def faq_answer(runtime: Runtime, entry_id: str, lang: str) -> str:
    entry = next(e for e in runtime.profile.faq if e.id == entry_id)
    return entry.answer.root[lang]


async def test_a_typed_question_in_the_menu_gets_the_closest_answers(
    runtime: Runtime, person: Person
) -> None:
    await person.send("/start")
    (found,) = await person.send("Can I foster if I rent a flat?")
    assert found.text == "Perhaps one of these answers helps:"
    assert found.choices[0].id.wire == "faqm:renting"
    assert found.choices[0].label == faq_button(runtime, "renting", "en")
    assert [c.id.wire for c in found.choices[-2:]] == ["faqm:human", "faqm:back"]
    assert [c.label for c in found.choices[-2:]] == ["Talk to a person", "Continue"]
    assert len(found.choices) <= 5

    answer, menu = await person.press(faq_question(runtime, "renting", "en"))
    assert faq_answer(runtime, "renting", "en") in answer.text
    assert menu.text == MENU_QUESTION["en"], "and back where the person was"


async def test_the_faq_is_matched_in_the_persons_language(runtime: Runtime) -> None:
    person = Person(runtime, language_hint="uk")
    await person.send("/start")
    (found,) = await person.send("Я винаймаю квартиру. Чи можна мені стати прийомною родиною?")
    assert found.text == runtime.renderer.text(_("Perhaps one of these answers helps:"), "uk")
    # The renting answer is among those offered, labelled in Ukrainian.
    assert faq_button(runtime, "renting", "uk") in [c.label for c in found.choices]


async def test_continue_shows_where_the_person_was_and_a_person_can_be_asked_for(
    runtime: Runtime, person: Person
) -> None:
    await person.send("/start")
    await person.press("Change language")
    language_picker = person.seen[-1]
    await person.send("I am single, can I still foster?")
    (again,) = await person.press("Continue")
    assert again == language_picker
    await person.send("I am single, can I still foster?")
    news, _talking = await person.press("Talk to a person")
    assert news.text.startswith("A person from our team will answer you here")


async def test_words_that_match_no_question_get_the_usual_kind_answer(
    person: Person,
) -> None:
    await person.send("/start")
    menu = person.seen[-1]
    longest = ("tell me more " * 400)[:4096]  # Telegram's longest message
    for words in ("hello", "yes", "my son will not go to school", longest, "Can I " * 682):
        note, again = await person.send(words)
        assert note.text == "Sorry, I didn't quite understand."
        assert again.text == "How can we help you?" and again.choices == menu.choices


async def test_where_the_bot_waits_for_words_a_question_is_an_answer(
    runtime: Runtime, person: Person
) -> None:
    await person.send("/start")
    await person.press("Talk to a person")
    assert await person.send("Can I foster if I rent a flat?") == [], "it goes to staff"
