"""The Telegram channel: long polling or a signed webhook in, the outbox sender out.

Both modes hand every update to ``process``, which commits it through the engine before
anything is acknowledged: the webhook answers 200 only after the commit, and polling
confirms an offset only once every update before it was committed (a redelivered update
is recognised by its ``update_id`` and changes nothing). No exception escapes the update
loop, and nothing a person wrote, nor their name or number, is ever logged.

An update aiogram cannot read (a kind or a field newer than this aiogram) is logged once
and skipped: the webhook answers it 200, and polling, which fetches each batch as plain
JSON and reads it update by update, handles the rest of the batch and moves past it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods.base import TelegramMethod
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats, Update
from aiogram.utils.token import TokenValidationError
from aiohttp import web
from pydantic import ValidationError

from bot.config import ConfigError
from bot.edge import BadJson, load_json, read_body, without_surrogates
from bot.kit.aiogram_session import KeepingSession
from bot.kit.telegram_errors import redact
from bot.runtime import Runtime
from bot.sender import Transport
from bot.telegram.convert import ALLOWED_UPDATES, CHANNEL, Converted, convert
from bot.telegram.store import TelegramState
from bot.telegram.texts import COMMANDS
from bot.telegram.transport import TelegramTransport
from flows.languages import LANGUAGE_CODES
from storage.leader import Leadership, leadership

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
REQUEST_TIMEOUT = 30  # seconds for one Bot API call (long polls get their own on top)
# An update that fails this many times in a row (the database is down, say) is skipped,
# so one poisoned update cannot stop a polling bot for everybody else.
MAX_UPDATE_FAILURES = 5
# A text is at most 4,096 characters, but an update can quote another message and carry
# entities, all \u-escaped; Telegram's own updates stay far below this.
MAX_UPDATE_BYTES = 1024 * 1024


class Outcome(StrEnum):
    HANDLED = "handled"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    UNREADABLE = "unreadable"  # aiogram cannot parse it: skipped
    FAILED = "failed"  # not committed: Telegram should deliver it again


class GetRawUpdates(TelegramMethod[list[Any]]):
    """``getUpdates`` with every update left as JSON, so that one aiogram cannot read
    does not make the whole batch unreadable."""

    __returning__ = list[Any]
    __api_method__ = "getUpdates"

    offset: int | None = None
    limit: int | None = None
    timeout: int | None = None
    allowed_updates: list[str] | None = None


def update_id_of(raw: object) -> int | None:
    value = raw.get("update_id") if isinstance(raw, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def make_bot(token: str, api_base: str) -> Bot:
    session = KeepingSession(api=TelegramAPIServer.from_base(api_base),
                             timeout=REQUEST_TIMEOUT)
    try:
        return Bot(token, session=session)
    except TokenValidationError:
        raise ConfigError(
            "Bad configuration: TELEGRAM_BOT_TOKEN: does not look like a token from"
            " @BotFather (digits, a colon, then letters)"
        ) from None


def retry_delay(failures: int) -> float:
    return float(min(60, 2 ** min(failures, 6)))


# The staff desk plugs in here to receive what happens in STAFF_CHAT_ID (its forum
# topics and buttons); it returns False for an update it had already handled.
StaffHandler = Callable[[Update], Awaitable[bool]]


class TelegramChannel:
    name = CHANNEL

    def __init__(self, runtime: Runtime, *, poll_timeout: int = 25) -> None:
        settings = runtime.settings
        if not settings.telegram_bot_token:
            raise ConfigError("Bad configuration: TELEGRAM_BOT_TOKEN is not set")
        self.runtime = runtime
        self.settings = settings
        self.bot = make_bot(settings.telegram_bot_token, settings.telegram_api_base)
        self.state = TelegramState(runtime.db)
        self.telegram = TelegramTransport(self.bot, runtime.db, state=self.state,
                                          ticker=runtime.ticker)
        self.transport: Transport = self.telegram
        self.mode = "webhook" if settings.webhook_base_url else "polling"
        self.poll_timeout = poll_timeout
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._fetching = False
        self._ready = False
        self._standby = self.mode == "polling"  # until this process leads the polling
        self._username: str | None = None
        self._last_error: str | None = None
        self._last_update_at: datetime | None = None
        self._outcomes: Counter[str] = Counter()
        self._failures: Counter[int] = Counter()
        self._unreadable: set[int] = set()  # update ids already logged as unreadable
        self.staff_handler: StaffHandler | None = None
        # The queues' own staff groups (the profile's), besides STAFF_CHAT_ID.
        self._queue_groups = frozenset(queue.staff_chat_id for queue in runtime.profile.queues
                                       if queue.staff_chat_id is not None)

    # -- the Channel protocol -------------------------------------------------------------

    def attach(self, app: web.Application) -> None:
        if self.mode == "webhook":
            app.router.add_post(WEBHOOK_PATH, self.webhook)

    async def start(self) -> None:
        self._stopping.clear()
        job = self._poll() if self.mode == "polling" else self._prepare()
        self._task = asyncio.create_task(self._guard(job), name="telegram")

    async def stop(self) -> None:
        self._stopping.set()
        task = self._task
        if task is not None:
            deadline = time.monotonic() + 15.0
            while not task.done():
                # A long poll is cut short; a batch being handled is left to finish.
                if self._fetching or time.monotonic() > deadline:
                    task.cancel()
                await asyncio.wait({task}, timeout=0.1)
        await self.telegram.close()
        await self.bot.session.close()

    def health(self) -> dict[str, Any]:
        healthy = (self._ready or self._standby) and self._last_error is None
        report: dict[str, Any] = {
            "status": "ok" if healthy else "degraded",
            "mode": self.mode,
            "bot": self._username,
            "updates": dict(self._outcomes),
            "last_update_at": self._last_update_at.isoformat() if self._last_update_at
            else None,
        }
        if self._standby:
            report["state"] = "standby"  # another worker polls; this one takes over
        elif not self._ready:
            report["state"] = "starting"
        if self._last_error:
            report["last_error"] = self._last_error
        return report

    # -- one update -----------------------------------------------------------------------

    def parse(self, raw: object) -> Update | None:
        """aiogram's Update, or None (logged once per update id) when it cannot read it."""
        update_id = update_id_of(raw)
        try:
            return Update.model_validate(without_surrogates(raw), context={"bot": self.bot})
        except (ValidationError, ValueError, TypeError, RecursionError) as exc:
            where = ""
            if isinstance(exc, ValidationError):  # field names only: the input stays out
                where = ", ".join(".".join(map(str, e["loc"])) for e in exc.errors()[:3])
            if update_id is None or update_id not in self._unreadable:
                log.warning("update %s skipped: aiogram cannot read it (%s%s)", update_id,
                            type(exc).__name__, f" at {where}" if where else "")
            if update_id is not None:
                if len(self._unreadable) >= 1000:  # polling prunes it; a webhook need not
                    self._unreadable.clear()
                self._unreadable.add(update_id)
            self._outcomes[Outcome.UNREADABLE] += 1
            return None

    async def process(self, update: Update, converted: Converted | None = None) -> Outcome:
        """Commit one update (``converted`` already, when polling grouped it by chat)
        through the engine; never raises."""
        self._last_update_at = datetime.now(UTC)
        try:
            converted = converted or convert(update)
            outcome = await self._apply(converted, update)
        except Exception:
            log.exception("update %s failed", update.update_id)
            outcome = Outcome.FAILED
        self._outcomes[outcome] += 1
        log.debug("update %s: %s%s", update.update_id, outcome,
                  f" ({converted.ignored})" if converted and converted.ignored else "")
        if converted is not None and converted.callback_id and outcome in (
            Outcome.HANDLED, Outcome.IGNORED
        ) and not self._for_staff(converted):  # the desk answers its own buttons
            self.telegram.after_press(converted.callback_id, converted.chat_id,
                                      converted.pressed_message_id)
        return outcome

    def _for_staff(self, converted: Converted) -> bool:
        staff = self.settings.staff_chat_id
        if staff is None or self.staff_handler is None or converted.chat_id is None:
            return False
        return converted.chat_id == staff or converted.chat_id in self._queue_groups

    async def _apply(self, converted: Converted, update: Update) -> Outcome:
        if self._for_staff(converted) and self.staff_handler:
            return Outcome.HANDLED if await self.staff_handler(update) else Outcome.DUPLICATE
        if converted.blocked and converted.chat_id is not None:
            await self.state.mark_blocked(CHANNEL, str(converted.chat_id),
                                          self.runtime.engine.clock())
            return Outcome.HANDLED
        event = converted.inbound
        if event is None:
            return Outcome.IGNORED
        return Outcome(await self.runtime.engine.handle(event))  # the same four values

    # -- webhook ----------------------------------------------------------------------------

    async def webhook(self, request: web.Request) -> web.Response:
        secret = self.settings.webhook_secret or ""
        given = request.headers.get(SECRET_HEADER, "")
        if not secret or not hmac.compare_digest(
            given.encode("utf-8", "replace"), secret.encode("utf-8")
        ):
            return web.json_response({"ok": False, "error": "unauthorized"}, status=401)
        body = await read_body(request, MAX_UPDATE_BYTES)
        try:
            data = load_json(body)
        except BadJson:
            data = None
        if update_id_of(data) is None:
            return web.json_response({"ok": False, "error": "not an update"}, status=400)
        update = self.parse(data)
        if update is None:  # answered 200: Telegram would only send it again
            return web.json_response({"ok": True})
        outcome = await self.process(update)
        if outcome is Outcome.FAILED:
            return web.json_response({"ok": False, "error": "try again"}, status=500)
        return web.json_response({"ok": True})

    # -- start-up and polling ---------------------------------------------------------------

    async def _guard(self, job: Coroutine[Any, Any, object]) -> None:
        try:
            await job
        except asyncio.CancelledError:
            raise
        except Exception:  # the loops below catch everything; this is the last net
            log.exception("telegram %s stopped unexpectedly", self.mode)
            self._last_error = "stopped unexpectedly"

    async def _prepare(self) -> bool:
        """Register with Telegram (retrying until it works); False when stopped first."""
        failures = 0
        while not self._stopping.is_set():
            try:
                me = await self.bot.get_me()
                self._username = me.username
                if self.mode == "webhook":
                    assert self.settings.webhook_base_url and self.settings.webhook_secret
                    await self.bot.set_webhook(
                        url=self.settings.webhook_base_url + WEBHOOK_PATH,
                        secret_token=self.settings.webhook_secret,
                        allowed_updates=ALLOWED_UPDATES,
                        drop_pending_updates=False,
                    )
                else:
                    await self.bot.delete_webhook(drop_pending_updates=False)
                await self._set_commands()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                failures += 1
                self._note_error("start-up", exc)
                if await self._pause(self._delay_for(exc, failures)):
                    return False
                continue
            self._ready = True
            self._last_error = None
            log.info("telegram %s ready as @%s", self.mode, self._username)
            return True
        return False

    async def _set_commands(self) -> None:
        renderer = self.runtime.renderer
        scope = BotCommandScopeAllPrivateChats()

        def commands(locale: str) -> list[BotCommand]:
            return [
                BotCommand(command=name, description=renderer.text(text, locale)[:256])
                for name, text in COMMANDS
            ]

        for code in LANGUAGE_CODES:
            await self.bot.set_my_commands(commands(code), scope=scope, language_code=code)
        # For clients whose language is none of ours.
        await self.bot.set_my_commands(commands(self.runtime.engine.default_locale),
                                       scope=scope)

    async def _poll(self) -> None:
        """Poll while this process leads (storage/leader.py: one poller among several
        workers on one database); when leadership is lost, wait in line again."""
        leader = leadership(self.runtime.db, "telegram-polling")
        try:
            while await leader.acquire(self._stopping):
                self._standby = False
                await self._poll_as_leader(leader)
                self._standby = True
        finally:
            await leader.release()

    async def _poll_as_leader(self, leader: Leadership) -> None:
        if not await self._prepare():
            return
        offset: int | None = None
        failures = 0
        while not self._stopping.is_set():
            if not await leader.held():
                break  # another process may poll now: what was confirmed stays confirmed
            self._fetching = True
            try:
                updates = await self.bot(
                    GetRawUpdates(offset=offset, timeout=self.poll_timeout,
                                  allowed_updates=ALLOWED_UPDATES),
                    request_timeout=REQUEST_TIMEOUT + self.poll_timeout,
                )
            except asyncio.CancelledError:
                if not self._stopping.is_set():
                    raise
                current = asyncio.current_task()
                if current is not None:
                    current.uncancel()  # our own stop() cut the long poll short
                break
            except Exception as exc:
                failures += 1
                self._note_error("getUpdates", exc)
                await self._pause(self._delay_for(exc, failures))
                continue
            finally:
                self._fetching = False
            failures = 0
            self._last_error = None
            if updates:
                offset = await self._handle_batch(updates) or offset
        await self._confirm(offset)

    async def _handle_batch(self, batch: list[Any]) -> int | None:
        """Handle a batch, chats side by side and each chat in order; return the offset
        that confirms everything committed and nothing that was not (what aiogram cannot
        read counts as done: it is skipped)."""
        ids = [i for i in map(update_id_of, batch) if i is not None]
        if not ids:
            return None
        updates = [u for u in map(self.parse, batch) if u is not None]
        chains: dict[object, list[tuple[Update, Converted | None]]] = {}
        for update in updates:
            converted: Converted | None
            try:
                converted = convert(update)
            except Exception:
                converted = None  # ``process`` tries again, and logs why it fails
            key: object = (converted.chat_id if converted else None) or ("update",
                                                                        update.update_id)
            chains.setdefault(key, []).append((update, converted))
        failed: list[int] = []

        async def run(chain: list[tuple[Update, Converted | None]]) -> None:
            for update, converted in chain:
                if await self.process(update, converted) is Outcome.FAILED:
                    self._failures[update.update_id] += 1
                    if self._failures[update.update_id] < MAX_UPDATE_FAILURES:
                        failed.append(update.update_id)
                        return  # what this chat sent next waits for it
                    log.error("update %s skipped after %s failures", update.update_id,
                              MAX_UPDATE_FAILURES)
                self._failures.pop(update.update_id, None)

        await asyncio.gather(*(run(chain) for chain in chains.values()))
        offset = max(ids) + 1
        if failed:
            offset = min(failed)
            await self._pause(retry_delay(self._failures[offset]))
        self._unreadable = {i for i in self._unreadable if i >= offset}
        return offset

    async def _confirm(self, offset: int | None) -> None:
        """On the way out, tell Telegram which updates are done, so that a restart is not
        handed them again (they would be recognised, but it is cheaper not to)."""
        if offset is None:
            return
        with contextlib.suppress(Exception):
            await self.bot.get_updates(offset=offset, timeout=0, limit=1,
                                       allowed_updates=ALLOWED_UPDATES, request_timeout=5)

    # -- helpers ----------------------------------------------------------------------------

    def _note_error(self, what: str, exc: Exception) -> None:
        description = getattr(exc, "message", "") if not isinstance(exc, TelegramRetryAfter) \
            else "429 Too Many Requests"
        self._last_error = f"{what}: {type(exc).__name__}"
        log.warning("telegram %s failed: %s %s", what, type(exc).__name__,
                    redact(str(description), self.bot.token))

    @staticmethod
    def _delay_for(exc: Exception, failures: int) -> float:
        if isinstance(exc, TelegramRetryAfter):
            return float(exc.retry_after)
        return retry_delay(failures)

    async def _pause(self, seconds: float) -> bool:
        """Sleep, waking early when stopping; True when stopping."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)
        return self._stopping.is_set()
