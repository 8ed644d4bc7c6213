"""Outbox rows → Bot API calls, with Telegram's errors mapped onto the sender's.

A row usually becomes one ``sendMessage`` with an inline keyboard whose callback data are
the choice ids. Some rows take several calls (a text longer than Telegram allows, a file
after its text, an inline keyboard attached after removing the phone keyboard); those
remember their progress, so a retry continues where it stopped instead of repeating
parts the person already has.

Never logs what a message says: only row ids, chat ids and Telegram's error descriptions.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from typing import Any, Literal, assert_never

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramRetryAfter,
)
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.kit.clock import REAL, Ticker
from bot.kit.pacing import LocalPacer, Pacer
from bot.kit.telegram_errors import TelegramError, sender_error
from bot.kit.text import split_text as kit_split
from bot.kit.text import utf16_len
from bot.sender import Limits, Rejected, RetryLater
from bot.telegram.convert import CHANNEL
from bot.telegram.store import KeyboardChange, TelegramState
from storage.db import Database
from storage.outbox_codec import (
    Copy,
    MediaKind,
    MediaRef,
    MediaSource,
    PersonPayload,
    Rendered,
    RenderedChoice,
    decode,
)
from storage.repositories import OutboxRow
from storage.telegram_state import ChatState

log = logging.getLogger(__name__)

TEXT_LIMIT = 4096  # UTF-16 code units per message
CAPTION_LIMIT = 1024
SHORT_LABEL = 16  # labels up to this length share a keyboard row, two by two
# Telegram takes a short burst in a private chat (one answer's messages arrive together)
# and about one message a second after it; 20 a minute in a group; 30 a second overall.
TELEGRAM_LIMITS = Limits(per_chat_interval=1.0, chat_burst=3, group_per_minute=20,
                         global_per_second=30)

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Cut a long text into messages, at paragraph or line ends where possible."""
    return kit_split(text, limit, measure=utf16_len)


def inline_keyboard(choices: Sequence[RenderedChoice]) -> InlineKeyboardMarkup:
    """One button per row, except that short labels (languages, yes/no) go two by two."""
    rows: list[list[InlineKeyboardButton]] = []
    pairable = False
    for choice in choices:
        button = InlineKeyboardButton(text=choice.label, callback_data=choice.id.wire)
        short = len(choice.label) <= SHORT_LABEL
        if short and pairable:
            rows[-1].append(button)
            pairable = False
        else:
            rows.append([button])
            pairable = short
    return InlineKeyboardMarkup(inline_keyboard=rows)


def phone_keyboard(share_label: str, choices: Sequence[RenderedChoice]) -> ReplyKeyboardMarkup:
    """The share-contact button; any choices go below it as reply buttons, which send their
    label as text (the engine maps a label back onto its choice)."""
    rows = [[KeyboardButton(text=share_label, request_contact=True)]]
    rows += [[KeyboardButton(text=choice.label)] for choice in choices]
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, one_time_keyboard=True)


@dataclass(frozen=True)
class Step:
    kind: Literal["text", "document", "media", "keyboard", "copy"]
    text: str | None = None
    markup: Markup | None = None
    file_name: str | None = None
    file_body: bytes | None = None
    media: MediaRef | None = None
    copy: Copy | None = None


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]
    inline: bool  # the last message ends up with a live inline keyboard
    replaces_inline: bool  # it replaces the live inline keyboard without one of its own
    reply_keyboard: bool  # a reply keyboard is showing after it

    @property
    def touches_keyboards(self) -> bool:
        return self.inline or self.replaces_inline or self.reply_keyboard

    def change(self, final_message_id: int) -> KeyboardChange:
        if self.inline:
            return KeyboardChange(final_message_id, self.reply_keyboard)
        return KeyboardChange(0 if self.replaces_inline else None, self.reply_keyboard)


def draw(message: PersonPayload, chat: ChatState) -> Plan:
    """The Bot API calls for one outbox message, whatever it is."""
    match message:
        case Rendered():
            return plan(message, chat)
        case Copy():
            return Plan((Step("copy", copy=message),), inline=False, replaces_inline=False,
                        reply_keyboard=False)
        case _:
            assert_never(message)


