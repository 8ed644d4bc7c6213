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
        ("I'm scraed to go home", Alert(Category.THREAT, "en", Voice.CHILD)),
        ("mne strashno, otchim opyat pyanyj", Alert(Category.THREAT, "ru", Voice.CHILD)),
        ("ojczym bije mojego brata", Alert(Category.PHYSICAL, "pl", Voice.CHILD)),
        ("vaikas visą naktį vienas namuose", Alert(Category.NEGLECT, "lt", Voice.ADULT)),
        ("mama mcems", Alert(Category.PHYSICAL, "ka", Voice.CHILD)),
        ("хлопець з мого класу казав, що стрибне з мосту",
         Alert(Category.SUICIDE, "uk", Voice.ADULT)),
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


@pytest.mark.parametrize(
    ("text", "category", "lang"),
    [
        ("im home alone again mum hasnt come back since friday", Category.NEGLECT, "en"),
        ("mamy nie ma od 3 dni i nie ma nic do jedzenia", Category.NEGLECT, "pl"),
        ("я ночами сиджу з малим братом бо мами нема", Category.NEGLECT, "uk"),
        ("shuqi ar gvaqvs da deda ar mosula", Category.NEGLECT, "ka"),
        ("он сказал что это наш секрет и маме не говорить", Category.SEXUAL, "ru"),
        ("atsiunte savo nuotrauka ir nori mano", Category.SEXUAL, "lt"),
        ("jakis facet z neta chce sie spotkac i kaze usunac czat", Category.SEXUAL, "pl"),
        ("powiedzial ze skreci mi kark jak powiem", Category.THREAT, "pl"),
        ("kakoj to muzhik shel za mnoj do doma i zval v mashinu", Category.THREAT, "ru"),
        ("zachem voobshe zhit", Category.SUICIDE, "ru"),
        ("jak sie powiesic", Category.SUICIDE, "pl"),
        ("tavs vurtkam kedelze", Category.SELF_HARM, "ka"),
    ],
)
def test_carers_away_secrets_strangers_and_why_live_alarm(
    text: str, category: Category, lang: str
) -> None:
    alert = detect(text)
    assert alert is not None and (alert.category, alert.language) == (category, lang)


@pytest.mark.parametrize(
    "text",
    [
        "mama wyszla do sklepu zaraz wroci",
        "не говори маме про подарок на день рождения это сюрприз",
        "jak usunac czat na messengerze",
        "по истории проект про войну 1812 года",
        "wygralismy 5:1 rozbilismy ich",
        "podawac 5 ml syropu co 8 godzin",
        "мама ушла в магазин скоро придет",
        "малыш плакал всю ночь из-за зубов",
    ],
)
def test_errands_birthday_secrets_history_scores_and_doses_do_not_alarm(text: str) -> None:
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
    "smileys": ":)" * 2048,
    "commas": ", a" * 1365,
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_a_4096_character_text_that_froze_the_old_detector_is_answered(name: str) -> None:
    # Time is measured in bench/detector.py; here: it returns, and says the right thing.
    assert detect(ADVERSARIAL[name]) is None
    assert detect(ADVERSARIAL[name] + " my dad hits me") is None  # beyond the bound
    assert detect("my dad hits me. " + ADVERSARIAL[name]) is not None
