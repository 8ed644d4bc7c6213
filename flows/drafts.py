"""A flow's draft: what it remembers between one message and the next, as a dataclass.

Each flow names its draft type when it is registered (``Router(name, draft=...)``); the
session stores it as JSON (``dump``) and reads it back with ``load``, which keeps every
field whose stored value has the declared type (a table or a list keeps the entries that
do) and uses the default for the rest. So a session written by an older version (the
same keys as a plain dict) loads as it is, and a value that no longer fits costs that one
field, never the person's place.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Any, Self, Union


class Draft:
    """Base of every flow's draft; subclasses are ``@dataclass`` with a default for every
    field, so that ``Kind()`` is the empty draft a flow starts with."""

    def dump(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload, no-any-return]

    @classmethod
    def load(cls, stored: Mapping[str, Any]) -> Self:
        hints = typing.get_type_hints(cls)
        kept = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            value = _trimmed(stored.get(f.name), hints[f.name])
            if f.name in stored and fits(value, hints[f.name]):
                kept[f.name] = value
        return cls(**kept)


@dataclasses.dataclass
class NoDraft(Draft):
    """For a flow that remembers nothing between messages."""


def _trimmed(value: object, hint: Any) -> object:
    """A table or a list without the entries that do not fit: one odd answer costs that
    answer, not all of them."""
    origin = typing.get_origin(hint)
    if origin is dict and isinstance(value, dict):
        item = typing.get_args(hint)[1]
        return {k: v for k, v in value.items() if isinstance(k, str) and fits(v, item)}
    if origin is list and isinstance(value, list):
        item = typing.get_args(hint)[0]
        return [v for v in value if fits(v, item)]
    return value


def fits(value: object, hint: Any) -> bool:
    """Whether a JSON value has the declared type (str, int, bool, None, list, dict and
    unions of them: what a draft may hold)."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        return any(fits(value, arg) for arg in typing.get_args(hint))
    if hint is type(None) or hint is None:
        return value is None
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is str:
        return isinstance(value, str)
    if origin is list:
        (item,) = typing.get_args(hint)
        return isinstance(value, list) and all(fits(v, item) for v in value)
    if origin is dict:
        _key, item = typing.get_args(hint)
        return isinstance(value, dict) and all(
            isinstance(k, str) and fits(v, item) for k, v in value.items())
    raise TypeError(f"a draft cannot hold {hint!r}")
