"""Rendered choices drawn as a Viber keyboard that reads well on a phone.

A Viber keyboard is a grid six columns wide; each button says how many columns it takes
and the client fills rows in order. About 38 characters fit on a row of a phone screen,
so up to three short labels share a row, labels of middling length go two to a row and a
long label gets the whole row. The ``ActionBody`` of every button is the wire form of the
choice's id (``kind:value``), which Viber sends back as the text of the person's reply.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flows.messages import RenderedChoice

ROW_COLUMNS = 6
# Longer labels get a row of their own (two of them would not fit in ~38 characters).
LONG_LABEL = 18
# Labels up to this length go three to a row.
SHORT_LABEL = 11
# ``share-phone`` buttons exist from Viber API level 3 on.
SHARE_PHONE_API_VERSION = 3
SHARE_PHONE_ACTION = "share-phone"


def escape(label: str) -> str:
    """Viber draws button text as a little HTML; show ``<`` and ``>`` as they are."""
    return label.replace("<", "&lt;").replace(">", "&gt;")


def layout(labels: Sequence[str]) -> list[int]:
    """Columns for each label, in order; every row adds up to six columns."""
    columns: list[int] = []
    index = 0
    while index < len(labels):
        if len(labels[index]) > LONG_LABEL:
            columns.append(ROW_COLUMNS)
            index += 1
            continue
        end = index
        while end < len(labels) and len(labels[end]) <= LONG_LABEL:
            end += 1
        run = labels[index:end]
        taken = 0
        while taken < len(run):
            rest = run[taken:]
            if len(rest) >= 3 and all(len(label) <= SHORT_LABEL for label in rest[:3]):
                per_row = 3
            else:
                per_row = min(2, len(rest))
            columns += [ROW_COLUMNS // per_row] * per_row
            taken += per_row
        index = end
    return columns


def button(text: str, action_body: str, columns: int, action_type: str = "reply") -> dict[str, Any]:
    return {
        "Columns": columns,
        "Rows": 1,
        "ActionType": action_type,
        "ActionBody": action_body,
        "Text": escape(text),
        "TextSize": "regular",
        "TextVAlign": "middle",
        "TextHAlign": "center",
    }


def build_keyboard(
    choices: Sequence[RenderedChoice], *, share_phone: str | None = None
) -> dict[str, Any] | None:
    """The keyboard for these choices; ``share_phone`` is the label of a share-phone button
    (put first, across the whole row). None when there is nothing to press."""
    buttons: list[dict[str, Any]] = []
    if share_phone is not None:
        buttons.append(button(share_phone, SHARE_PHONE_ACTION, ROW_COLUMNS, SHARE_PHONE_ACTION))
    widths = layout([choice.label for choice in choices])
    buttons += [
        button(choice.label, choice.id.wire, width)
        for choice, width in zip(choices, widths, strict=True)
    ]
    if not buttons:
        return None
    return {
        "Type": "keyboard",
        "DefaultHeight": False,
        "InputFieldState": "regular",
        "Buttons": buttons,
    }


def min_api_version(keyboard: dict[str, Any] | None) -> int | None:
    """The API level a message with this keyboard needs; None for the default."""
    if keyboard and any(b["ActionType"] == SHARE_PHONE_ACTION for b in keyboard["Buttons"]):
        return SHARE_PHONE_API_VERSION
    return None
