"""Desk effects: what the flows, the staff flow and the bot's own watches ask of the staff
group, as typed values.

Each is one outbox row of the ``desk`` channel. The row's payload is a versioned JSON
object, ``{"v": 1, "kind": "post", "ticket": 12, ...}``, decoded once by ``decode`` into
one of the dataclasses below; the desk's transport matches on them exhaustively, so a new
effect is a type error until the transport handles it. ``ticket`` and ``group`` stay at
the top level: the outbox orders desk rows by ticket and by staff group from them (see
``storage.repositories.Outbox.due_by_ticket``). Rows written before the version existed
(``{"op": "post", ...}``) still decode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from flows.messages import Attachment, Inbound

VERSION = 1


class UndecodableEffect(ValueError):
    """A desk row this version cannot read (a newer version, or a damaged row)."""


@dataclass(frozen=True)
class OpenTicket:
    """A new ticket: its topic, its card, the pin."""

    ticket: int


@dataclass(frozen=True)
class PinCard:
    """Pin a ticket's card later (a surge posts the card first, pins when it is calm)."""

    ticket: int


@dataclass(frozen=True)
class PersonSaid:
    """Something the person sent during a conversation, for the ticket's topic."""

    ticket: int
    channel: str
    text: str | None = None
    contact: str | None = None
    attachment: Attachment | None = None
    # The person's channel's handle to the media (a Telegram file id, a Viber URL).
    media_ref: str | None = None
    caption: str | None = None

    @property
    def words_only(self) -> str | None:
        """The text, when the message is nothing but text."""
        if self.contact or self.attachment:
            return None
        return self.text or None


def person_said(ticket: int, event: Inbound) -> PersonSaid:
    """The one place a person's message becomes a desk effect."""
    return PersonSaid(ticket, event.channel, text=event.text, contact=event.contact_phone,
                      attachment=event.attachment, media_ref=event.media_ref,
                      caption=event.caption)


@dataclass(frozen=True)
class TicketClosed:
    ticket: int
    # A staff member's name; None when the person ended the conversation.
    by: str | None = None
    resolution: str | None = None


@dataclass(frozen=True)
class TicketReopened:
    ticket: int
    by: str


@dataclass(frozen=True)
class RaiseAlert:
    """An urgent ticket, announced in General: a detected concern (``category``) or a
    staff member's Urgent button (``by``)."""

    ticket: int
    category: str | None = None
    by: str | None = None


@dataclass(frozen=True)
class SlaBreached:
    ticket: int
    queue: str
    minutes: int


@dataclass(frozen=True)
class PostToTopic:
    """Text for a topic (``thread``), or General (None), of the staff group ``group``
    (None: the default one). With ``ticket``, the post goes to that ticket's current
    topic, which is recreated if someone deleted it."""

    text: str
    thread: int | None = None
    ticket: int | None = None
    group: int | None = None


@dataclass(frozen=True)
class PersonBlocked:
    """The ticket's person can no longer be reached: staff replies would not arrive."""

    ticket: int


@dataclass(frozen=True)
class Retitle:
    """The ticket's topic name changed (marks such as ⚠)."""

    ticket: int


@dataclass(frozen=True)
class TicketErased:
    """The ticket is deleted; its topic goes from the group. ``by``: "person", "staff"
    or "retention". Not in a ticket's lane (``number``, not ``ticket``): it is gone."""

    number: int
    topic: int | None
    card: int | None
    group: int | None
    by: str


DeskEffect = (OpenTicket | PinCard | PersonSaid | TicketClosed | TicketReopened | RaiseAlert
              | SlaBreached | PostToTopic | PersonBlocked | Retitle | TicketErased)

_KINDS: dict[str, type[DeskEffect]] = {
    "ticket_opened": OpenTicket,
    "pin": PinCard,
    "person_message": PersonSaid,
    "ticket_closed": TicketClosed,
    "ticket_reopened": TicketReopened,
    "alert": RaiseAlert,
    "sla": SlaBreached,
    "post": PostToTopic,
    "person_blocked": PersonBlocked,
    "retitle": Retitle,
    "ticket_erased": TicketErased,
}


def ticket_of(effect: DeskEffect) -> int | None:
    """The ticket whose lane (and topic) the effect is in."""
    return None if isinstance(effect, TicketErased) else effect.ticket


