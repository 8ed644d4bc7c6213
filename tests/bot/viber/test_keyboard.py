"""Keyboards that read well on a phone: short labels share rows, long ones get their own."""

from __future__ import annotations

from typing import Any

import pytest

from bot.runtime import Runtime
from bot.viber.keyboard import build_keyboard, layout
from bot.viber.transport import message_payloads, sender_info
from flows.languages import LANGUAGE_CODES, LANGUAGES
from flows.menu import LANGUAGE_CODE
from flows.messages import ChoiceId, ChoiceKind, Rendered, RenderedChoice
from tests.bot.viber.conftest import MENU_IDS, MENU_LABELS
from tests.fakes.viber_api import validate_message

ROW_CHARACTERS = 38  # what fits on a row of a phone screen


def rows(keyboard: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The rows Viber draws: buttons fill six columns, in order."""
    drawn: list[list[dict[str, Any]]] = [[]]
    used = 0
    for button in keyboard["Buttons"]:
        if used + button["Columns"] > 6:
            drawn.append([])
            used = 0
        drawn[-1].append(button)
        used += button["Columns"]
    return drawn


def choices(*labels: str) -> tuple[RenderedChoice, ...]:
    return tuple(RenderedChoice(ChoiceKind("test").of(n), label) for n, label in enumerate(labels))


def test_three_short_labels_share_a_row() -> None:
    keyboard = build_keyboard(choices("Yes", "No", "Not sure"))
    assert keyboard is not None
    assert [b["Columns"] for b in keyboard["Buttons"]] == [2, 2, 2]
    assert len(rows(keyboard)) == 1


def test_middling_labels_go_two_to_a_row() -> None:
    assert layout(["Morning, 9-12", "Afternoon, 12-17", "Evening"]) == [3, 3, 6]


def test_a_long_label_takes_the_whole_row() -> None:
    assert layout(["Become a foster carer", "Yes", "No"]) == [6, 3, 3]
    assert layout(["Yes", "Become a foster carer", "No"]) == [6, 6, 6]


def test_every_row_is_full_so_the_order_is_kept() -> None:
    for labels in (["a"] * 7, ["abcdefghijkl"] * 5, ["x" * 30, "y", "z" * 15, "w" * 5]):
        widths = layout(labels)
        assert len(widths) == len(labels)
        total = 0
        for width in widths:
            assert 6 % width == 0
            total += width
        assert total % 6 == 0


def test_buttons_carry_the_choice_id_and_an_escaped_label() -> None:
    keyboard = build_keyboard((RenderedChoice(ChoiceId.from_wire("faq:age"), "Age <18> & older"),))
    assert keyboard == {
        "Type": "keyboard",
        "DefaultHeight": False,
        "InputFieldState": "regular",
        "Buttons": [{
            "Columns": 6, "Rows": 1, "ActionType": "reply", "ActionBody": "faq:age",
            "Text": "Age &lt;18&gt; & older", "TextSize": "regular", "TextVAlign": "middle",
            "TextHAlign": "center",
        }],
    }


def test_no_choices_no_keyboard() -> None:
    assert build_keyboard(()) is None


def test_asking_for_the_phone_adds_a_share_phone_button_with_api_level_3() -> None:
    rendered = Rendered("Your phone number?", choices("Skip"),
                        share_phone="Pasidalyti numeriu")
    (payload,) = message_payloads(rendered, sender=sender_info("Bot", None))
    first, skip = payload["keyboard"]["Buttons"]
    assert first["ActionType"] == "share-phone" and first["Columns"] == 6
    assert first["Text"] == "Pasidalyti numeriu"
    assert skip["ActionBody"] == "test:0"
    assert payload["min_api_version"] == 3
    assert validate_message({"receiver": "x==", **payload}) is None


def test_messages_without_share_phone_need_no_api_level() -> None:
    (payload,) = message_payloads(Rendered("Hi", choices("Ok")), sender=sender_info("Bot", None))
    assert "min_api_version" not in payload


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_the_real_menus_fit_a_phone_in_every_language(runtime: Runtime, lang: str) -> None:
    from flows.text import _

    menu = tuple(RenderedChoice(ChoiceId.from_wire(i), runtime.renderer.text(_(label), lang))
                 for i, label in zip(MENU_IDS, MENU_LABELS, strict=True))
    picker = tuple(RenderedChoice(LANGUAGE_CODE.of(c), name) for c, name in LANGUAGES.items())
    for keyboard in (build_keyboard(menu), build_keyboard(picker)):
        assert keyboard is not None
        for row in rows(keyboard):
            assert sum(b["Columns"] for b in row) == 6
            if len(row) > 1:
                assert sum(len(b["Text"]) for b in row) <= ROW_CHARACTERS
    picker_keyboard = build_keyboard(picker)
    assert picker_keyboard is not None
    assert len(rows(picker_keyboard)) == 2, "six language names fit on two rows"
