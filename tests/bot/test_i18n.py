"""The catalogs: complete, compiling, consistent placeholders; locale choice and dates."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n import Renderer, load_catalogs
from flows.languages import LANGUAGE_CODES, language_names, negotiate
from flows.text import When, _, date_label, ngettext

LOCALES = Path(__file__).resolve().parents[2] / "locales"
PLACEHOLDER = re.compile(r"{(\w+)}")


def catalog(code: str):  # type: ignore[no-untyped-def]
    with (LOCALES / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=code)


def template_ids() -> set[str]:
    with (LOCALES / "messages.pot").open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_every_message_is_translated_in_every_catalog(code: str) -> None:
    messages = [m for m in catalog(code) if m.id]
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in messages}
    assert template_ids() <= ids, f"{code}: msgids missing from the catalog"
    empty = [m.id for m in messages if not m.string or (
        isinstance(m.string, tuple) and not all(m.string))]
    assert empty == [], f"{code}: untranslated messages"
    assert [m.id for m in messages if m.fuzzy] == [], f"{code}: fuzzy translations"


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_every_catalog_compiles_without_errors(code: str) -> None:
    loaded = catalog(code)
    problems = [(m.id, errors) for m, errors in loaded.check()]
    assert problems == []
    buffer = io.BytesIO()
    write_mo(buffer, loaded)
    assert buffer.getvalue()


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_translations_keep_the_placeholders_of_the_original(code: str) -> None:
    for message in catalog(code):
        if not message.id:
            continue
        originals = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(originals[-1])) | set(PLACEHOLDER.findall(originals[0]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= wanted, (code, message.id, string)


def test_the_template_is_current_with_the_code(tmp_path: Path) -> None:
    """A new message in the code must reach the catalogs before it can be translated."""
    extracted = tmp_path / "current.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
         "locales/babel.cfg", "-o", str(extracted), "--no-location", "."],
        cwd=LOCALES.parent, capture_output=True, text=True, check=True,
    )
    with extracted.open("rb") as handle:
        current = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert current == template_ids(), "run: python -m locales.refresh"


def test_georgian_has_two_plural_forms_and_slavic_baltic_three() -> None:
    assert catalog("ka").num_plurals == 2
    assert catalog("ka").plural_expr.replace(" ", "") == "(n!=1)"
    for code in ("uk", "lt", "pl", "ru"):
        assert catalog(code).num_plurals == 3


@pytest.mark.parametrize(
    ("hint", "expected"),
    [("uk-UA", "uk"), ("uk", "uk"), ("ka_GE", "ka"), ("PL", "pl"), ("pt-BR", "en"), (None, "en"),
     ("", "en"), ("ru-RU", "ru"), ("lt", "lt")],
)
def test_client_hints_map_onto_supported_languages(hint: str | None, expected: str) -> None:
    assert negotiate(hint, "en") == expected


def test_dates_are_shown_in_the_centres_time_zone_and_the_readers_language() -> None:
    renderer = Renderer(load_catalogs(), fallback="en")
    moment = When(datetime(2026, 12, 1, 6, 30, tzinfo=UTC), "Asia/Tbilisi")  # 10:30 in Tbilisi
    assert renderer.text(moment, "en") == "Tuesday 1 December, 10:30"
    assert renderer.text(moment, "uk") == "вівторок, 1 грудня, 10:30"
    assert renderer.text(moment, "ka") == "სამშაბათი, 1 დეკემბერი, 10:30"
    assert renderer.text(moment, "lt") == "antradienis, gruodžio 1 d., 10:30"
    assert renderer.text(moment, "pl") == "wtorek, 1 grudnia, 10:30"
    assert renderer.text(moment, "ru") == "вторник, 1 декабря, 10:30"
    naive = When(datetime(2026, 12, 1, 6, 30), "Europe/Vilnius", style="time")
    assert renderer.text(naive, "lt") == "08:30", "a naive datetime is taken as UTC"


def test_a_date_that_starts_a_label_starts_with_a_capital() -> None:
    """ "Середа, 2 грудня" on a button or at the start of a line; "в середу" stays small in
    a sentence, and Georgian, which has no capitals in running text, is left alone."""
    renderer = Renderer(load_catalogs(), fallback="en")
    moment = datetime(2026, 12, 2, 6, 30, tzinfo=UTC)
    label = date_label(moment, "Asia/Tbilisi", style="date")
    assert renderer.text(label, "uk") == "Середа, 2 грудня"
    assert renderer.text(label, "ru") == "Среда, 2 декабря"
    assert renderer.text(label, "lt") == "Trečiadienis, gruodžio 2 d."
    assert renderer.text(label, "pl") == "Środa, 2 grudnia"
    assert renderer.text(label, "ka") == "ოთხშაბათი, 2 დეკემბერი"
    short = date_label(moment, "Asia/Tbilisi", style="short")
    assert renderer.text(short, "uk") == "Ср, 2 грудня, 10:30"
    assert renderer.text(short, "pl") == "Śr., 2 grudnia, 10:30"
    assert renderer.text(When(moment, "Asia/Tbilisi", style="date"), "uk") == "середа, 2 грудня"


def test_languages_are_named_in_the_readers_language() -> None:
    renderer = Renderer(load_catalogs(), fallback="en")
    names = language_names(["ka", "en"])
    assert renderer.text(names, "lt") == "gruzinų, anglų"
    assert renderer.text(names, "uk") == "грузинська, англійська"
    assert renderer.text(names, "ka") == "ქართული, ინგლისური"
    assert renderer.text(names, "en") == "Georgian, English"


def test_plural_messages_follow_each_languages_rules() -> None:
    renderer = Renderer(load_catalogs(), fallback="en")
    few = ngettext("{n} person is waiting before you.", "{n} people are waiting before you.", 3)
    many = ngettext("{n} person is waiting before you.", "{n} people are waiting before you.", 5)
    assert renderer.text(few, "en") == "3 people are waiting before you."
    assert renderer.text(many, "en") == "5 people are waiting before you."


def test_an_unknown_msgid_is_shown_as_written_rather_than_failing() -> None:
    renderer = Renderer(load_catalogs(), fallback="en")
    assert renderer.text(_("Not in any catalog {x}", x="!"), "pl") == "Not in any catalog !"
