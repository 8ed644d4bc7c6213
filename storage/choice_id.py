"""A button's id, typed: which kind of button it is and which one of that kind.

A flow declares the kinds of buttons it shows once (``SERVICE = ChoiceKind("svc")``) and
makes ids from them (``SERVICE.of("family")``); a step compares what was pressed with
those ids (``event.choice == BACK.id``) or reads the value of a kind
(``SERVICE.value_of(event.choice)``). A misspelt kind or id constant is then a name
error, not a button that silently leads nowhere; a button a prompt shows that its step
does not handle stops the start (``flows.catalog``).

On the wire (Telegram's ``callback_data``, Viber's ``ActionBody``, the outbox's JSON) an
id is the text ``kind:value``, the form buttons have always had, so buttons still on
people's phones and rows still in the outbox keep working. Adapters parse it once
(``ChoiceId.parse``); anything else is not a button of ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CHOICE_ID_BYTES = 64  # Telegram's callback_data limit

_KIND = r"[a-z][a-z0-9_]*"
# Ids of the profile (``[a-z0-9_-]``), dates, times and numbers; never a space, so typed
# words (on Viber a keyboard reply is a text message) never look like a button.
_VALUE = r"[A-Za-z0-9_.:+\-]+"
KIND = re.compile(_KIND)
VALUE = re.compile(_VALUE)
WIRE = re.compile(f"({_KIND}):({_VALUE})")


class ChoiceIdError(ValueError):
    """An id carebot cannot put on a button (a bad kind or value, or too long)."""


@dataclass(frozen=True)
class ChoiceKind:
    """One kind of button a flow shows and handles: ``MENU = ChoiceKind("menu")``."""

    name: str

    def __post_init__(self) -> None:
        if KIND.fullmatch(self.name) is None:
            raise ChoiceIdError(f"a choice kind is lowercase letters, digits and _, starting"
                                f" with a letter: {self.name!r}")

    def of(self, value: str | int) -> ChoiceId:
        """The id of one button of this kind: ``SERVICE.of("family")``."""
        return ChoiceId(self, str(value))

    def value_of(self, choice: ChoiceId | None) -> str | None:
        """What was pressed, when it is a button of this kind; None otherwise."""
        return choice.value if choice is not None and choice.kind == self else None

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class ChoiceId:
    """What a step receives when a button is pressed; ``wire`` is what the button carries."""

    kind: ChoiceKind
    value: str

    def __post_init__(self) -> None:
        if VALUE.fullmatch(self.value) is None:
            raise ChoiceIdError(f"a choice value is letters, digits and _.:+- without"
                                f" spaces: {self.value!r} (kind {self.kind.name!r})")
        if len(self.wire.encode()) > MAX_CHOICE_ID_BYTES:
            raise ChoiceIdError(f"choice id longer than {MAX_CHOICE_ID_BYTES} bytes:"
                                f" {self.wire!r}")

    @property
    def wire(self) -> str:
        return f"{self.kind.name}:{self.value}"

    @classmethod
    def parse(cls, wire: str) -> ChoiceId | None:
        """The id a button carried; None for anything carebot never puts on a button
        (linear in the text, which is read only up to the byte limit)."""
        if len(wire) > MAX_CHOICE_ID_BYTES or len(wire.encode()) > MAX_CHOICE_ID_BYTES:
            return None
        found = WIRE.fullmatch(wire)
        if found is None:
            return None
        return cls(ChoiceKind(found[1]), found[2])

    @classmethod
    def from_wire(cls, wire: str) -> ChoiceId:
        """``parse`` for a text that must be a button's id (a stored row, a test);
        :class:`ChoiceIdError` otherwise."""
        found = cls.parse(wire)
        if found is None:
            raise ChoiceIdError(f"not a button's id: {wire[:80]!r}")
        return found

    def __str__(self) -> str:
        return self.wire


# A pressed button whose data does not parse (forged, or from another bot): no prompt
# offers it, so the person hears it is a button of an earlier message and sees where
# they are, as for any stale button.
UNKNOWN_BUTTON = ChoiceId(ChoiceKind("unknown"), "button")
