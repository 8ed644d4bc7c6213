"""The main menu, the language picker, about-us and unexpected input, in all six languages."""

from __future__ import annotations

import re

import pytest

from bot.config import Settings
from bot.runtime import Runtime
from flows.catalog import default_catalog
from flows.languages import LANGUAGE_CODES, LANGUAGES
from flows.messages import Attachment
from flows.profile import load_profile
from tests.conftest import FakeClock, Person, texts
from tests.flows.booking_kit import edited, runtime_with

MENU_IDS = [
    "menu:foster", "menu:book", "menu:appointments", "menu:human", "menu:language",
    "menu:about",
]


def translate(runtime: Runtime, locale: str, msgid: str) -> str:
    from flows.text import _

    return runtime.renderer.text(_(msgid), locale)


# What a person sees first, per language: the menu question, written by a native speaker.
MENU_QUESTION = {
    "ka": "რით შეგვიძლია დაგეხმაროთ?",
    "uk": "Чим ми можемо вам допомогти?",
    "lt": "Kuo galime Jums padėti?",
    "pl": "W czym możemy pomóc?",
    "en": "How can we help you?",
    "ru": "Чем мы можем вам помочь?",
}


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
async def test_start_greets_and_shows_the_menu_in_the_persons_language(
    runtime: Runtime, lang: str
) -> None:
    person = Person(runtime, language_hint=lang)
    (menu,) = await person.send("/start")  # one message: the greeting, then the menu
    # The agency's own greeting from the profile, in the person's language.
    words = runtime.profile.agency.greeting
    assert words is not None
    assert menu.text == f"{words.root[lang]}\n\n{MENU_QUESTION[lang]}"
    assert [c.id.wire for c in menu.choices] == MENU_IDS
    english = ["Become a foster carer", "Book a consultation", "Talk to a person"]
    if lang != "en":
        assert not set(english) & {c.label for c in menu.choices}, "menu left in English"


async def test_a_profile_without_a_greeting_says_a_plain_hello(
    settings: Settings, clock: FakeClock
) -> None:
    demo = load_profile()
    bare = edited(demo, agency={**demo.agency.model_dump(), "greeting": None})
    runtime = await runtime_with(settings, clock, bare)
    try:
        (menu,) = await Person(runtime, language_hint="uk").send("/start")
        assert menu.text == f"Вітаємо!\n\n{MENU_QUESTION['uk']}"
        assert [c.id.wire for c in menu.choices] == MENU_IDS
    finally:
        await runtime.close()


async def test_a_region_tag_in_the_hint_picks_the_language(runtime: Runtime) -> None:
    person = Person(runtime, language_hint="uk-UA")
    replies = await person.send("/start")
    assert replies[-1].text.endswith(MENU_QUESTION["uk"])


async def test_an_unknown_language_falls_back_to_the_default(runtime: Runtime) -> None:
    person = Person(runtime, language_hint="pt-BR")
    replies = await person.send("/start")
    assert replies[-1].text.endswith(MENU_QUESTION["en"])


async def test_a_first_message_that_is_not_start_still_gets_a_greeting(person: Person) -> None:
    (menu,) = await person.send("hello?")
    assert menu.text.startswith("Hello! You are chatting with the Family Support Centre.")
    assert menu.text.endswith(f"\n\n{MENU_QUESTION['en']}")
    assert [c.id.wire for c in menu.choices] == MENU_IDS


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
async def test_changing_language_switches_everything_that_follows(
    runtime: Runtime, lang: str
) -> None:
    person = Person(runtime, language_hint="en")
    await person.send("/start")
    picker = await person.press("Change language")
    assert picker[-1].text == "Please choose your language."
    assert picker[-1].choices[: len(LANGUAGES)] and [c.label for c in picker[-1].choices][
        :6
    ] == list(LANGUAGES.values())
    confirmation, menu = await person.press(LANGUAGES[lang])
    assert confirmation.text == translate(
        runtime, lang, "Done! I will write to you in English from now on."
    )
    assert menu.text == MENU_QUESTION[lang]
    # It is stored: the next conversation starts in the new language too.
    again = await person.send("/menu")
    assert again[-1].text == MENU_QUESTION[lang]


async def test_language_command_opens_the_picker_from_anywhere(person: Person) -> None:
    await person.send("/start")
    await person.press("About us and privacy")
    replies = await person.send("/language")
    assert replies[-1].text == "Please choose your language."
    back = await person.press("Back to the main menu")
    assert back[-1].text == MENU_QUESTION["en"]


async def test_about_shows_the_agency_centres_contacts_and_privacy(
    runtime: Runtime, person: Person
) -> None:
    await person.send("/start")
    (about,) = await person.press("About us and privacy")
    profile = runtime.profile
    assert profile.agency.about.root["en"] in about.text
    assert profile.agency.privacy.root["en"] in about.text
    for centre in profile.centres:
        assert centre.address.root["en"] in about.text
    assert profile.agency.phone in about.text
    assert person.buttons == ["Send me my data", "Delete my data", "Back to the main menu"]


async def test_a_person_can_delete_what_the_chat_stored(runtime: Runtime, person: Person) -> None:
    await person.send("/start spring-campaign")
    await person.press("About us and privacy")
    (question,) = await person.press("Delete my data")
    assert question.text.startswith("Do you want us to delete everything we have stored")
    assert "unfinished answers" not in question.text
    assert person.buttons == ["Yes, delete my data", "No, keep it"]
    (done,) = await person.press("Yes, delete my data")
    assert done.text.startswith("Done: everything we stored about you has been deleted.")
    async with runtime.db.reading() as conn:
        from storage.repositories import People

        assert await People(conn).find("console", person.external_id) is None
        async with conn.execute("SELECT COUNT(*) FROM sessions") as cursor:
            assert (await cursor.fetchone())[0] == 0
    (greeting,) = await person.send("hello again")
    assert greeting.text.startswith("Hello! You are chatting with"), "they start afresh"


