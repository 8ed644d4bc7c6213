"""Who is writing: a child about themselves gets a child's words and the children's line
first; an adult about someone else's child learns how to report. What tells them apart is
what people write: "my dad", "mum's boyfriend", school, one's own age make a child; "my son",
"my 9 year old", the neighbours' kids, a pupil, a birth parent or one's own adult age an adult.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.config import Settings
from bot.runtime import Runtime, build_runtime
from flows.safeguarding import Voice, detect
from tests.conftest import FakeClock, Person

DEV_SET = Path(__file__).with_name("dev_set.jsonl")
CHILD_WORDS = ("Thank you for telling me. What is happening is not your fault, and you are"
               " not alone.")
REPORT_WORDS = "To report a worry about a child, or to get advice on what to do, call:"


@pytest.mark.parametrize(
    "text",
    [
        "mums boyfriend comes in my room at night and lies down next to me",
        "stepdad slammed me into the door yesterday",
        "im 13 and my uncle keeps touching me",
        "older boys at school said they will stab me",
        "тато знову п'яний спить, а ми з братом нічого не їли",
        "отчим сказал что если расскажу он убьет маму",
        "chłopak mamy przychodzi w nocy do mojego pokoju",
        "patėvis trenkė mane į sieną",
        "dedis kaci gamit chems otaxshi shemodis",
        "keep thinking about jumping off the bridge by the station",
    ],
)
def test_a_child_writing_about_themselves_is_heard_as_a_child(text: str) -> None:
    alert = detect(text)
    assert alert is not None and alert.voice is Voice.CHILD


@pytest.mark.parametrize(
    "text",
    [
        "my 9 year old says the neighbour showed her pictures of naked people",
        "the neighbours kids are always alone and hungry",
        "our foster son came back from his birth father with bruises",
        "я учительница, ученик приходит голодный и говорит что дома никого нет",
        "mój syn zastępczy wrócił od ojca posiniaczony",
        "ჩემს 11 წლის შვილს ზრდასრული კაცი წერს და შიშველ ფოტოებს სთხოვს",
        "nebenoriu gyventi, turiu 40 metu",
        "my husband hits me in front of the kids",
    ],
)
def test_an_adult_writing_about_a_child_or_themselves_is_heard_as_an_adult(text: str) -> None:
    alert = detect(text)
    assert alert is not None and alert.voice is Voice.ADULT


def test_the_voice_is_right_for_at_least_four_in_five_alarms_of_the_development_set() -> None:
    right = voiced = 0
    for line in DEV_SET.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        alert = detect(case["text"])
        if case["category"] != "none" and case.get("voice") and alert is not None:
            voiced += 1
            right += alert.voice == case["voice"]
    assert right / voiced >= 0.80, f"voice right on {right / voiced:.0%}"


async def test_a_child_about_mums_boyfriend_gets_a_childs_words_and_the_childrens_line(
    runtime: Runtime,
) -> None:
    person = Person(runtime, language_hint="en")
    await person.send("/start")
    answer, _talking = await person.send("mums boyfriend gets into my bed at night")
    assert answer.text.startswith(CHILD_WORDS)
    assert answer.text.index(": 111") < answer.text.index(": 116 006")
    assert "If you are in danger right now, call 112." in answer.text


async def test_a_neighbour_about_a_toddler_in_the_cold_learns_how_to_report(
    runtime: Runtime,
) -> None:
    person = Person(runtime, language_hint="en")
    await person.send("/start")
    answer, _talking = await person.send(
        "the toddler next door is out on the landing barefoot in the cold again"
    )
    assert not answer.text.startswith(CHILD_WORDS)
    assert REPORT_WORDS in answer.text
    assert f": {runtime.profile.agency.phone}" in answer.text, "the agency's own line"


async def test_a_young_person_thinking_of_the_bridge_gets_a_childs_words(
    runtime: Runtime,
) -> None:
    person = Person(runtime, language_hint="en")
    await person.send("/start")
    answer, _talking = await person.send("keep thinking about jumping off the bridge")
    assert answer.text.startswith(CHILD_WORDS)


async def test_a_child_with_suicidal_thoughts_gets_a_childs_words_and_the_crisis_line_first(
    settings: Settings, clock: FakeClock
) -> None:
    runtime = await build_runtime(settings, clock=clock,
                                  profile_path="flows/profiles/example_lt.toml")
    try:
        person = Person(runtime, language_hint="en")
        await person.send("/start")
        answer, _talking = await person.send("im 14 and i dont want to live anymore")
        assert answer.text.startswith(CHILD_WORDS)
        assert answer.text.index(": 116 123") < answer.text.index(": 116 111"), "crisis first"
    finally:
        await runtime.close()
