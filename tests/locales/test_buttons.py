"""Every button a person or a staff member presses fits on a phone, in every language.

The budget, ``BUTTON_BUDGET`` characters, is for Telegram: an inline button is one line and
Telegram cuts a longer label with "…". A full-width button on a 360 dp phone (the most
common Android width) holds about 40 Latin or Cyrillic characters at the default text
size and about 34 Georgian ones (Georgian letters are wider); 32 leaves room for the larger
text size many people set. Viber gives a long label a row of its own (about 38 characters)
and may wrap it onto a second line, so what fits Telegram fits Viber too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.i18n import Renderer, load_catalogs
from flows.languages import LANGUAGE_CODES
from flows.profile import BUILTIN_PROFILES, Profile, load_profile
from flows.text import Localized, date_label

BUTTON_BUDGET = 32
ROOT = Path(__file__).resolve().parents[2]
# Buttons defined once and used on keyboards elsewhere.
BUTTON_NAMES = {"SHARE_PHONE", "CLAIM", "CLOSE", "URGENT", "FALSE_ALARM", "MODE_LABELS"}


def _msgids(node: ast.AST) -> Iterator[str]:
    for call in ast.walk(node):
        if (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                and call.func.id == "_" and call.args
                and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)):
            yield call.args[0].value


@cache
def button_msgids() -> frozenset[str]:
    """Catalog messages used as button labels: the label of every ``Choice(...)`` in the
    source, and the named buttons of the desk and the channels (read once a run)."""
    found: set[str] = set()
    for folder in ("flows", "bot"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id == "Choice" and len(node.args) >= 2):
                    found.update(_msgids(node.args[1]))
                if isinstance(node, ast.Assign) and any(
                        isinstance(t, ast.Name) and t.id in BUTTON_NAMES for t in node.targets):
                    found.update(_msgids(node.value))
    return frozenset(found)


@cache
def profiles() -> tuple[Profile, ...]:
    return tuple(load_profile(Path(str(ROOT / "flows" / "profiles" / name)))
            for name in BUILTIN_PROFILES.values())


def profile_buttons(profile: Profile) -> Iterator[tuple[str, Localized]]:
    """Every profile text drawn on a button, with where it comes from."""
    for form in profile.care_forms:
        yield f"care_forms.{form.id}", form.button
    for entry in profile.faq:
        yield f"faq.{entry.id}", entry.button
    for service in profile.services:
        yield f"services.{service.id}", service.button
    for centre in profile.centres:
        yield f"centres.{centre.id}", centre.name.text
    for number, question in enumerate(profile.screening.questions, 1):
        # "Change an answer" lists the questions as "3. Household".
        named = (question.summary or question.prompt).root
        yield f"screening.{question.id}.summary", Localized(
            {code: f"{number}. {text}" for code, text in named.items()})
        for choice in question.choices:
            # A picked choice of a multi question shows "✓ " in front of it.
            yield f"screening.{question.id}.{choice.id}", Localized(
                {code: ("✓ " if question.kind == "multi" else "") + text
                 for code, text in choice.label.root.items()})


def placeholder_values(lang: str) -> dict[str, list[str]]:
    """What a button's placeholders become: the longest real values."""
    services = [s.button.values[lang] for p in profiles() for s in p.services
                if lang in s.button.values]
    phones = [p.agency.phone for p in profiles()] + [
        c.phone for p in profiles() for c in p.centres if c.phone]
    return {"service": services, "phone": phones, "age": ["18"]}


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_every_catalog_button_fits_a_phone(lang: str) -> None:
    wanted = button_msgids()
    assert {"Book a consultation", "Claim", "Share my phone number", "By video call"} <= wanted
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    values = placeholder_values(lang)
    too_long = []
    for message in catalog:
        if message.id not in wanted:
            continue
        template = str(message.string)
        fields = [name for name in values if "{" + name + "}" in template]
        longest = template.format(**{name: max(values[name], key=len) for name in fields})
        if len(longest) > BUTTON_BUDGET:
            too_long.append(f"{message.id!r} → {longest!r} ({len(longest)})")
    assert not too_long, "\n".join(too_long)


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_a_booking_button_fits_on_every_day_of_the_year(lang: str) -> None:
    """ "My appointments" shows each booking as a button with its short day and time."""
    renderer = Renderer(load_catalogs([lang]), fallback=lang)
    first = datetime(2027, 1, 1, 20, 59, tzinfo=UTC)
    labels = [renderer.text(date_label(first + timedelta(days=d), "Asia/Tbilisi",
                                       style="short"), lang) for d in range(366)]
    longest = max(labels, key=len)
    assert len(longest) <= BUTTON_BUDGET, longest


@pytest.mark.parametrize("name", sorted(BUILTIN_PROFILES.values()))
def test_every_profile_button_fits_a_phone(name: str) -> None:
    profile = load_profile(Path(str(ROOT / "flows" / "profiles" / name)))
    too_long = [
        f"{where} [{code}]: {text!r} ({len(text)})"
        for where, label in profile_buttons(profile)
        for code, text in label.values.items()
        if code in profile.agency.languages and len(text) > BUTTON_BUDGET
    ]
    assert not too_long, "\n".join(too_long)