async def test_changing_ones_mind_about_deletion_keeps_everything(person: Person) -> None:
    await person.send("/start")
    await person.press("About us and privacy")
    await person.press("Delete my data")
    (menu,) = await person.press("No, keep it")
    assert menu.text == MENU_QUESTION["en"]


async def test_typing_the_number_of_a_choice_is_the_same_as_pressing_it(person: Person) -> None:
    await person.send("/start")
    by_number = await person.send(str(MENU_IDS.index("menu:about") + 1))
    assert by_number[0].choices[-1].id.wire == "nav:menu"
    await person.send("/menu")
    by_label = await person.send("about us and privacy")
    assert by_label == by_number


UNEXPECTED = [
    ("text", {"text": "what is this?"}, "Sorry, I didn't quite understand."),
    ("sticker", {"attachment": Attachment.STICKER}, "Thank you! I can't use that here"),
    ("photo", {"attachment": Attachment.PHOTO}, "Thank you! I can't use that here"),
    ("voice", {"attachment": Attachment.VOICE}, "Thank you! I can't use that here"),
    ("contact", {"contact": "+995555123456"}, "Thank you! I can't use that here"),
    ("stale button", {"choice": "lang:uk"}, "That button belongs to an earlier message."),
    ("out of range number", {"text": "9"}, "Sorry, I didn't quite understand."),
    ("unknown command", {"text": "/frobnicate"}, "I don't know that command."),
]


@pytest.mark.parametrize("state", ["menu", "language", "about"])
@pytest.mark.parametrize(
    ("kind", "message", "expected"), UNEXPECTED, ids=[u[0] for u in UNEXPECTED]
)
async def test_unexpected_input_gets_a_kind_answer_and_the_question_again(
    person: Person, state: str, kind: str, message: dict[str, object], expected: str
) -> None:
    await person.send("/start")
    if state == "language":
        await person.press("Change language")
    elif state == "about":
        await person.press("About us and privacy")
    prompt_before = person.seen[-1]
    if state == "language" and kind == "stale button":
        message = {"choice": "menu:book"}
    note, repeated = await person.send(**message)  # type: ignore[arg-type]
    assert note.text.startswith(expected)
    if state == "menu":  # the question again, without the greeting said with it at first
        assert repeated.text == MENU_QUESTION["en"]
        assert repeated.choices == prompt_before.choices
    else:
        assert repeated == prompt_before


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
async def test_unexpected_input_is_answered_in_the_persons_language(
    runtime: Runtime, lang: str
) -> None:
    person = Person(runtime, language_hint=lang)
    await person.send("/start")
    note, menu = await person.send(attachment=Attachment.STICKER)
    assert note.text == translate(
        runtime,
        lang,
        "Thank you! I can't use that here, so please answer with the buttons or a short text.",
    )
    assert menu.text == MENU_QUESTION[lang]


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
async def test_help_lists_every_command_and_returns_to_the_menu(
    runtime: Runtime, lang: str
) -> None:
    person = Person(runtime, language_hint=lang)
    await person.send("/start")
    await person.press(translate(runtime, lang, "Change language"))
    help_message, menu = await person.send("/help")
    listed = {name for line in help_message.text.splitlines() if line.startswith("/")
              for name in re.findall(r"/[a-z]+", line.split(":")[0])}
    assert listed == {f"/{name}" for name in default_catalog().commands}
    assert menu.text == MENU_QUESTION[lang]


async def test_cancel_returns_to_the_menu_from_anywhere(person: Person) -> None:
    await person.send("/start")
    await person.press("About us and privacy")
    (menu,) = await person.send("/cancel")
    assert menu.text == MENU_QUESTION["en"]


async def test_after_days_away_a_half_finished_step_returns_to_the_menu_gently(
    person: Person, clock: FakeClock
) -> None:
    await person.send("/start")
    await person.press("Change language")
    clock.advance(days=4)
    note, menu = await person.send("Polski")
    assert note.text.startswith("Welcome back!")
    assert menu.text == MENU_QUESTION["en"], "the stale answer must not be applied"


async def test_within_the_idle_time_the_step_continues(person: Person, clock: FakeClock) -> None:
    await person.send("/start")
    await person.press("Change language")
    clock.advance(days=2)
    _confirmation, menu = await person.send("Polski")
    assert menu.text == MENU_QUESTION["pl"]


async def test_deep_link_payload_is_kept_as_first_touch_source(
    runtime: Runtime, person: Person
) -> None:
    (menu,) = await person.send("/start spring-campaign")
    assert menu.text.endswith(MENU_QUESTION["en"])
    replies = [menu]
    await person.send("/start other-campaign")
    async with runtime.db.reading() as conn:
        from storage.repositories import People

        stored = await People(conn).find("console", person.external_id)
    assert stored is not None and stored.source == "spring-campaign"
    assert "spring-campaign" not in texts(replies)


@pytest.mark.parametrize("entry", MENU_IDS)
async def test_every_menu_entry_leads_somewhere(person: Person, entry: str) -> None:
    await person.send("/start")
    replies = await person.send(choice=entry)
    assert replies, entry
    assert not replies[0].text.startswith(("Sorry", "That button", "Thank you! I can't"))
