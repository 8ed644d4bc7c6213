"""The terminal chat: the same engine and outbox, drawn as numbered lines on stdout."""

from __future__ import annotations

import asyncio
import sys
import uuid
from pathlib import Path
from typing import TextIO, assert_never

from bot.runtime import Runtime
from bot.sender import Limits, Sender
from flows.messages import ChoiceId, Inbound, Rendered, RenderedChoice
from storage.outbox_codec import Copy, PersonPayload, decode
from storage.repositories import OutboxRow, Repos

CHANNEL = "console"
LOCAL_PERSON = "local"
PRACTICE_FILE = "carebot-chat.db"


def practice_database(database_path: str) -> Path:
    """Where ``carebot chat`` keeps its conversations unless told otherwise: a file of its
    own beside the bot's database, so that trying the bot out on a server never creates
    real enquiries, bookings or tickets for staff."""
    if "://" in database_path:  # PostgreSQL: in the working folder
        return Path.cwd() / PRACTICE_FILE
    return Path(database_path).absolute().parent / PRACTICE_FILE


def draw(message: PersonPayload) -> str:
    match message:
        case Rendered():
            lines = [message.text]
            lines += [f"  {n}. {choice.label}" for n, choice in enumerate(message.choices, 1)]
            if message.ask_phone:
                lines.append("  (type your phone number)")
            if message.file is not None:
                lines.append(f"  [attached file: {message.file.name}]")
            if message.media is not None:
                lines.append(f"  [{message.media.kind}: {message.media.file_name}]")
            return "\n".join(lines)
        case Copy():
            return "  [a message from staff]"
        case _:
            assert_never(message)


class ConsoleTransport:
    channel = CHANNEL
    limits = Limits()

    def __init__(self, out: TextIO) -> None:
        self.out = out
        # The buttons on screen: a typed number presses one of them, on every screen,
        # also where the step waits for words (a one-digit answer there is rare).
        self.buttons: tuple[RenderedChoice, ...] = ()

    def is_group(self, recipient: str) -> bool:
        return False

    async def deliver(self, row: OutboxRow) -> str | None:
        message = decode(row.kind, row.payload)
        if isinstance(message, Rendered) and message.choices:
            self.buttons = message.choices
        self.out.write(draw(message) + "\n\n")
        self.out.flush()
        return None


async def chat(
    runtime: Runtime,
    *,
    lang: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> None:
    """Read lines until end of input; every line is one message from the local person."""
    source = stdin or sys.stdin
    out = stdout or sys.stdout
    screen = ConsoleTransport(out)
    sender = Sender(runtime.db, [screen], clock=runtime.engine.clock)
    interactive = source.isatty() and out.isatty()
    if lang is not None:
        await _use_language(runtime, lang)

    async def say(text: str) -> None:
        pressed = pressed_button(text, screen.buttons)
        await runtime.engine.handle(
            Inbound(CHANNEL, LOCAL_PERSON, uuid.uuid4().hex, text=None if pressed else text,
                    choice=pressed, language_hint=lang)
        )
        while await sender.deliver_due([CHANNEL]):
            pass

    if interactive:
        out.write("Type a number to choose, or /help. Ctrl+D ends the chat.\n\n")
        await say("/start")
    loop = asyncio.get_running_loop()
    while True:
        if interactive:
            out.write("> ")
            out.flush()
        line = await loop.run_in_executor(None, source.readline)
        if not line:
            break
        if line.strip():
            await say(line.rstrip("\n"))


def pressed_button(typed: str, buttons: tuple[RenderedChoice, ...]) -> ChoiceId | None:
    """The id of the button whose number was typed ("2", "2." or "2)"), if any."""
    cleaned = typed.strip().rstrip(".)")
    if cleaned.isdigit() and len(cleaned) <= 3 and 1 <= int(cleaned) <= len(buttons):
        return buttons[int(cleaned) - 1].id
    return None


async def _use_language(runtime: Runtime, lang: str) -> None:
    """``--lang`` is the person's own choice, so it wins over what was stored before."""
    async with runtime.db.transaction() as conn:
        repos = Repos(conn)
        person = await repos.people.find(CHANNEL, LOCAL_PERSON)
        if person is not None:
            await repos.people.set_locale(person.id, lang)
