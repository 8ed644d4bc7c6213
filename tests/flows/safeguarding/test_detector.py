"""Safeguarding detection: what people really write, in six languages, and what must not
alarm; the development set's targets; and texts that used to freeze the bot."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from flows.languages import LANGUAGE_CODES
from flows.safeguarding import Alert, Category, Voice, detect

DEV_SET = Path(__file__).with_name("dev_set.jsonl")


def _dev_set() -> list[dict[str, str]]:
    return [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines()]


def test_the_development_set_reaches_the_targets_in_every_language() -> None:
    crisis: dict[str, list[bool]] = defaultdict(list)
    harmless: dict[str, list[bool]] = defaultdict(list)
    for case in _dev_set():
        alarmed = detect(case["text"]) is not None
        (harmless if case["category"] == "none" else crisis)[case["lang"]].append(alarmed)
    for lang in LANGUAGE_CODES:
        assert len(crisis[lang]) >= 40 and len(harmless[lang]) >= 30, lang
        recall = sum(crisis[lang]) / len(crisis[lang])
        false_alarms = sum(harmless[lang]) / len(harmless[lang])
        assert recall >= 0.90, f"{lang}: recall {recall:.0%}"
        assert false_alarms <= 0.10, f"{lang}: false alarms {false_alarms:.0%}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my dad hits me", Alert(Category.PHYSICAL, "en", Voice.CHILD)),
        ("I'm scraed to go home", Alert(Category.THREAT, "en", Voice.ADULT)),
        ("mne strashno, otchim opyat pyanyj", Alert(Category.NEGLECT, "ru", Voice.CHILD)),
        ("ojczym bije mojego brata", Alert(Category.PHYSICAL, "pl", Voice.CHILD)),
        ("vaikas visą naktį vienas namuose", Alert(Category.NEGLECT, "lt", Voice.ADULT)),
        ("mama mcems", Alert(Category.PHYSICAL, "ka", Voice.CHILD)),
        ("хлопець з мого класу казав, що стрибне з мосту",
         Alert(Category.SUICIDE, "uk", Voice.CHILD)),
        ("she has been saving up her grandmother's sleeping pills",
         Alert(Category.SUICIDE, "en", Voice.ADULT)),
    ],
)
def test_what_people_type_on_phones_is_understood(text: str, expected: Alert) -> None:
    assert detect(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "our foster son loves fighting games",
        "a film about child abuse made us want to foster",
        "I could kill for a coffee after the training",
        "my dad never hits me",
        "Я не хочу жить в большом городе",
        "მამა ყველას პატივს სცემს",
        "",
        "?!",
    ],
)
def test_near_misses_and_negations_do_not_alarm(text: str) -> None:
    assert detect(text) is None


def test_a_russian_message_alarms_whatever_language_the_person_chose() -> None:
    assert detect("меня бьёт отчим", "ka") == Alert(Category.PHYSICAL, "ru", Voice.CHILD)


ADVERSARIAL = {
    "latin": "a" * 4096,
    "cyrillic": "б" * 4096,
    "georgian": "მ" * 4096,
    "mixed": "aб" * 2048,
    "mixed words": ("mušа" + "б" * 30 + "x") * 120,
    "digits": "1" * 4096,
    "many words": "beat " * 819,
    "many negations": "не " * 1365,
    "slips": ("qwertyuiop" + " ") * 372,
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_a_4096_character_text_that_froze_the_old_detector_is_answered(name: str) -> None:
    # Time is measured in bench/detector.py; here: it returns, and says the right thing.
    assert detect(ADVERSARIAL[name]) is None
    assert detect(ADVERSARIAL[name] + " my dad hits me") is None  # beyond the bound
    assert detect("my dad hits me. " + ADVERSARIAL[name]) is not None
