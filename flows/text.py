"""Translatable text as data: flows build it, the runtime renders it in a person's locale.

``_`` and ``ngettext`` are named like gettext's so that ``pybabel extract`` finds every
message with its default keywords; they do not translate anything themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Union

Param = Union[str, int, "Text"]


def _freeze(params: Mapping[str, Param]) -> Mapping[str, Param]:
    return MappingProxyType(dict(params))


@dataclass(frozen=True)
class Msg:
    """A gettext message; ``plural``/``n`` make it an ngettext message."""

    msgid: str
    params: Mapping[str, Param] = field(default_factory=dict)
    plural: str | None = None
    n: int | None = None


@dataclass(frozen=True)
class Localized:
    """Text that carries one value per language, as agency profiles do."""

    values: Mapping[str, str]


@dataclass(frozen=True)
class Verbatim:
    """Text shown as it is in every language (a phone number, a name)."""

    value: str


@dataclass(frozen=True)
class When:
    """A moment, shown with babel.dates in a time zone and the reader's locale."""

    moment: datetime
    timezone: str
    style: str = "datetime"  # "date", "time", "datetime", "weekday_date", "short" (a button)
    # Shown at the start of a label (a button, a line of a list): its first letter is a
    # capital, as uk, ru, lt and pl write a weekday only there ("Середа, 2 грудня").
    label: bool = False


@dataclass(frozen=True)
class Joined:
    """Several texts shown one after another."""

    parts: tuple[Text, ...]
    separator: str = "\n\n"


Text = Msg | Localized | Verbatim | When | Joined


def _(msgid: str, **params: Param) -> Msg:
    return Msg(msgid, _freeze(params))


def ngettext(singular: str, plural: str, n: int, **params: Param) -> Msg:
    return Msg(singular, _freeze({"n": n, **params}), plural=plural, n=n)


def date_label(moment: datetime, timezone: str, style: str = "datetime") -> When:
    """A moment that starts a label or a line: every such place builds it here."""
    return When(moment, timezone, style, label=True)


def join(*parts: Text | None, separator: str = "\n\n") -> Joined:
    return Joined(tuple(part for part in parts if part is not None), separator)
