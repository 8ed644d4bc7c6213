"""Every flow the bot has, wired once at start-up: ``build_catalog()`` includes each flow's
router explicitly and puts the cross-cutting checks in their order.

``Catalog.validate`` is the start-up check: every step a flow can lead to exists, every
step can be reached from the menu, a command or an event, every main-menu button leads
somewhere, every button a step's prompt shows is one its handler (or a check) handles,
and every message a flow can show is translated in every language.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

from flows.drafts import Draft
from flows.framework import CommandFn, MenuAction, Router, Step, StepRef
from flows.languages import LANGUAGE_CODES
from flows.messages import ChoiceId
from flows.wiring import Found, MsgKey, Reader

if TYPE_CHECKING:
    from flows.router import Turn

K = TypeVar("K")
V = TypeVar("V")
Next = Callable[[], Awaitable[None]]
Middleware = Callable[["Turn", Next], Awaitable[None]]


class CatalogError(Exception):
    """The flows are wired wrongly; the message names each place."""


class UnknownStep(LookupError):
    pass


class Catalog:
    def __init__(self, home: StepRef, *, menu_buttons: Iterable[ChoiceId] = ()) -> None:
        self.home = home
        self.menu_buttons = tuple(menu_buttons)
        self.flows: dict[str, Router] = {}
        self.commands: dict[str, CommandFn] = {}
        self.events: dict[str, CommandFn] = {}
        self.menu: dict[ChoiceId, StepRef | MenuAction] = {}
        self.middlewares: list[tuple[str, Middleware]] = []
        self._checked = False

    # -- building -----------------------------------------------------------------------

    def include_router(self, router: Router) -> Router:
        if router.name in self.flows:
            raise CatalogError(f"flow {router.name!r} is included twice")
        self.flows[router.name] = router
        _merge(self.commands, router.commands, "command /{}", router.name)
        _merge(self.events, router.events, "event {!r}", router.name)
        _merge(self.menu, router.menu, "menu button '{}'", router.name)
        for inner in router.routers:
            self.include_router(inner)
        return router

    def use(self, name: str, middleware: Middleware) -> None:
        """Add a check that runs before the current step, after those added before it."""
        self.middlewares.append((name, middleware))

    @property
    def middleware_names(self) -> tuple[str, ...]:
        return tuple(name for name, _middleware in self.middlewares)

    # -- looking up ---------------------------------------------------------------------

    def step_at(self, flow: str, step: str) -> Step | None:
        found = self.flows.get(flow)
        return found.steps.get(step) if found else None

    def draft_type(self, flow: str, *, step: str | None = None) -> type[Draft]:
        found = self.flows.get(flow)
        if found is None or (step is not None and step not in found.steps):
            raise UnknownStep(f"no step {flow}/{step or '…'} in the catalog")
        return found.draft

    def refs(self) -> list[StepRef]:
        return [StepRef(flow.name, step) for flow in self.flows.values() for step in flow.steps]

    async def run(self, turn: Turn, last: Callable[[Turn], Awaitable[None]]) -> None:
        """The middlewares in order, then ``last`` (the current step), each one deciding
        whether the next runs."""
        async def call(index: int) -> None:
            if index == len(self.middlewares):
                await last(turn)
                return
            await self.middlewares[index][1](turn, lambda: call(index + 1))

        await call(0)

    # -- the graph and the start-up check ------------------------------------------------

    @functools.cached_property
    def _reader(self) -> Reader:
        return Reader()

    def entries(self) -> dict[str, Found]:
        """What each way in (a command, an event, a menu button, a check) refers to."""
        read = self._reader.found
        found: dict[str, Found] = {}
        for name, command in self.commands.items():
            found[f"/{name}"] = read(command)
        for name, handler in self.events.items():
            found[f"event {name}"] = read(handler)
        for name, middleware in self.middlewares:
            found[f"check {name}"] = read(middleware)
        return found

    def menu_found(self) -> Found:
        found = Found()
        for target in self.menu.values():
            if isinstance(target, StepRef):
                found.refs.add(target)
            else:
                found.add(self._reader.found(target))
        return found

    def edges(self) -> dict[StepRef, set[StepRef]]:
        """Where each step's handler can lead; the home step leads to the menu's entries."""
        edges = {ref: set(self._step_found(ref, prompt=False).refs) for ref in self.refs()}
        if self.home in edges:
            edges[self.home] |= self.menu_found().refs
        return edges

    def _step_found(self, ref: StepRef, *, prompt: bool = True) -> Found:
        step = self.flows[ref.flow].steps[ref.step]
        return self._reader.found(step.handle, *([step.prompt] if prompt else []))

    def problems(self, translated: Mapping[str, Collection[str]] | None = None) -> list[str]:
        known = set(self.refs())
        places: list[tuple[str, Found]] = [(ref.name, self._step_found(ref)) for ref in known]
        places += list(self.entries().items())
        places += [(f"menu button {choice.wire!r}", self._menu_target(choice))
                   for choice in self.menu]
        found: list[str] = []
        if self.home not in known:
            found.append(f"the home step {self.home} is in no flow")
        for where, what in sorted(places, key=lambda p: p[0]):
            found += [f"{where} leads to {target}, which no flow in the catalog has"
                      for target in sorted(what.refs - known, key=str)]
        found += [f"menu button {choice.wire!r} leads nowhere: no flow registers it"
                  for choice in self.menu_buttons if choice not in self.menu]
        if self.menu_buttons:
            found += [f"menu button {choice.wire!r} is registered but the menu does not show"
                      f" it" for choice in self.menu if choice not in self.menu_buttons]
        found += self._unhandled_buttons()
        reached = self._reachable()
        found += [f"{ref} cannot be reached from the menu, a command or an event"
                  for ref in sorted(known - reached, key=str)]
        if translated is not None:
            found += _untranslated(places, translated)
        return found

    def _unhandled_buttons(self) -> list[str]:
        """Buttons a prompt shows that nothing would take when pressed: neither its step's
        handler (by the id, or by its kind) nor a check that runs in every state."""
        everywhere = Found()
        for _name, middleware in self.middlewares:
            everywhere.add(self._reader.found(middleware))
        found: list[str] = []
        for ref in sorted(self.refs(), key=str):
            step = self.flows[ref.flow].steps[ref.step]
            shown = self._reader.found(step.prompt)
            taken = self._reader.found(step.handle)
            taken.add(everywhere)
            if ref == self.home:
                taken.buttons |= set(self.menu)
            found += [f"{ref} shows buttons of kind {kind.name!r} that its step does not"
                      f" handle" for kind in sorted(shown.kinds - taken.kinds, key=str)]
            found += [f"{ref} shows the button {button.wire!r}, which its step does not"
                      f" handle" for button in sorted(shown.buttons, key=str)
                      if not taken.takes(button)]
        return found

    def _menu_target(self, choice: ChoiceId) -> Found:
        target = self.menu[choice]
        return Found(refs={target}) if isinstance(target, StepRef) else \
            self._reader.found(target)

    def _reachable(self) -> set[StepRef]:
        edges = self.edges()
        todo = [self.home, *(ref for entry in self.entries().values() for ref in entry.refs)]
        reached: set[StepRef] = set()
        while todo:
            ref = todo.pop()
            if ref in reached or ref not in edges:
                continue
            reached.add(ref)
            todo += edges[ref]
        return reached

    def validate(self, translated: Mapping[str, Collection[str]] | None = None) -> None:
        """Raise :class:`CatalogError` naming every problem; once per catalog."""
        if self._checked:
            return
        found = self.problems(translated)
        if found:
            raise CatalogError("The flow catalog is not valid:\n"
                               + "\n".join(f"- {line}" for line in found))
        self._checked = True

    def mermaid(self) -> str:
        """The flows as a Mermaid flowchart: a box per flow, its steps, where each leads."""
        lines = ["flowchart LR"]
        for flow in self.flows.values():
            lines.append(f"  subgraph {flow.name}")
            lines += [f'    {_node(StepRef(flow.name, s))}["{s}"]' for s in flow.steps]
            lines.append("  end")
        for where, what in self.entries().items():
            if what.refs:
                node = "in_" + _node(where)  # never a Mermaid word such as "end"
                lines.append(f'  {node}(["{where}"]) --> {_targets(what.refs)}')
        for ref, targets in self.edges().items():
            if targets - {ref}:
                lines.append(f"  {_node(ref)} --> {_targets(targets - {ref})}")
        return "\n".join(lines) + "\n"


def _merge(table: dict[K, V], own: Mapping[K, V], what: str, flow: str) -> None:
    for key, value in own.items():
        if key in table:
            raise CatalogError(f"{what.format(key)} is registered twice (again by flow"
                               f" {flow!r})")
        table[key] = value


def _node(what: StepRef | str) -> str:
    return re.sub(r"\W", "_", str(what)).strip("_") or "node"


def _targets(refs: set[StepRef]) -> str:
    return " & ".join(_node(ref) for ref in sorted(refs, key=str))


def _untranslated(places: list[tuple[str, Found]],
                  translated: Mapping[str, Collection[str]]) -> list[str]:
    found: list[str] = []
    told: set[MsgKey] = set()
    for where, what in sorted(places, key=lambda p: p[0]):
        for msgid, _plural in sorted(what.msgs - told):
            missing = [code for code in LANGUAGE_CODES if msgid not in translated.get(code, ())]
            if missing:
                found.append(f"{where} shows {msgid!r}, which is not translated into"
                             f" {', '.join(missing)}")
        told |= what.msgs
    return found



def build_catalog() -> Catalog:
    """The bot's flows, included one by one, and its checks in the order they run."""
    from flows import booking, enquiry, handoff, menu, middlewares
    from flows.privacy import about

    catalog = Catalog(menu.MAIN, menu_buttons=(c.id for c in menu.menu_choices()))
    catalog.include_router(menu.router())
    catalog.include_router(enquiry.router())
    catalog.include_router(booking.router())
    catalog.include_router(handoff.router())
    catalog.include_router(about.router())
    for name, middleware in middlewares.IN_ORDER:
        catalog.use(name, middleware)
    return catalog


@functools.cache
def default_catalog() -> Catalog:
    return build_catalog()
