"""What the flows' code refers to, read from the code itself: for each step, the steps it
can lead to and the messages it can show.

Starting from a step's functions, every name in their source is looked up in the
function's module: a :class:`~flows.framework.StepRef` is a step it can lead to, a
message (``_()``, ``ngettext()``, a ``Choice``'s label) a text it can show, a button id or
kind one it shows (read from a prompt) or handles (read from a handler), and a function
of ``flows`` is read the same way in turn. That over-approximates (a helper that can lead
to three steps counts for each caller), which is what a start-up check and a drawing want.
"""

from __future__ import annotations

import ast
import functools
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Any

from flows.framework import StepRef
from flows.messages import Choice, ChoiceId, ChoiceKind
from flows.text import Msg

# A message by its catalog key: (msgid, plural or None).
MsgKey = tuple[str, str | None]
GETTEXT = frozenset({"_", "ngettext"})


@dataclass
class Found:
    refs: set[StepRef] = field(default_factory=set)
    msgs: set[MsgKey] = field(default_factory=set)
    # Button ids named one by one (``BACK``, ``TO_MENU``), and kinds of buttons named as a
    # whole (``SERVICE.of(…)``, ``SERVICE.value_of(…)``).
    buttons: set[ChoiceId] = field(default_factory=set)
    kinds: set[ChoiceKind] = field(default_factory=set)

    def add(self, other: Found) -> None:
        self.refs |= other.refs
        self.msgs |= other.msgs
        self.buttons |= other.buttons
        self.kinds |= other.kinds

    def takes(self, button: ChoiceId) -> bool:
        return button in self.buttons or button.kind in self.kinds


class Reader:
    """Reads each function's source once; ``found(fn)`` is everything ``fn`` refers to,
    directly or through the functions of ``flows`` it uses."""

    def __init__(self) -> None:
        self._direct: dict[FunctionType, tuple[Found, list[FunctionType]]] = {}

    def found(self, *functions: Callable[..., Any]) -> Found:
        result = Found()
        todo = [f for f in (inspect.unwrap(f) for f in functions) if isinstance(f, FunctionType)]
        seen = set(todo)
        while todo:
            direct, calls = self._read(todo.pop())
            result.add(direct)
            for callee in calls:
                if callee not in seen:
                    seen.add(callee)
                    todo.append(callee)
        return result

    def _read(self, function: FunctionType) -> tuple[Found, list[FunctionType]]:
        if function in self._direct:
            return self._direct[function]
        found, calls = Found(), []
        tree = _definition(function)
        names = function.__globals__
        # ``KIND.of("book")`` names one button, not every button of the kind.
        named_one: set[ast.AST] = set()
        for node in ast.walk(tree) if tree is not None else ():
            one = _one_button(node, names)
            if one is not None:
                found.buttons.add(one[1])
                named_one.add(one[0])
        for node in ast.walk(tree) if tree is not None else ():
            if node in named_one:
                continue
            key = _gettext(node)
            if key is not None:
                found.msgs.add(key)
            inline = _inline_ref(node, names)
            if inline is not None:
                found.refs.add(inline)
            for item in _items(_resolve(node, names)):
                if isinstance(item, StepRef):
                    found.refs.add(item)
                elif isinstance(item, Msg):
                    found.msgs.add((item.msgid, item.plural))
                elif isinstance(item, Choice):
                    found.buttons.add(item.id)
                    if isinstance(item.label, Msg):
                        found.msgs.add((item.label.msgid, item.label.plural))
                elif isinstance(item, ChoiceId):
                    found.buttons.add(item)
                elif isinstance(item, ChoiceKind):
                    found.kinds.add(item)
                elif isinstance(item, FunctionType) and item.__module__.startswith("flows."):
                    calls.append(inspect.unwrap(item))
        self._direct[function] = (found, calls)
        return found, calls


@functools.cache
def _definitions(path: str) -> dict[int, ast.AST]:
    """Every function defined in a source file, by the line its code starts on."""
    try:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return {}
    found: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found[min([node.lineno, *(d.lineno for d in node.decorator_list)])] = node
        elif isinstance(node, ast.Lambda):
            found.setdefault(node.lineno, node)
    return found


def _definition(function: FunctionType) -> ast.AST | None:
    code = function.__code__
    return _definitions(code.co_filename).get(code.co_firstlineno)


def _inline_ref(node: ast.AST, names: dict[str, Any]) -> StepRef | None:
    """``StepRef("flow", "step")`` written where it is used."""
    if not (isinstance(node, ast.Call) and _resolve(node.func, names) is StepRef):
        return None
    words = [a.value for a in node.args if isinstance(a, ast.Constant)
             and isinstance(a.value, str)]
    return StepRef(*words) if len(words) == len(node.args) == 2 else None


def _one_button(node: ast.AST, names: dict[str, Any]) -> tuple[ast.AST, ChoiceId] | None:
    """``KIND.of("book")`` (or of a module constant): the kind's node and the one id."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "of" and len(node.args) == 1 and not node.keywords):
        return None
    kind = _resolve(node.func.value, names)
    argument = node.args[0]
    value = argument.value if isinstance(argument, ast.Constant) else _resolve(argument, names)
    if not isinstance(kind, ChoiceKind) or not isinstance(value, str | int) \
            or isinstance(value, bool):
        return None
    return node.func.value, kind.of(value)


def _gettext(node: ast.AST) -> MsgKey | None:
    """``_("…")`` or ``ngettext("…", "…", n)`` with literal strings."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in GETTEXT and node.args):
        return None
    words = [a.value for a in node.args[:2] if isinstance(a, ast.Constant)
             and isinstance(a.value, str)]
    if not words:
        return None
    return words[0], words[1] if node.func.id == "ngettext" and len(words) > 1 else None


def _items(value: object) -> Iterable[object]:
    """The value, or the values of a module-level table (one level deep)."""
    if value is None:
        return ()
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    return (value,)


def _resolve(node: ast.AST, names: dict[str, Any]) -> object | None:
    """What a name (``FLOW``) or a dotted name through modules (``enquiry.QUESTION``)
    refers to in the function's module; None for anything else."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        return names.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _resolve(node.value, names)
        if isinstance(base, ModuleType):
            return getattr(base, node.attr, None)
    return None
