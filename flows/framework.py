"""What a flow is made of: steps that show a prompt and handle what the person sends.

A step never talks to a messenger. It reads and writes through ``ctx.repos`` (bound to the
engine's transaction), appends messages with ``ctx.say``, keeps what it learnt in its flow's
draft (``ctx.draft(Kind)``) and moves on with ``ctx.goto(STEP)``; the engine commits all of
it at once.

A flow is a :class:`Router`: its steps (each named by a :class:`StepRef`), the commands and
internal events it answers and the menu buttons it owns. ``flows.catalog`` includes every
router explicitly at start-up; importing a module registers nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from flows.drafts import Draft, NoDraft
from flows.effects import PersonEffect
from flows.messages import Choice, ChoiceId, Inbound, Outbound
from flows.profile import Profile
from flows.staff.effects import DeskEffect
from flows.text import Text
from storage.repositories import Person, Repos, Session

if TYPE_CHECKING:
    from flows.catalog import Catalog

D = TypeVar("D", bound=Draft)


@dataclass(frozen=True)
class StepRef:
    """One step of one flow; a session stores its two names, so they never change."""

    flow: str
    step: str

    @property
    def name(self) -> str:
        return f"{self.flow}/{self.step}"

    def __str__(self) -> str:
        return self.name


def _default_catalog() -> Catalog:
    from flows.catalog import default_catalog

    return default_catalog()


@dataclass
class Context:
    person: Person
    session: Session
    repos: Repos
    profile: Profile
    now: datetime
    locale: str
    # Renders a text in a given locale: for what is stored as text, such as a staff card.
    render: Callable[[Text, str], str]
    # What the person is sent (messages, relayed staff words), committed with the rest.
    outgoing: list[PersonEffect] = field(default_factory=list)
    # Work for the staff desk (a new ticket, a message to relay), committed with the rest.
    for_staff: list[DeskEffect] = field(default_factory=list)
    next_step: StepRef | None = None
    # Said at the head of the next step's prompt, in the same message (the greeting).
    preface: Text | None = None
    # Set by the privacy flow: after this event, erase the person and everything about them
    # (storage/privacy.py); who asked: "person", "staff" (erase_staff) or "retention".
    forget_person: bool = False
    erase_reason: str = "person"
    erase_staff: int | None = None
    catalog: Catalog = field(default_factory=_default_catalog)
    # The draft of the flow the person is in (or moving to), read from the session lazily.
    _draft: Draft | None = field(default=None, init=False, repr=False)
    _draft_flow: str | None = field(default=None, init=False, repr=False)

    def draft(self, kind: type[D]) -> D:
        """The current flow's draft, to read and change; saved with the session."""
        if self._draft is None:
            flow = self._draft_flow or self.session.flow
            self._draft = self.catalog.draft_type(flow).load(self.session.data)
            self._draft_flow = flow
        if not isinstance(self._draft, kind):
            raise TypeError(f"flow {self._draft_flow!r} keeps a {type(self._draft).__name__},"
                            f" not a {kind.__name__}")
        return self._draft

    def say(self, text: Text, *choices: Choice) -> None:
        self.outgoing.append(Outbound(text, tuple(choices)))

    def send(self, effect: PersonEffect) -> None:
        self.outgoing.append(effect)

    def tell_staff(self, effect: DeskEffect) -> None:
        self.for_staff.append(effect)

    def goto(self, target: StepRef, draft: Draft | None = None, *,
             preface: Text | None = None) -> None:
        """Move on; the engine then shows the target's prompt, with ``preface`` at its head
        in the same message. Entering another flow starts its draft afresh (or with
        ``draft``), so one flow's answers never reach another; within a flow the draft is
        kept, unless ``draft`` replaces it."""
        kind = self.catalog.draft_type(target.flow, step=target.step)
        if draft is not None and not isinstance(draft, kind):
            raise TypeError(f"flow {target.flow!r} keeps a {kind.__name__}, not a"
                            f" {type(draft).__name__}")
        if draft is not None:
            self._draft = draft
        elif target.flow != (self._draft_flow or self.session.flow):
            self._draft = kind()
        self._draft_flow = target.flow
        self.next_step = target
        self.preface = preface

    def stay(self) -> None:
        """Forget a ``goto`` that is not followed (the step did not take the input): the
        person stays where they are, with their draft."""
        self.next_step = None
        self.preface = None
        if self._draft_flow is not None and self._draft_flow != self.session.flow:
            self._draft, self._draft_flow = None, None

    def restart_at(self, target: StepRef) -> None:
        """Put the session at ``target`` at once, with an empty draft (a step that no
        longer exists after an upgrade)."""
        self.session.flow, self.session.step, self.session.data = target.flow, target.step, {}
        self._draft, self._draft_flow = None, None

    def settle(self) -> None:
        """Write the draft back into the session, before the engine saves it."""
        if self._draft is not None:
            self.session.data = self._draft.dump()

    async def set_locale(self, code: str) -> None:
        await self.repos.people.set_locale(self.person.id, code)
        self.locale = code


PromptFn = Callable[[Context], Awaitable[Outbound]]
HandleFn = Callable[[Context, Inbound], Awaitable[bool]]
CommandFn = Callable[[Context, str], Awaitable[None]]
# A menu button that does something before leading on (opening a ticket).
MenuAction = Callable[[Context], Awaitable[None]]


@dataclass(frozen=True)
class Step:
    """``prompt`` says what the step waits for; ``handle`` returns False for input it does
    not expect, and the engine then answers kindly and repeats the prompt."""

    prompt: PromptFn
    handle: HandleFn


class Router:
    """One flow: its steps, its draft type, the slash commands and internal events it
    answers and the main-menu buttons it owns. Other routers can be included in it (as
    aiogram's ``include_router``); :class:`flows.catalog.Catalog` includes them all."""

    def __init__(self, name: str, *, draft: type[Draft] = NoDraft) -> None:
        self.name = name
        self.draft = draft
        self.steps: dict[str, Step] = {}
        # Slash commands that work in every state, by name without the slash.
        self.commands: dict[str, CommandFn] = {}
        # Internal events (Inbound.system = "name:argument"), such as a reminder falling due.
        self.events: dict[str, CommandFn] = {}
        self.menu: dict[ChoiceId, StepRef | MenuAction] = {}
        self.routers: list[Router] = []

    def step(self, ref: StepRef, prompt: PromptFn, handle: HandleFn) -> StepRef:
        if ref.flow != self.name:
            raise ValueError(f"step {ref} does not belong to flow {self.name!r}")
        self.steps[ref.step] = Step(prompt, handle)
        return ref

    def command(self, *names: str, handler: CommandFn) -> None:
        for name in names:
            self.commands[name] = handler

    def system_event(self, name: str, handler: CommandFn) -> None:
        self.events[name] = handler

    def menu_entry(self, choice_id: ChoiceId, target: StepRef | MenuAction) -> None:
        self.menu[choice_id] = target

    def include_router(self, router: Router) -> Router:
        self.routers.append(router)
        return router