def plan(message: Rendered, chat: ChatState) -> Plan:
    """The Bot API calls for one rendered message. Depends only on the row and on the
    chat's reply-keyboard flag, which nothing else changes while the row is in flight, so
    a retry makes the same plan and can skip the steps already done."""
    inline = inline_keyboard(message.choices) if message.choices else None
    attach_later: InlineKeyboardMarkup | None = None
    final: Markup | None
    if message.share_phone is not None:
        final = phone_keyboard(message.share_phone, message.choices)
        inline = None
    elif inline is not None and chat.reply_keyboard:
        # One message carries one markup: remove the phone keyboard, then attach buttons.
        final, attach_later = ReplyKeyboardRemove(remove_keyboard=True), inline
    elif inline is not None:
        final = inline
    elif chat.reply_keyboard:
        final = ReplyKeyboardRemove(remove_keyboard=True)
    else:
        final = None

    steps: list[Step] = []
    text = message.text
    if message.file is not None or message.media is not None:
        caption: str | None = text
        if utf16_len(text) > CAPTION_LIMIT:
            steps += [Step("text", part) for part in split_text(text)]
            caption = None
        if message.file is not None:
            steps.append(Step("document", caption or None, final, message.file.name,
                              message.file.body))
        else:
            steps.append(Step("media", caption or None, final, media=message.media))
    else:
        parts = split_text(text)
        steps += [Step("text", part) for part in parts[:-1]]
        steps.append(Step("text", parts[-1], final))
    if attach_later is not None:
        steps.append(Step("keyboard", markup=attach_later))
    return Plan(
        tuple(steps),
        inline=inline is not None,
        replaces_inline=message.ask_phone,
        reply_keyboard=message.ask_phone,
    )


