"""What a staff member did in a staff group, as the engine receives it.

The channel (``bot/desk``) reads the messenger's update into a ``StaffEvent``: who acted,
where (a staff group and a topic, or the ticket a card button names), what they did, and
the delivery id of the update. The engine handles it like a person's event: under the
lock of the ticket's person, in one transaction, claimed by its delivery id in the same
table as people's, with its effects in the same outbox.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.messages import parse_command
from flows.staff.reply import StaffMediaRef

NOTE_PREFIX = "//"


@dataclass(frozen=True)
class Actor:
    """The member who acted, by their staff-channel user id; None for an anonymous admin
    (who writes as the group itself and cannot be told apart). Their role is looked up
    when the event is handled."""

    user_id: int | None


@dataclass(frozen=True)
class Where:
    """A topic (``thread``; None: General) of a staff group (``group``; None: the
    default one)."""

    group: int | None
    thread: int | None


@dataclass(frozen=True)
class Wrote:
    """A message: its text (or a file's caption), a file, and whether it could be
    words at all (False for a location, a poll, a contact)."""

    message_id: int
    text: str
    media: StaffMediaRef | None = None
    textual: bool = True

    @property
    def is_note(self) -> bool:
        return self.text.startswith(NOTE_PREFIX)


@dataclass(frozen=True)
class Command:
    """``/close resolved`` → ``Command("close", "resolved")``."""

    name: str
    argument: str


@dataclass(frozen=True)
class Pressed:
    """A button on a ticket's card: ``action`` on ticket ``ticket``."""

    action: str
    ticket: int


Act = Wrote | Command | Pressed


@dataclass(frozen=True)
class StaffEvent:
    channel: str  # the delivery namespace: the staff channel's own
    delivery_id: str
    actor: Actor
    where: Where
    act: Act

    @property
    def ticket_id(self) -> int | None:
        """The ticket a button names; a message names its ticket by its topic."""
        return self.act.ticket if isinstance(self.act, Pressed) else None


def command_of(text: str) -> Command | None:
    """``Command("close", "resolved")`` for ``/close@carebot resolved``; None otherwise."""
    parsed = None if text.startswith(NOTE_PREFIX) else parse_command(text)
    return Command(*parsed) if parsed else None