def kind_of(effect: DeskEffect) -> str:
    match effect:
        case OpenTicket():
            return "ticket_opened"
        case PinCard():
            return "pin"
        case PersonSaid():
            return "person_message"
        case TicketClosed():
            return "ticket_closed"
        case TicketReopened():
            return "ticket_reopened"
        case RaiseAlert():
            return "alert"
        case SlaBreached():
            return "sla"
        case PostToTopic():
            return "post"
        case PersonBlocked():
            return "person_blocked"
        case Retitle():
            return "retitle"
        case TicketErased():
            return "ticket_erased"
        case _:
            assert_never(effect)


def encode(effect: DeskEffect) -> dict[str, object]:
    """The outbox payload: the version, the kind, and the fields that are set."""
    fields = {name: value for name, value in vars(effect).items() if value is not None}
    if isinstance(effect, PersonSaid) and effect.attachment is not None:
        fields["attachment"] = effect.attachment.value
    if isinstance(effect, TicketClosed) and effect.by is None:
        fields["by"] = "person"
    return {"v": VERSION, "kind": kind_of(effect), **fields}


def _int(data: dict[str, object], name: str) -> int:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise UndecodableEffect(f"{name}: not a number")
    try:
        return int(value)
    except ValueError:
        raise UndecodableEffect(f"{name}: not a number") from None


def _int_or_none(data: dict[str, object], name: str) -> int | None:
    return None if data.get(name) in (None, "") else _int(data, name)


def _str(data: dict[str, object], name: str) -> str:
    value = data.get(name)
    if value is None:
        raise UndecodableEffect(f"{name}: missing")
    return str(value)


def _str_or_none(data: dict[str, object], name: str) -> str | None:
    value = data.get(name)
    return None if value in (None, "") else str(value)


def decode(data: dict[str, object]) -> DeskEffect:
    """A desk row's payload → its effect; raises ``UndecodableEffect`` otherwise."""
    version = data.get("v")
    if version is None:  # written before effects were typed: {"op": ...}
        name = data.get("op")
    elif version == VERSION:
        name = data.get("kind")
    else:
        raise UndecodableEffect(f"desk effect version {version!r}")
    kind = _KINDS.get(str(name))
    if kind is None:
        raise UndecodableEffect(f"unknown desk effect {name!r}")
    if kind is OpenTicket:
        return OpenTicket(_int(data, "ticket"))
    if kind is PinCard:
        return PinCard(_int(data, "ticket"))
    if kind is PersonSaid:
        attachment = _str_or_none(data, "attachment")
        try:
            typed = Attachment(attachment) if attachment else None
        except ValueError:
            typed = Attachment.OTHER
        return PersonSaid(_int(data, "ticket"), _str_or_none(data, "channel") or "",
                          text=_str_or_none(data, "text"),
                          contact=_str_or_none(data, "contact"), attachment=typed,
                          media_ref=_str_or_none(data, "media_ref"),
                          caption=_str_or_none(data, "caption"))
    if kind is TicketClosed:
        by = _str_or_none(data, "by")
        return TicketClosed(_int(data, "ticket"), None if by == "person" else by,
                            _str_or_none(data, "resolution"))
    if kind is TicketReopened:
        return TicketReopened(_int(data, "ticket"), _str_or_none(data, "by") or "—")
    if kind is RaiseAlert:
        return RaiseAlert(_int(data, "ticket"), _str_or_none(data, "category"),
                          _str_or_none(data, "by"))
    if kind is SlaBreached:
        return SlaBreached(_int(data, "ticket"), _str_or_none(data, "queue") or "",
                           _int_or_none(data, "minutes") or 0)
    if kind is PostToTopic:
        return PostToTopic(_str(data, "text"), _int_or_none(data, "thread"),
                           _int_or_none(data, "ticket"), _int_or_none(data, "group"))
    if kind is PersonBlocked:
        return PersonBlocked(_int(data, "ticket"))
    if kind is Retitle:
        return Retitle(_int(data, "ticket"))
    return TicketErased(_int_or_none(data, "number") or 0, _int_or_none(data, "topic"),
                        _int_or_none(data, "card"), _int_or_none(data, "group"),
                        _str_or_none(data, "by") or "person")
