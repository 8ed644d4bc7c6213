"""The wording rules a machine can check, in the six catalogs and the shipped profiles.

Each test reads like a style guide line: the quotation marks of each language, capital
letters where a label starts, one spelling and one term per idea, and no agency's words
inside the code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po

from flows.languages import LANGUAGE_CODES
from flows.profile import BUILTIN_PROFILES, LText, Profile, load_profile
from tests.locales.test_buttons import button_msgids, profile_buttons

ROOT = Path(__file__).resolve().parents[2]
PROFILES = sorted(BUILTIN_PROFILES.values())
# Opening and closing quotation marks each language uses, and the ones it must not.
QUOTES = {
    "pl": ("„", "”", "«»“"),
    "uk": ("«", "»", "„“”"),
    "ru": ("«", "»", "„“”"),
    "ka": ("„", "“", "«»”"),
    "lt": ("„", "“", "«»”"),
    "en": ("“", "”", "«»„"),
}
# One term per idea: what a language's texts must not say, and what they say instead.
AVOID = {
    "uk": [(r"(?i)\bпитання\b", "«запитання» for a question asked", "catalog")],
    "ru": [(r"(?i)\bлист[а-я]* ожидания", "«список ожидания»", "all")],
    "pl": [(r"(?i)\bform[a-z]* opieki\b", "„formy pieczy” for the forms of care", "all")],
    "ka": [(r"ვიდეობმულ", "„ვიდეოზარი“ for a video call", "all")],
    "lt": [(r"\bAtlikta\b", "„Puiku“ or „Gerai“: „Atlikta“ reads like a system log", "catalog")],
}
# A label's first letter is a capital in these languages (Georgian has no case).
CAPITALISED = ("uk", "ru", "lt", "pl", "en")


def catalog_texts(lang: str) -> Iterator[tuple[str, str]]:
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            yield msgid, text


def ltexts(node: object, path: str = "") -> Iterator[tuple[str, LText]]:
    if isinstance(node, LText):
        yield path, node
    elif hasattr(type(node), "model_fields"):
        for name in type(node).model_fields:
            yield from ltexts(getattr(node, name), f"{path}.{name}" if path else name)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from ltexts(item, f"{path}.{index}")


@cache
def profile(name: str) -> Profile:
    return load_profile(ROOT / "flows" / "profiles" / name)


def profile_texts(lang: str) -> Iterator[tuple[str, str]]:
    for name in PROFILES:
        for path, text in ltexts(profile(name)):
            if lang in text.root:
                yield f"{name}: {path}", text.root[lang]


def quote_problems(text: str, lang: str) -> list[str]:
    opening, closing, wrong = QUOTES[lang]
    problems = [f"uses {mark!r}" for mark in wrong if mark in text]
    depth = 0
    for char in text:
        if char == opening and opening != closing:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth < 0:
                problems.append(f"{closing!r} without {opening!r}")
                break
    if depth > 0:
        problems.append(f"{opening!r} never closed")
    return problems


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_each_language_uses_its_own_quotation_marks(lang: str) -> None:
    texts = [("catalog", msgid, text) for msgid, text in catalog_texts(lang) if lang != "en"]
    texts += [("profile", where, text) for where, text in profile_texts(lang)]
    wrong = [f"{kind} {where!r}: {', '.join(problems)}: {text[:80]!r}"
             for kind, where, text in texts
             if (problems := quote_problems(text, lang))]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", CAPITALISED)
def test_every_button_label_starts_with_a_capital(lang: str) -> None:
    buttons = button_msgids()
    labels = [(msgid, text) for msgid, text in catalog_texts(lang) if msgid in buttons]
    labels += [(f"{name}: {where}", label.values[lang])
               for name in PROFILES for where, label in profile_buttons(profile(name))
               if lang in label.values]
    lower = [f"{where!r}: {text!r}" for where, text in labels
             if text.lstrip("✓ ")[:1].islower()]
    assert not lower, "\n".join(lower)


@pytest.mark.parametrize("lang", ["uk", "ru", "lt", "pl", "en"])
def test_a_role_after_a_comma_is_in_lower_case(lang: str) -> None:
    """ "With: Nino Beridze, psychologist": the role follows a comma."""
    capital = [f"{name}: {c.id}: {c.role.root[lang]!r}"
               for name in PROFILES for c in profile(name).consultants
               if lang in c.role.root and c.role.root[lang][:1].isupper()]
    assert not capital, "\n".join(capital)


def test_ukrainian_has_one_apostrophe_the_one_of_its_dates() -> None:
    friday = format_date(date(2026, 12, 4), "EEEE", locale="uk")
    assert friday == "пʼятниця", "Babel's Ukrainian dates write U+02BC"
    texts = [("catalog", msgid, text) for msgid, text in catalog_texts("uk")]
    texts += [("profile", where, text) for where, text in profile_texts("uk")]
    texts += [("profile", f"{name}: consultants.{c.id}.names", c.names["uk"])
              for name in PROFILES for c in profile(name).consultants if "uk" in c.names]
    wrong = [f"{kind} {where!r}: {text[:80]!r}" for kind, where, text in texts
             if "'" in text or "’" in text]
    assert not wrong, "Ukrainian writes ʼ (U+02BC):\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", sorted(AVOID))
def test_one_term_per_idea(lang: str) -> None:
    catalog = list(catalog_texts(lang))
    profiles = list(profile_texts(lang))
    found = []
    for pattern, instead, scope in AVOID[lang]:
        texts = catalog + (profiles if scope == "all" else [])
        found += [f"{where!r}: say {instead}: {text[:80]!r}" for where, text in texts
                  if re.search(pattern, text)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_question_numbers_never_collide(lang: str) -> None:
    """ "კითხვა 1 13-დან" read as one number; every language keeps the two apart."""
    (template,) = [text for msgid, text in catalog_texts(lang)
                   if msgid == "Question {n} of {total}"]
    assert not re.search(r"\d\s+\d", template.format(n=1, total=13))


@pytest.mark.parametrize("name", PROFILES)
def test_the_enquiry_thanks_once(name: str) -> None:
    """The catalog's "Thank you! Your enquiry has reached our team." comes first; the
    profile's next steps go straight on."""
    found = profile(name)
    for lang in found.agency.languages:
        (line,) = [text for msgid, text in catalog_texts(lang)
                   if msgid == "Thank you! Your enquiry has reached our team."]
        first_word = re.split(r"[\s!,.]", line, maxsplit=1)[0]
        steps = found.screening.next_steps.root[lang].strip()
        assert not steps.startswith(first_word), f"{lang}: {steps[:40]!r}"


def test_no_agency_words_in_the_code() -> None:
    """Greetings and agency names live in the profile, never in flows/ or bot/."""
    agency_words = ["free and confidential", "Family Support Centre"]
    for name in PROFILES:
        agency = profile(name).agency
        agency_words += list(agency.name.root.values())
        if agency.greeting is not None:
            agency_words += list(agency.greeting.root.values())
    sources = [p for folder in ("flows", "bot") for p in (ROOT / folder).rglob("*.py")]
    found = [f"{path.relative_to(ROOT)}: {word!r}" for path in sources
             for word in agency_words if word in path.read_text(encoding="utf-8")]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("name", PROFILES)
def test_the_screening_names_each_form_of_care_as_its_button_does(name: str) -> None:
    """One name per form of care: the screening's choice reads like the form's button."""
    found = profile(name)
    forms = {form.id: form.button.values for form in found.care_forms}
    differ = [f"{question.id}.{choice.id} [{code}]: {text!r} ≠ {forms[choice.id][code]!r}"
              for question in found.screening.questions for choice in question.choices
              if choice.id in forms and question.kind == "multi"
              for code, text in choice.label.root.items() if text != forms[choice.id][code]]
    assert not differ, "\n".join(differ)
