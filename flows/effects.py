"""What a step produces for a person, as typed values the engine commits.

A step appends effects with ``ctx.say`` / ``ctx.send``; at commit the engine renders each
one in the person's language (``bot/i18n.py``) into an outbox payload
(``storage/outbox_codec.py``), which every channel draws with an exhaustive ``match``: a
new effect is a type error until the renderer and every transport handle it.

The desk's effects (a ticket to open, staff to notify) are a second family, defined with
the staff flow; they go to the desk's own outbox lane, not to a person.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.text import Text, _
from storage.choice_id import MAX_CHOICE_ID_BYTES, ChoiceId, ChoiceKind
from storage.outbox_codec import Copy, FileBody, MediaKind, MediaRef, MediaSource

__all__ = [
    "MAX_CHOICE_ID_BYTES", "SHARE_PHONE", "Choice", "ChoiceId", "ChoiceKind", "Copy",
    "FileBody", "MediaKind", "MediaRef", "MediaSource", "PersonEffect", "Relay", "Say",
]

# The button that shares the person's own number (Telegram's request_contact, Viber's
# share-phone); rendered with the message that asks for it.
SHARE_PHONE = _("Share my phone number")


@dataclass(frozen=True)
class Choice:
    """A button: what the step receives when it is pressed (``id``, of a kind its flow
    declares: ``Choice(SERVICE.of("family"), label)``) and what it says."""

    id: ChoiceId
    label: Text


@dataclass(frozen=True)
class Say:
    """A message for the person; rendered in their locale when it is committed."""

    text: Text
    choices: tuple[Choice, ...] = ()
    # A button that shares the person's phone number goes with it.
    ask_phone: bool = False
    # The step waits for words: a typed "2" is an answer, not the second button.
    free_text: bool = False
    attachment: FileBody | None = None


@dataclass(frozen=True)
class Relay:
    """Staff's words (and perhaps their file, by reference) for a person on a messenger
    that cannot copy the staff group's message."""

    text: Text
    media: MediaRef | None = None
    choices: tuple[Choice, ...] = ()


PersonEffect = Say | Relay | Copy