class TelegramTransport:
    channel = CHANNEL
    limits = TELEGRAM_LIMITS

    def __init__(
        self,
        bot: Bot,
        db: Database,
        *,
        state: TelegramState | None = None,
        ticker: Ticker = REAL,
        pacer: Pacer | None = None,
    ) -> None:
        self.bot = bot
        self.ticker = ticker
        # Every call that posts a message takes its turn here, right where it leaves (a
        # row may take several calls); the sender installs the channel's shared pacer.
        self.pacer: Pacer = pacer or LocalPacer(self.limits, ticker)
        self.db = db
        self.state = state or TelegramState(db)
        self._closing = False
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._chores: set[asyncio.Task[None]] = set()

    def is_group(self, recipient: str) -> bool:
        return recipient.startswith("-")

    async def deliver(self, row: OutboxRow) -> str | None:
        if self._closing:
            raise RetryLater(1.0, "telegram channel is stopping")
        self._in_flight += 1
        self._idle.clear()
        try:
            return await self._deliver(row)
        except TelegramError as exc:
            raise sender_error(exc, self.bot.token,
                               private=not self.is_group(row.recipient)) from None
        finally:
            self._in_flight -= 1
            if not self._in_flight:
                self._idle.set()

    async def _deliver(self, row: OutboxRow) -> str:
        message = decode(row.kind, row.payload)
        chat_id = int(row.recipient)
        if isinstance(message, Copy):  # a staff reply, relayed as it is: no keyboards
            return str(await self._run(draw(message, ChatState()).steps[0], chat_id, None))
        chat = await self.state.chat(row.recipient)
        todo = draw(message, chat)
        done, message_id = (0, None)
        if len(todo.steps) > 1:
            done, message_id = await self.state.progress(row.id)
        for index in range(done, len(todo.steps)):
            step = todo.steps[index]
            message_id = await self._run(step, chat_id, message_id)
            if index < len(todo.steps) - 1:
                await self.state.save_progress(row.id, index + 1, message_id)
        assert message_id is not None
        if todo.touches_keyboards or chat.reply_keyboard or len(todo.steps) > 1:
            stale = await self.state.finish(row.recipient, row.id, todo.change(message_id))
            if stale is not None:
                self.spawn(self.remove_keyboard(chat_id, stale))
        return str(message_id)

    async def _run(self, step: Step, chat_id: int, message_id: int | None) -> int:
        if step.kind == "keyboard":
            return await self._call(step, chat_id, message_id)
        await self.pacer.turn(str(chat_id), chat_id < 0)
        try:
            return await self._call(step, chat_id, message_id)
        finally:
            await self.pacer.done(str(chat_id), chat_id < 0)

    async def _call(self, step: Step, chat_id: int, message_id: int | None) -> int:
        if step.kind == "text":
            assert step.text is not None
            sent = await self.bot.send_message(
                chat_id=chat_id, text=step.text, reply_markup=step.markup
            )
            return sent.message_id
        if step.kind == "document":
            assert step.file_body is not None and step.file_name is not None
            sent = await self.bot.send_document(
                chat_id=chat_id,
                document=BufferedInputFile(step.file_body, filename=step.file_name),
                caption=step.text,
                reply_markup=step.markup,
            )
            return sent.message_id
        if step.kind == "media":
            assert step.media is not None
            return await self._send_media(chat_id, step.media, step.text, step.markup)
        if step.kind == "copy":
            assert step.copy is not None
            copied = await self.bot.copy_message(chat_id=chat_id,
                                                 from_chat_id=step.copy.from_chat,
                                                 message_id=step.copy.message_id)
            return copied.message_id
        assert message_id is not None and isinstance(step.markup, InlineKeyboardMarkup)
        try:
            await self.bot.edit_message_reply_markup(
                chat_id=chat_id, message_id=message_id, reply_markup=step.markup
            )
        except TelegramBadRequest as exc:
            if "not modified" not in exc.message:  # already attached before a restart
                raise
        return message_id

    async def _send_media(self, chat_id: int, media: MediaRef, caption: str | None,
                          markup: Markup | None) -> int:
        """A file by reference: a Telegram file id, or a public URL Telegram fetches."""
        if media.source not in (MediaSource.TELEGRAM, MediaSource.URL):
            raise Rejected(f"a {media.source} file cannot be sent to Telegram")
        match media.kind:
            case MediaKind.PICTURE:
                sent = await self.bot.send_photo(chat_id=chat_id, photo=media.handle,
                                                 caption=caption, reply_markup=markup)
            case MediaKind.VIDEO:
                sent = await self.bot.send_video(chat_id=chat_id, video=media.handle,
                                                 caption=caption, reply_markup=markup)
            case MediaKind.FILE:
                sent = await self.bot.send_document(chat_id=chat_id, document=media.handle,
                                                    caption=caption, reply_markup=markup)
            case _:
                assert_never(media.kind)
        return sent.message_id

    async def remove_keyboard(self, chat_id: int, message_id: int) -> None:
        """Best effort: an old keyboard that stays is untidy, not wrong (a press on it is
        answered as a stale button)."""
        for _attempt in range(2):
            try:
                await self.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id)
                return
            except TelegramRetryAfter as exc:
                await self.ticker.sleep(min(float(exc.retry_after), 10.0))
            except (TelegramAPIError, ClientDecodeError) as exc:
                log.debug("keyboard of message %s in %s stays: %s", message_id, chat_id,
                          type(exc).__name__)
                return

    def after_press(self, callback_id: str, chat_id: int | None,
                    message_id: int | None) -> None:
        """In the background: stop the button's spinner, and take the keyboard off the
        pressed message when it is still there."""
        self.spawn(self._after_press(callback_id, chat_id, message_id))

    async def _after_press(self, callback_id: str, chat_id: int | None,
                           message_id: int | None) -> None:
        with contextlib.suppress(Exception):
            await self.bot.answer_callback_query(callback_id)
        if chat_id is None or message_id is None:
            return
        try:
            if await self.state.take_keyboard(str(chat_id), message_id):
                await self.remove_keyboard(chat_id, message_id)
        except Exception:
            log.exception("could not remove the keyboard of a pressed message")

    def spawn(self, chore: Coroutine[Any, Any, None]) -> None:
        """Run a best-effort Bot API chore in the background; ``close`` waits for it."""
        task = asyncio.create_task(chore)
        self._chores.add(task)
        task.add_done_callback(self._chores.discard)

    async def close(self, grace: float = 10.0) -> None:
        """Refuse new rows (they stay pending), let those in flight finish, then the
        chores; the caller closes the Bot's session afterwards."""
        self._closing = True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), grace)
        if self._chores:
            _done, pending = await asyncio.wait(set(self._chores), timeout=grace)
            for task in pending:
                task.cancel()
