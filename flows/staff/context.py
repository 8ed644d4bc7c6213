"""What a staff rule works with: the transaction, who acts, on which ticket, for whom, and
what it leaves for the engine to commit (desk effects, words for the person, events the
person's own flow must run in the same transaction, an answer for the staff member)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flows.profile import Profile
from flows.staff.effects import DeskEffect, PostToTopic
from flows.staff.event import StaffEvent
from flows.text import Text
from storage import audit
from storage.repositories import Person, Repos
from storage.staff import StaffMember
from storage.tickets import Ticket

# Tickets that are a conversation: the person is asked to rate it when staff close it.
CONVERSATIONS = ("handoff", "safeguarding")


@dataclass(frozen=True)
class Reach:
    """What a person's channel can show of a staff message: the original copied as it is
    (any kind of message), or else words and the files it can take by link."""

    copies: bool = False
    takes_files: bool = False


@dataclass(frozen=True)
class DeskSetup:
    """Given by the channel: the default staff group's id, and each person channel's
    reach (by the channel's name, which the rules never read)."""

    default_group: int
    reach: Callable[[str], Reach]


@dataclass(frozen=True)
class StaffOutcome:
    """What the staff member sees besides the effects: a button's pop-up, and whether an
    internal note was stored (the channel marks it)."""

    answer: str | None = None
    noted: bool = False


async def load(repos: Repos, event: StaffEvent, setup: DeskSetup
               ) -> tuple[StaffMember | None, Ticket | None, Person | None]:
    """Who acts (if registered staff), on which ticket (by the topic they wrote in, or by
    the id a button names), for whom."""
    user_id = event.actor.user_id
    actor = await repos.staff.get(user_id) if user_id is not None else None
    thread, ticket_id = event.where.thread, event.ticket_id
    group = event.where.group
    ticket = (await repos.tickets.by_topic(thread, setup.default_group if group is None
                                           else group, setup.default_group)
              if thread is not None and ticket_id is None
              else await repos.tickets.get(ticket_id) if ticket_id is not None else None)
    person = (await repos.people.get(ticket.person_id)
              if ticket is not None and ticket.person_id is not None else None)
    return actor, ticket, person


@dataclass
class StaffContext:
    repos: Repos
    profile: Profile
    now: datetime
    render: Callable[[Text, str], str]
    setup: DeskSetup
    # None: somebody who is not registered staff (they only hear that they are not).
    actor: StaffMember | None
    ticket: Ticket | None
    person: Person | None
    # Where the staff member acts: a topic, or General (None), of a group (None: default).
    thread: int | None
    group: int | None
    # The staff channel's id of whoever acted (None: an anonymous admin).
    user_id: int | None = None
    for_staff: list[DeskEffect] = field(default_factory=list)
    # Events for the person's own flow, run in this transaction ("ticket_closed:12").
    person_events: list[str] = field(default_factory=list)
    answer: Text | None = None
    noted: bool = False

    @property
    def member(self) -> StaffMember:
        assert self.actor is not None, "a rule for registered staff only"
        return self.actor

    @property
    def who(self) -> str:
        return str(self.member.telegram_user_id)

    @property
    def staff_locale(self) -> str:
        return self.profile.agency.staff_locale

    @property
    def group_id(self) -> int:
        return self.setup.default_group if self.group is None else self.group

    def t(self, text: Text) -> str:
        return self.render(text, self.staff_locale)

    def tell_staff(self, effect: DeskEffect) -> None:
        self.for_staff.append(effect)

    def post(self, text: Text) -> None:
        """A short answer where the staff member is: the ticket's topic, or General."""
        ticket = self.ticket
        self.tell_staff(PostToTopic(
            self.t(text), thread=self.thread,
            ticket=ticket.id if ticket and ticket.topic_id == self.thread else None,
            group=self.group))

    def post_in_ticket(self, text: Text) -> None:
        """A line in the ticket's own topic (wherever the staff member pressed)."""
        assert self.ticket is not None
        self.tell_staff(PostToTopic(self.t(text), thread=self.ticket.topic_id,
                                    ticket=self.ticket.id))

    async def audit(self, action: str, detail: str = "") -> None:
        """One audit row for this staff action on this ticket (ids only)."""
        ticket = self.ticket
        await audit.record(self.repos.conn, staff_id=self.member.telegram_user_id,
                           action=action, ticket_id=ticket.id if ticket else None,
                           person_id=ticket.person_id if ticket else None, now=self.now,
                           detail=detail)

    def outcome(self) -> StaffOutcome:
        return StaffOutcome(self.t(self.answer) if self.answer is not None else None,
                            self.noted)
