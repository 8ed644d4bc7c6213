"""Becoming a foster carer: learning, consent, the pre-screening, and the lead for staff."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.runtime import Runtime, build_runtime
from flows.languages import LANGUAGE_CODES
from flows.messages import Attachment, Rendered
from flows.profile import Profile, builtin_profile_path, load_profile
from flows.text import _
from storage.repositories import Repos
from tests.conftest import FakeClock, Person

DEMO = load_profile()
TEXT_ANSWER = "Me 41, my husband 43, our son 12"


async def open_enquiry(person: Person) -> list[Rendered]:
    await person.send("/start")
    return await person.send(choice="menu:foster")


async def agree(person: Person) -> list[Rendered]:
    await open_enquiry(person)
    await person.send(choice="learn:start")
    return await person.send(choice="consent:yes")


def answer_for(ids: list[str], *, prefer_yes: bool = True) -> tuple[str | None, str]:
    """What to answer to the question on screen: a button (for a multi-choice question,
    the first tick, to be followed by "q:done"), or else this text."""
    if "a:yes" in ids:
        return ("a:yes" if prefer_yes else "a:no"), ""
    for prefix in ("a:", "t:"):
        options = [i for i in ids if i.startswith(prefix)]
        if options:
            return options[0], ""
    return None, TEXT_ANSWER


async def answer_current(person: Person, *, prefer_yes: bool = True) -> list[Rendered]:
    """Answer whatever question is on screen: the first option, or a short text."""
    choice, text = answer_for(person.button_ids, prefer_yes=prefer_yes)
    if choice is None:
        return await person.send(text)
    replies = await person.send(choice=choice)
    if choice.startswith("t:"):
        replies = await person.send(choice="q:done")
    return replies


async def answer_all(person: Person, profile: Profile) -> list[Rendered]:
    replies: list[Rendered] = []
    for _question in profile.screening.questions:
        replies = await answer_current(person)
    return replies


def local_phone(profile: Profile) -> str:
    return {"GE": "555 12 34 56", "UA": "067 123 4567", "LT": "8 612 34567",
            "PL": "512 345 678"}[profile.agency.country]


async def stored(runtime: Runtime, table: str) -> list[dict[str, object]]:
    async with runtime.db.reading() as conn, conn.execute(f"SELECT * FROM {table}") as cursor:
        return [dict(row) for row in await cursor.fetchall()]


@pytest.fixture(params=["ua", "lt", "pl"])
async def country_runtime(
    request: pytest.FixtureRequest, settings: Settings, clock: FakeClock
) -> AsyncIterator[Runtime]:
    built = await build_runtime(settings, profile_path=builtin_profile_path(request.param),
                                clock=clock)
    yield built
    await built.close()


async def complete_enquiry(runtime: Runtime, lang: str) -> Person:
    person = Person(runtime, language_hint=lang)
    profile = runtime.profile
    await agree(person)
    (name_question,) = await answer_all(person, profile)
    assert name_question.free_text and person.buttons == [
        runtime.renderer.text(_("Back"), lang)
    ]
    (phone_question,) = await person.send("Nino")
    assert phone_question.ask_phone
    (summary,) = await person.send(local_phone(profile))
    assert "Nino" in summary.text and TEXT_ANSWER in summary.text
    assert [c.id.wire for c in summary.choices] == ["s:send", "s:edit", "s:cancel"]
    thanks, _menu = await person.send(choice="s:send")
    assert profile.screening.next_steps.root.get(lang, "") in thanks.text
    return person


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
async def test_the_whole_enquiry_in_each_language_with_the_demo_profile(
    runtime: Runtime, lang: str
) -> None:
    person = await complete_enquiry(runtime, lang)
    (enquiry,) = await stored(runtime, "enquiries")
    assert enquiry["locale"] == lang and enquiry["name"] == "Nino"
    assert enquiry["reference"] == f"E-{1000 + int(str(enquiry['id']))}"
    told = runtime.renderer.text(_("Your reference number: {reference}. Please mention it if"
                                   " you contact us.", reference=str(enquiry["reference"])),
                                 lang)
    assert told in person.seen[-2].text
    assert enquiry["phone"] == "+995555123456"
    assert enquiry["consent_id"] is not None
    (ticket,) = await stored(runtime, "tickets")
    assert ticket["queue"] == "enquiries" and ticket["status"] == "open"
    assert ticket["subject"] == f"enquiry:{enquiry['id']}"
    assert await stored(runtime, "enquiry_drafts") == [], "the draft is gone once sent"


async def test_each_countrys_profile_in_its_own_language(country_runtime: Runtime) -> None:
    lang = country_runtime.profile.agency.default_locale
    await complete_enquiry(country_runtime, lang)
    (enquiry,) = await stored(country_runtime, "enquiries")
    assert str(enquiry["phone"]).startswith(
        {"UA": "+380", "LT": "+370", "PL": "+48"}[country_runtime.profile.agency.country]
    )


async def test_the_staff_card_is_in_the_staff_language_with_things_to_discuss_on_top(
    runtime: Runtime,
) -> None:
    await complete_enquiry(runtime, "en")
    (ticket,) = await stored(runtime, "tickets")
    card = str(ticket["card"])
    staff = runtime.profile.agency.staff_locale
    assert card.splitlines()[0] == runtime.renderer.text(
        _("New foster-care enquiry #{number}", number=1), staff
    )
    assert card.splitlines()[1] == runtime.renderer.text(
        _("Reference: {reference}", reference="E-1001"), staff)
    private = next(q for q in DEMO.screening.questions if q.id == "private_matters")
    assert private.discuss is not None
    flags_at = card.index(private.discuss.root[staff])
    assert flags_at < card.index("Nino"), "the flags come before the answers"
    assert TEXT_ANSWER in card


async def test_the_person_hears_about_things_to_talk_through_kindly(runtime: Runtime) -> None:
    person = Person(runtime)
    await agree(person)
    await answer_all(person, runtime.profile)
    await person.send("Nino")
    await person.send("555 12 34 56")
    thanks, _menu = await person.send(choice="s:send")
    assert "We will also talk these through together" in thanks.text
    for word in ("reject", "not eligible", "refuse"):
        assert word not in thanks.text.lower()


async def test_learning_asks_nothing_and_explains_each_form(runtime: Runtime) -> None:
    person = Person(runtime)
    (overview,) = await open_enquiry(person)
    for form in DEMO.care_forms:
        assert form.summary.root["en"] in overview.text
    (details,) = await person.send(choice=f"form:{DEMO.care_forms[0].id}")
    assert DEMO.care_forms[0].details.root["en"] in details.text
    await person.press("Other forms of care")
    (faq,) = await person.press("Questions and answers")
    assert len(faq.choices) == len(DEMO.faq) + 3
    answer, again = await person.press(DEMO.faq[0].question.root["en"])
    assert DEMO.faq[0].answer.root["en"] in answer.text
    assert again.choices == faq.choices
    (menu,) = await person.press("Back to the main menu")
    assert menu.choices[0].id.wire == "menu:foster"
    assert await stored(runtime, "consents") == []


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
async def test_faq_buttons_are_short_and_the_answer_repeats_the_question(
    runtime: Runtime, lang: str
) -> None:
    """A long question gets a short label on its button; the answer shows it in full."""
    person = Person(runtime, language_hint=lang)
    await person.send("/start")
    await person.send(choice="menu:foster")
    (faq,) = await person.send(choice="learn:faq")
    entry = next(e for e in runtime.profile.faq if e.label is not None
                 and e.label.root[lang] != e.question.root[lang])
    assert label_of(faq, f"faq:{entry.id}") == entry.label.root[lang]
    answer, _again = await person.send(choice=f"faq:{entry.id}")
    assert answer.text.startswith(entry.question.root[lang])
    assert entry.answer.root[lang] in answer.text


async def test_consent_comes_first_and_going_back_stores_nothing(runtime: Runtime) -> None:
    person = Person(runtime)
    await open_enquiry(person)
    (consent,) = await person.send(choice="learn:start")
    for part in ("What:", "Why:", "Who sees it:", "How long:", "Deleting:"):
        assert part in consent.text
    assert "up to 365 days" in consent.text
    await person.press("Not now")
    assert await stored(runtime, "consents") == []
    await person.send(choice="learn:start")
    (first_question,) = await person.press("I agree")
    (consent_row,) = await stored(runtime, "consents")
    assert consent_row["purpose"] == "enquiry" and consent_row["locale"] == "en"
    assert first_question.text.startswith("Question 1 of")


async def test_back_returns_to_the_previous_question_and_skip_moves_on(
    runtime: Runtime,
) -> None:
    person = Person(runtime)
    (first,) = await agree(person)
    (second,) = await answer_current(person)
    (back_at_first,) = await person.send(choice="q:back")
    assert back_at_first.text == first.text
    await answer_current(person)
    # Age is required, so it has no skip button; the household question can be skipped.
    assert "q:skip" not in person.button_ids
    (third,) = await answer_current(person)
    assert "q:skip" in person.button_ids
    (fourth,) = await person.send(choice="q:skip")
    assert fourth.text.startswith("Question 4 of")
    assert second.text.startswith("Question 2 of") and third.text.startswith("Question 3 of")


async def test_a_multi_choice_question_toggles_ticks(runtime: Runtime) -> None:
    person = Person(runtime)
    await agree(person)
    while not any(i.startswith("t:") for i in person.button_ids):
        await answer_current(person)
    first_option = person.button_ids[0]
    (ticked,) = await person.send(choice=first_option)
    assert ticked.choices[0].label.startswith("✓ ")
    (unticked,) = await person.send(choice=first_option)
    assert not unticked.choices[0].label.startswith("✓ ")
    note, again = await person.send(choice="q:done")
    assert note.text == "Please choose at least one, then press “Done”."
    assert again == unticked


async def test_a_long_text_answer_is_asked_again_kindly(runtime: Runtime) -> None:
    person = Person(runtime)
    await agree(person)
    while not person.seen[-1].free_text:
        await answer_current(person)
    limit = next(q for q in DEMO.screening.questions if q.kind == "text").max_length
    note, again = await person.send("x" * (limit + 1))
    assert note.text == f"That is a little long: please keep it to {limit} characters."
    assert again.text == person.seen[-3].text


async def test_a_typed_number_in_a_text_answer_is_an_answer_not_a_button(
    runtime: Runtime,
) -> None:
    person = Person(runtime)
    await agree(person)
    while not person.seen[-1].free_text:
        await answer_current(person)
    (next_question,) = await person.send("2")
    answers = person.seen
    assert next_question.text != answers[-2].text
    async with runtime.db.reading() as conn:
        draft = await Repos(conn).drafts.get(1)
    assert draft is not None and "2" in draft.answers["answers"].values()


@pytest.mark.parametrize("index", range(len(DEMO.screening.questions)))
async def test_unexpected_input_at_every_question_repeats_it(
    runtime: Runtime, index: int
) -> None:
    person = Person(runtime)
    await agree(person)
    for _step in range(index):
        await answer_current(person)
    question = person.seen[-1]
    note, repeated = await person.send(attachment=Attachment.STICKER)
    assert note.text.startswith("Thank you! I can't use that here")
    assert repeated == question
    note, repeated = await person.send(choice="menu:book")
    assert note.text.startswith("That button belongs to an earlier message.")
    assert repeated == question


async def test_a_bad_phone_number_gets_a_clear_message_and_an_example(runtime: Runtime) -> None:
    person = Person(runtime)
    await agree(person)
    await answer_all(person, runtime.profile)
    await person.send("Nino")
    note, again = await person.send("my number is secret")
    assert note.text.startswith("That does not look like a phone number.")
    assert "+995 5" in note.text, "the example is a Georgian mobile number"
    assert again.ask_phone
    note, _again = await person.send("12345")
    assert note.text.startswith("That does not look like a phone number.")
    (summary,) = await person.send(contact="995555123456")  # a shared contact, no plus
    assert "+995 555 12 34 56" in summary.text


async def test_any_answer_can_be_changed_from_the_summary(runtime: Runtime) -> None:
    person = Person(runtime)
    await agree(person)
    await answer_all(person, runtime.profile)
    await person.send("Nino")
    await person.send("555 12 34 56")
    (edit,) = await person.press("Change an answer")
    household = next(c for c in edit.choices if c.id.wire == "e:household")
    await person.send(choice=household.id)
    (summary,) = await person.send("Just me, 52")
    assert "Household: Just me, 52" in summary.text
    assert f"Household: {TEXT_ANSWER}" not in summary.text
    await person.press("Change an answer")
    await person.send(choice="e:name")
    (summary,) = await person.send("Nino B.")
    assert "Nino B." in summary.text
    await person.press("Change an answer")
    (summary,) = await person.press("Back to the summary")
    assert [c.id.wire for c in summary.choices] == ["s:send", "s:edit", "s:cancel"]


async def test_cancelling_from_the_summary_deletes_the_answers(runtime: Runtime) -> None:
    person = Person(runtime)
    await agree(person)
    await answer_all(person, runtime.profile)
    await person.send("Nino")
    await person.send("555 12 34 56")
    note, _menu = await person.press("Cancel and delete my answers")
    assert note.text.startswith("Your answers have been deleted.")
    assert await stored(runtime, "enquiry_drafts") == []
    assert await stored(runtime, "enquiries") == []


async def test_coming_back_days_later_offers_to_continue(
    runtime: Runtime, clock: FakeClock
) -> None:
    person = Person(runtime)
    await agree(person)
    await answer_current(person)
    (third_question,) = await answer_current(person)
    clock.advance(days=5)  # the session has expired, the draft has not
    await person.send("hello")
    (resume,) = await person.send(choice="menu:foster")
    await person.send(choice="learn:start")
    resume = person.seen[-1]
    assert resume.text.startswith("Welcome back! You started telling us about yourself")
    assert "Monday 23 November" in resume.text
    (continued,) = await person.press("Continue")
    assert continued.text == third_question.text


async def test_starting_over_forgets_the_draft(runtime: Runtime, clock: FakeClock) -> None:
    person = Person(runtime)
    await agree(person)
    await answer_current(person)
    await person.send("/menu")
    await person.send(choice="menu:foster")
    await person.send(choice="learn:start")
    (consent,) = await person.press("Start over")
    assert "Do you agree?" in consent.text
    assert await stored(runtime, "enquiry_drafts") == []


async def test_a_draft_older_than_the_profile_limit_is_discarded(
    runtime: Runtime, clock: FakeClock
) -> None:
    person = Person(runtime)
    await agree(person)
    await answer_current(person)
    clock.advance(days=DEMO.screening.draft_days + 1)
    await person.send("hello")
    await person.send(choice="menu:foster")
    (consent,) = await person.send(choice="learn:start")
    assert "Do you agree?" in consent.text


async def test_a_profile_edit_changes_the_questions_without_code(
    settings: Settings, clock: FakeClock, tmp_path: Path
) -> None:
    text = builtin_profile_path().read_text(encoding="utf-8")
    start = text.index("[[screening.questions]]")
    end = text.index("[[screening.questions]]", start + 1)
    edited = tmp_path / "two-fewer.toml"
    edited.write_text(text[:start] + text[end:], encoding="utf-8")  # drop the first question
    runtime = await build_runtime(settings, profile_path=edited, clock=clock)
    try:
        person = Person(runtime)
        (first,) = await agree(person)
        total = len(DEMO.screening.questions) - 1
        assert first.text.startswith(f"Question 1 of {total}")
    finally:
        await runtime.close()


def label_of(message: Rendered, choice_id: str) -> str:
    return next(c.label for c in message.choices if c.id.wire == choice_id)
