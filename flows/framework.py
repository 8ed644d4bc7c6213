"""What a flow is made of: steps that show a prompt and handle what the person sends.

A step never talks to a messenger. It reads and writes through ``ctx.repos`` (bound to the
engine's transaction), appends messages with ``ctx.say`` and moves on with ``ctx.goto``;
the engine commits all of it at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flows.effects import PersonEffect
from flows.messages import Choice, Inbound, Outbound
from flows.profile import Profile
from flows.text import Text
from storage.repositories import Person, Repos, Session


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
    for_staff: list[dict[str, Any]] = field(default_factory=list)
    next_step: tuple[str, str] | None = None
    # Set by the privacy flow: after this event, erase the person and everything about them
    # (storage/privacy.py); who asked: "person", "staff" (erase_staff) or "retention".
    forget_person: bool = False
    erase_reason: str = "person"
    erase_staff: int | None = None

    @property
    def data(self) -> dict[str, Any]:
        return self.session.data

    def say(self, text: Text, *choices: Choice) -> None:
        self.outgoing.append(Outbound(text, tuple(choices)))

    def send(self, effect: PersonEffect) -> None:
        self.outgoing.append(effect)

    def tell_staff(self, op: str, **fields: Any) -> None:
        self.for_staff.append({"op": op, **fields})

    def goto(self, flow: str, step: str | None = None) -> None:
        """Move on; the engine then shows the new step's prompt. Changing flow clears its
        scratch data, so one flow's answers never leak into another."""
        target_step = step or FLOWS[flow].first
        if flow != self.session.flow:
            self.session.data = {}
        self.next_step = (flow, target_step)

    async def set_locale(self, code: str) -> None:
        await self.repos.people.set_locale(self.person.id, code)
        self.locale = code


PromptFn = Callable[[Context], Awaitable[Outbound]]
HandleFn = Callable[[Context, Inbound], Awaitable[bool]]


@dataclass(frozen=True)
class Step:
    """``prompt`` says what the step waits for; ``handle`` returns False for input it does
    not expect, and the engine then answers kindly and repeats the prompt."""

    prompt: PromptFn
    handle: HandleFn


@dataclass(frozen=True)
class Flow:
    name: str
    first: str
    steps: Mapping[str, Step]


CommandFn = Callable[[Context, str], Awaitable[None]]

FLOWS: dict[str, Flow] = {}
# Slash commands that work in every state, by name without the slash.
COMMANDS: dict[str, CommandFn] = {}
# Internal events (Inbound.system = "name:argument"), such as a reminder falling due.
SYSTEM_EVENTS: dict[str, CommandFn] = {}


def register(flow: Flow) -> Flow:
    FLOWS[flow.name] = flow
    return flow


def command(*names: str) -> Callable[[CommandFn], CommandFn]:
    def add(handler: CommandFn) -> CommandFn:
        for name in names:
            COMMANDS[name] = handler
        return handler

    return add


def system_event(name: str) -> Callable[[CommandFn], CommandFn]:
    def add(handler: CommandFn) -> CommandFn:
        SYSTEM_EVENTS[name] = handler
        return handler

    return add


def step_of(flow: str, step: str) -> Step | None:
    found = FLOWS.get(flow)
    return found.steps.get(step) if found else None
