"""A fake Telegram Bot API server on 127.0.0.1, for driving the real aiogram client.

It speaks the wire protocol: calls arrive at ``/bot{token}/{method}``, form-encoded or
multipart (files), with nested objects as JSON strings; answers are ``{"ok": true,
"result": ...}`` with realistic objects, or ``{"ok": false, "error_code": ...,
"description": ..., "parameters": {"retry_after": N}}``.

It keeps what a person's Telegram app would show: every message the bot sent to a chat,
with its keyboard as sent and as it is now (after edits), and the reply keyboard. Tests
play the person with :class:`FakePerson` (``send``, ``press``, ``send_sticker``...), whose
updates are queued for ``getUpdates`` (or posted to a webhook by the test), and read what
they see with ``await person.replies(2)``.

Failures on demand: ``fail(...)`` injects 429 with ``retry_after``, 5xx, 403 or a dropped
connection; ``block(chat_id)`` answers 403 "bot was blocked by the user";
``max_sends_per_second`` answers 429 beyond a global rate; ``enforce_limits()`` adds
Telegram's others (a private chat: a burst of 3, then one a second; a group: 20 in any
minute), all counted when calls arrive; ``latency`` slows every answer.
Every call is recorded (method, decoded params, time, status).

The staff desk's forum group (``group(chat_id)`` changes what ``getChat`` and
``getChatMember`` say about it: not a forum, the bot without a right, removed):
``createForumTopic`` (and edit/close/reopen), pins,
``copyMessage`` of what people wrote in a group, media by file id or URL, ``getFile``
with file downloads at ``/file/bot{token}/{path}``, reactions, and ``delete_topic`` to
make a topic "deleted" (sends into it answer 400 "message thread not found"). Tests play
staff with ``group_message(..., thread_id=...)``, ``group_content`` and ``group_press``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

JSON_FIELDS = {
    "reply_markup", "allowed_updates", "commands", "scope", "entities", "caption_entities",
    "link_preview_options", "reply_parameters", "media", "results",
}
INT_FIELDS = {
    "chat_id", "message_id", "offset", "limit", "timeout", "message_thread_id",
    "from_chat_id", "max_connections", "cache_time", "until_date", "icon_color", "user_id",
}
BOOL_FIELDS = {
    "drop_pending_updates", "protect_content", "disable_notification", "show_alert",
    "allow_sending_without_reply", "disable_web_page_preview", "remove_keyboard",
}
SEND_METHODS = {
    "sendmessage", "senddocument", "sendphoto", "sendvideo", "sendvoice", "sendaudio",
    "sendsticker", "sendlocation", "sendcontact", "copymessage", "forwardmessage",
}
DEFAULT_UPDATES = {"message", "edited_message", "channel_post", "edited_channel_post",
                   "callback_query", "my_chat_member", "inline_query"}
BLOCKED = "Forbidden: bot was blocked by the user"
OVER_LIMIT = "Too Many Requests: retry after 1"
THREAD_NOT_FOUND = "Bad Request: message thread not found"
TOPIC_INVALID = "Bad Request: TOPIC_ID_INVALID"
TOPIC_NOT_MODIFIED = "Bad Request: TOPIC_NOT_MODIFIED"
MEDIA_FIELDS = ("photo", "video", "voice", "audio", "document", "sticker", "animation",
                "video_note")
# Telegram's own file ids start like this; anything else in a media field is a URL it fetches.
FILE_ID_PREFIXES = ("AgAC", "BAAC", "AwAC", "CQAC", "BQAC", "CAAC", "DQAC", "CgAC", "file-")
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup"
    " are exactly the same as a current content and reply markup of the message"
)
_COMMAND = re.compile(r"^/[A-Za-z0-9_]+(@\w+)?")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class UploadedFile:
    filename: str
    content: bytes
    content_type: str


@dataclass
class Call:
    """One Bot API request, as the fake understood it."""

    method: str  # as sent, e.g. "sendMessage"
    params: dict[str, Any]
    at: float  # time.monotonic() when it arrived
    status: int = 200
    description: str | None = None
    over_limit: bool = False  # refused by the fake's limits (not an injected failure)
    limit: str | None = None  # which of them: "overall", "chat" or "group"

    @property
    def name(self) -> str:
        return self.method.lower()

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass(frozen=True)
class Seen:
    """A message as the person sees it arrive: its text and the labels of its buttons
    (inline, or the reply keyboard it brought up)."""

    text: str
    buttons: tuple[str, ...] = ()


@dataclass
class BotMessage:
    """A message the bot sent, with its keyboard as sent and as it is now."""

    message_id: int
    chat_id: int
    date: int
    at: float
    text: str | None = None
    caption: str | None = None
    document: UploadedFile | None = None
    sent_inline: list[list[dict[str, Any]]] = field(default_factory=list)
    inline: list[list[dict[str, Any]]] = field(default_factory=list)
    reply_keyboard: list[list[dict[str, Any]]] | None = None
    removes_reply_keyboard: bool = False
    thread_id: int | None = None
    protected: bool = False
    # A photo, sticker... sent by file id or URL (kind, reference), or copied from a group.
    media: tuple[str, str] | None = None
    copied_from: tuple[int, int] | None = None
    pinned: bool = False

    @property
    def body(self) -> str:
        return self.text if self.text is not None else self.caption or ""

    @property
    def buttons(self) -> list[str]:
        """Inline buttons still live (not removed by an edit)."""
        return [button["text"] for row in self.inline for button in row]

    @property
    def sent_buttons(self) -> list[str]:
        if self.reply_keyboard is not None:
            return [button["text"] for row in self.reply_keyboard for button in row]
        return [button["text"] for row in self.sent_inline for button in row]

    @property
    def seen(self) -> Seen:
        return Seen(self.body, tuple(self.sent_buttons))

    def callback_data(self, label: str, *, as_sent: bool = False) -> str | None:
        for row in self.sent_inline if as_sent else self.inline:
            for button in row:
                if button["text"] == label:
                    return str(button["callback_data"])
        return None

    def to_api(self, bot_user: dict[str, Any], chat: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {
            "message_id": self.message_id,
            "from": bot_user,
            "chat": chat,
            "date": self.date,
        }
        if self.thread_id is not None:
            result["message_thread_id"] = self.thread_id
            result["is_topic_message"] = True
        if self.text is not None:
            result["text"] = self.text
        if self.document is not None:
            result["document"] = {
                "file_id": f"BQAC-{self.message_id}",
                "file_unique_id": f"u-{self.message_id}",
                "file_name": self.document.filename,
                "mime_type": self.document.content_type,
                "file_size": len(self.document.content),
            }
        if self.caption is not None:
            result["caption"] = self.caption
        if self.media is not None and self.document is None:
            kind, ref = self.media
            file = {"file_id": ref, "file_unique_id": f"u-{self.message_id}"}
            if kind == "photo":
                result["photo"] = [{**file, "width": 800, "height": 600}]
            elif kind == "sticker":
                result["sticker"] = {**file, "type": "regular", "width": 512, "height": 512,
                                     "is_animated": False, "is_video": False}
            elif kind in ("voice", "audio", "video"):
                result[kind] = {**file, "duration": 3, "width": 640, "height": 480} \
                    if kind == "video" else {**file, "duration": 3}
            else:
                result["document"] = file
        if self.inline:
            result["reply_markup"] = {"inline_keyboard": self.inline}
        if self.protected:
            result["has_protected_content"] = True
        return result


@dataclass
class Injected:
    status: int  # 0 drops the connection without an answer
    description: str
    retry_after: int | None
    times: int
    method: str | None
    chat_id: int | None

    def matches(self, method: str, chat_id: Any) -> bool:
        if self.method is not None and self.method != method:
            return False
        return self.chat_id is None or self.chat_id == chat_id


class ApiError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


class OverLimit(ApiError):
    """A send beyond one of Telegram's limits (``limit``: "overall", "chat", "group")."""

    def __init__(self, limit: str) -> None:
        super().__init__(429, OVER_LIMIT, 1)
        self.limit = limit


class FakeTelegram:
    def __init__(
        self, token: str = "123:ABC", *, username: str = "carebot_test_bot",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token = token
        # When a call arrived: the bot's own clock, so gaps read as Telegram would see them.
        self.clock = clock
        self.bot_user: dict[str, Any] = {
            "id": int(token.split(":")[0]),
            "is_bot": True,
            "first_name": "Carebot",
            "username": username,
        }
        self.calls: list[Call] = []
        self.messages: list[BotMessage] = []  # everything the bot sent, in order
        self.updates: list[dict[str, Any]] = []  # not yet confirmed by an offset
        self.webhook: dict[str, Any] | None = None
        self.commands: dict[tuple[str, str | None], list[dict[str, str]]] = {}
        self.callbacks: dict[str, bool] = {}  # callback query id -> answered
        self.blocked: set[int] = set()
        self.reply_keyboards: dict[int, list[list[dict[str, Any]]] | None] = {}
        self.max_sends_per_second: int | None = None
        self.chat_burst: int | None = None  # a private chat: this many at once...
        self.chat_interval = 1.0  # ...then one per this many seconds
        self.group_per_minute: int | None = None
        self.polls_in_flight = 0
        self.most_polls_at_once = 0  # more than 1: two processes long-polled at once
        self.latency = 0.0
        self._injected: list[Injected] = []
        self._recent_sends: deque[float] = deque()
        self._chat_due: dict[int, float] = {}  # a private chat's budget is whole then
        self._group_posts: dict[int, deque[float]] = {}
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._arrived = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._people: dict[int, FakePerson] = {}
        # The staff desk's forum group.
        self.topics: dict[tuple[int, int], Topic] = {}
        self.group_messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.files: dict[str, bytes] = {}
        self.reactions: dict[tuple[int, int], list[str]] = {}
        # Groups as getChat/getChatMember describe them; any other group id is a forum
        # supergroup where the bot is an administrator with every right.
        self.groups: dict[int, FakeGroup] = {}
        self.webhook_error: str | None = None  # getWebhookInfo's last_error_message
        # False: the bot is an admin without the right to delete topics (it may close them).
        self.can_delete_topics = True

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> FakeTelegram:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- failures on demand ---------------------------------------------------------------

    def enforce_limits(self, per_second: int = 30, chat_burst: int = 3,
                       group_per_minute: int = 20) -> FakeTelegram:
        """Answer 429 to a send beyond any of Telegram's limits: ``per_second`` overall
        in any second, ``chat_burst`` at once in a private chat and one a second after
        that, ``group_per_minute`` in a group in any minute (by arrival time)."""
        self.max_sends_per_second = per_second
        self.chat_burst = chat_burst
        self.group_per_minute = group_per_minute
        return self

    def throttled(self) -> list[Call]:
        """The calls the fake's limits refused (injected failures are not among them)."""
        return [c for c in self.calls if c.over_limit]

    def fail(
        self,
        method: str | None = "sendMessage",
        *,
        status: int = 429,
        retry_after: int | None = None,
        description: str | None = None,
        times: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """Answer the next ``times`` matching calls with this error (status 0: drop the
        connection). A 429 gets ``retry_after`` (default 1) in its parameters."""
        if status == 429 and retry_after is None:
            retry_after = 1
        default = {
            0: "",
            403: BLOCKED,
            429: f"Too Many Requests: retry after {retry_after}",
            500: "Internal Server Error",
            502: "Bad Gateway",
            503: "Service Unavailable",
        }.get(status, "Bad Request: injected")
        self._injected.append(Injected(status, description or default, retry_after, times,
                                       method.lower() if method else None, chat_id))

    def block(self, chat_id: int) -> None:
        """The person blocked the bot: every send to them answers 403 from now on."""
        self.blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        self.blocked.discard(chat_id)

    # -- people and their updates ---------------------------------------------------------

    def person(
        self,
        chat_id: int,
        *,
        language_code: str | None = "en",
        first_name: str = "Nino",
    ) -> FakePerson:
        person = FakePerson(self, chat_id, language_code=language_code, first_name=first_name)
        self._people[chat_id] = person
        return person

    def queue(self, update: dict[str, Any]) -> dict[str, Any]:
        """Hold an update for ``getUpdates``; returns it (a webhook test posts it)."""
        self.updates.append(update)
        self._arrived.set()
        self._arrived = asyncio.Event()
        return update

    def next_update_id(self) -> int:
        return next(self._ids)

    def next_message_id(self) -> int:
        return next(self._message_ids)

    def group_message(
        self, group_id: int, sender: FakePerson, text: str, *, thread_id: int | None = None
    ) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        command = _COMMAND.match(text)
        if command:
            content["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": utf16_len(command.group(0))}]
        return self.group_content(group_id, sender, thread_id=thread_id, **content)

    def group_content(
        self, group_id: int, sender: FakePerson, *, thread_id: int | None = None,
        **content: Any,
    ) -> dict[str, Any]:
        """Somebody writes in a group (in a forum topic with ``thread_id``); the message is
        kept so that the bot can copy it."""
        chat = {"id": group_id, "type": "supergroup", "title": "A group", "is_forum": True}
        message: dict[str, Any] = {
            "message_id": self.next_message_id(),
            "from": sender.user,
            "chat": chat,
            "date": int(time.time()),
            **content,
        }
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        self.group_messages[(group_id, message["message_id"])] = message
        return self.queue({"update_id": self.next_update_id(), "message": message})

    def group_press(
        self, group_id: int, sender: FakePerson, on: BotMessage, label: str
    ) -> dict[str, Any]:
        """Somebody in a group presses a button of one of the bot's messages."""
        data = on.callback_data(label, as_sent=True)
        if data is None:
            raise AssertionError(f"no button {label!r} on that message: {on.sent_buttons}")
        query_id = f"g{sender.chat_id}-{self.next_update_id()}"
        self.callbacks[query_id] = False
        query = {
            "id": query_id,
            "from": sender.user,
            "message": on.to_api(self.bot_user, self._chat(group_id)),
            "chat_instance": f"ci{group_id}",
            "data": data,
        }
        return self.queue({"update_id": self.next_update_id(), "callback_query": query})

    def delete_topic(self, group_id: int, thread_id: int) -> None:
        """Somebody deleted a forum topic: it is gone with its messages."""
        self.topics[(group_id, thread_id)].deleted = True

    def add_file(self, file_id: str, content: bytes) -> None:
        self.files[file_id] = content

    # -- what happened --------------------------------------------------------------------

    def calls_to(self, method: str, *, ok: bool | None = None) -> list[Call]:
        wanted = method.lower()
        return [c for c in self.calls if c.name == wanted and (ok is None or c.ok == ok)]

    def sends(self, chat_id: int | None = None) -> list[Call]:
        """Successful message sends, in arrival order."""
        return [
            c for c in self.calls
            if c.name in SEND_METHODS and c.ok
            and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    def chat(self, chat_id: int) -> list[BotMessage]:
        return [m for m in self.messages if m.chat_id == chat_id]

    def thread(self, chat_id: int, thread_id: int | None) -> list[BotMessage]:
        """The bot's messages in one forum topic (None: the General topic)."""
        return [m for m in self.chat(chat_id) if m.thread_id == thread_id]

    def open_topics(self, chat_id: int) -> list[Topic]:
        return [t for (c, _), t in self.topics.items() if c == chat_id and not t.deleted]

    def live_keyboards(self, chat_id: int) -> list[BotMessage]:
        return [m for m in self.chat(chat_id) if m.inline]

    def unanswered_callbacks(self) -> list[str]:
        return [cid for cid, answered in self.callbacks.items() if not answered]

    async def wait_until(
        self, condition: Callable[[], bool], within: float = 20.0, what: str = "condition"
    ) -> None:
        deadline = time.monotonic() + within
        while not _holds(condition):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {within}s waiting for {what}")
            await asyncio.sleep(0.02)

    # -- the server -----------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params = await self._params(request)
        call = Call(method, params, self.clock())
        self.calls.append(call)
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            self._check_injected(call, request)
            if self.latency:
                await asyncio.sleep(self.latency)
            result = await self._dispatch(call)
        except ApiError as error:
            call.status, call.description = error.status, error.description
            body: dict[str, Any] = {
                "ok": False, "error_code": error.status, "description": error.description,
            }
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
            return web.json_response(body, status=error.status)
        except _Dropped:
            call.status, call.description = 0, "connection dropped"
            assert request.transport is not None
            request.transport.close()
            return web.Response(status=500)
        return web.json_response({"ok": True, "result": result})

    async def _params(self, request: web.Request) -> dict[str, Any]:
        raw: dict[str, Any] = dict(request.query)
        files: dict[str, UploadedFile] = {}
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                raw.update(await request.json())
            else:
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, FileField):
                        files[key] = UploadedFile(value.filename, value.file.read(),
                                                  value.content_type)
                    else:
                        raw[key] = value
        params: dict[str, Any] = {}
        for key, value in raw.items():
            params[key] = _decode(key, value) if isinstance(value, str) else value
            if isinstance(value, str) and value.startswith("attach://"):
                params[key] = files.get(value.removeprefix("attach://"))
        for key, upload in files.items():  # a file sent directly under its field name
            params.setdefault(key, upload)
        return params

    def _check_injected(self, call: Call, request: web.Request) -> None:
        chat_id = call.params.get("chat_id")
        for injected in self._injected:
            if injected.times > 0 and injected.matches(call.name, chat_id):
                injected.times -= 1
                if injected.status == 0:
                    raise _Dropped()
                raise ApiError(injected.status, injected.description, injected.retry_after)
        editing = call.name in SEND_METHODS or call.name.startswith("edit")
        if editing and chat_id in self.blocked:
            raise ApiError(403, BLOCKED)
        if call.name in SEND_METHODS:
            try:
                self._check_limits(call.at, chat_id)
            except OverLimit as exc:
                call.over_limit = True
                call.limit = exc.limit
                raise

    def _check_limits(self, now: float, chat_id: Any) -> None:
        """Telegram's limits, counted when a send arrives; a refused send does not count."""
        if self.max_sends_per_second is not None:
            while self._recent_sends and now - self._recent_sends[0] >= 1.0:
                self._recent_sends.popleft()
            if len(self._recent_sends) >= self.max_sends_per_second:
                raise OverLimit("overall")
        chat = chat_id if isinstance(chat_id, int) else None
        if chat is not None and chat > 0 and self.chat_burst is not None:
            due = self._chat_due.get(chat, now)
            if now < due - (self.chat_burst - 1) * self.chat_interval - 1e-9:
                raise OverLimit("chat")
            self._chat_due[chat] = max(due, now) + self.chat_interval
        if chat is not None and chat < 0 and self.group_per_minute is not None:
            posts = self._group_posts.setdefault(chat, deque())
            while posts and now - posts[0] >= 60.0:
                posts.popleft()
            if len(posts) >= self.group_per_minute:
                raise OverLimit("group")
            posts.append(now)
        if self.max_sends_per_second is not None:
            self._recent_sends.append(now)

    async def _dispatch(self, call: Call) -> Any:
        handler = getattr(self, f"_m_{call.name}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        return await handler(call.params)

    # -- methods --------------------------------------------------------------------------

    async def _m_getme(self, params: dict[str, Any]) -> Any:
        return {**self.bot_user, "can_join_groups": True,
                "can_read_all_group_messages": False, "supports_inline_queries": False}

    async def _m_getupdates(self, params: dict[str, Any]) -> Any:
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is"
                                " active; use deleteWebhook to delete the webhook first")
        offset = params.get("offset")
        if isinstance(offset, int) and offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        allowed = set(params.get("allowed_updates") or DEFAULT_UPDATES)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        self.polls_in_flight += 1  # a poller that dies is cut off (handler_cancellation)
        self.most_polls_at_once = max(self.most_polls_at_once, self.polls_in_flight)
        try:
            while True:
                ready = [u for u in self.updates if allowed & set(u) - {"update_id"}]
                if ready:
                    return ready[:limit]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return []
                try:
                    await asyncio.wait_for(self._arrived.wait(), remaining)
                except TimeoutError:
                    return []
        finally:
            self.polls_in_flight -= 1

    async def _m_setwebhook(self, params: dict[str, Any]) -> Any:
        url = params.get("url") or ""
        if url and not url.startswith("https://"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for"
                                " webhook")
        self.webhook = dict(params) if url else None
        return True

    async def _m_deletewebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = None
        if params.get("drop_pending_updates"):
            self.updates.clear()
        return True

    async def _m_getwebhookinfo(self, params: dict[str, Any]) -> Any:
        info: dict[str, Any] = {"url": (self.webhook or {}).get("url", ""),
                                "has_custom_certificate": False,
                                "pending_update_count": len(self.updates)}
        if self.webhook is not None:
            info["max_connections"] = int(self.webhook.get("max_connections") or 40)
            info["ip_address"] = "203.0.113.7"
            if self.webhook.get("allowed_updates"):
                info["allowed_updates"] = self.webhook["allowed_updates"]
        if self.webhook_error is not None:
            info["last_error_date"] = int(time.time()) - 60
            info["last_error_message"] = self.webhook_error
        return info

    async def _m_getchat(self, params: dict[str, Any]) -> Any:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            raise ApiError(400, "Bad Request: chat not found")
        if chat_id > 0:
            if chat_id not in self._people:
                raise ApiError(400, "Bad Request: chat not found")
            return {**self._chat(chat_id), "accent_color_id": 0, "max_reaction_count": 11,
                    "accepted_gift_types": _GIFT_TYPES}
        self._group(chat_id)  # the bot can see the group
        return {**self._chat(chat_id), "accent_color_id": 3, "max_reaction_count": 11,
                "accepted_gift_types": _GIFT_TYPES, "permissions": {"can_send_messages": True},
                "join_to_send_messages": True}

    async def _m_getchatmember(self, params: dict[str, Any]) -> Any:
        chat_id, user_id = params.get("chat_id"), params.get("user_id")
        if not isinstance(chat_id, int) or not isinstance(user_id, (int, str)):
            raise ApiError(400, "Bad Request: chat not found")
        if int(user_id) != self.bot_user["id"]:
            raise ApiError(400, "Bad Request: user not found")
        if chat_id > 0:
            return {"status": "member", "user": self.bot_user}
        return self._group(chat_id).bot_member(self.bot_user)

    async def _m_setmycommands(self, params: dict[str, Any]) -> Any:
        commands = params.get("commands") or []
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command.get("command", "")):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: command description is invalid")
        scope = (params.get("scope") or {"type": "default"})["type"]
        self.commands[(scope, params.get("language_code"))] = commands
        return True

    async def _m_answercallbackquery(self, params: dict[str, Any]) -> Any:
        query_id = str(params.get("callback_query_id"))
        if self.callbacks.get(query_id, True):  # unknown or answered already
            raise ApiError(400, "Bad Request: query is too old and response timeout expired"
                                " or query ID is invalid")
        self.callbacks[query_id] = True
        return True

    async def _m_sendmessage(self, params: dict[str, Any]) -> Any:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return self._deliver(params, text=text)

    async def _m_senddocument(self, params: dict[str, Any]) -> Any:
        document = params.get("document")
        if isinstance(document, str):
            return self._send_media("document", params)
        if not isinstance(document, UploadedFile):
            raise ApiError(400, "Bad Request: there is no document in the request")
        caption = params.get("caption")
        if caption is not None and utf16_len(caption) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        return self._deliver(params, caption=caption, document=document)

    async def _m_sendphoto(self, params: dict[str, Any]) -> Any:
        return self._send_media("photo", params)

    async def _m_sendvideo(self, params: dict[str, Any]) -> Any:
        return self._send_media("video", params)

    async def _m_sendvoice(self, params: dict[str, Any]) -> Any:
        return self._send_media("voice", params)

    async def _m_sendaudio(self, params: dict[str, Any]) -> Any:
        return self._send_media("audio", params)

    async def _m_sendsticker(self, params: dict[str, Any]) -> Any:
        return self._send_media("sticker", params)

    def _send_media(self, kind: str, params: dict[str, Any]) -> Any:
        ref = params.get(kind)
        if isinstance(ref, UploadedFile):
            return self._deliver(params, caption=params.get("caption"), media=(kind, "upload"))
        if not isinstance(ref, str) or not ref:
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        if not ref.startswith(("http://", "https://")) and not ref.startswith(FILE_ID_PREFIXES):
            raise ApiError(400, "Bad Request: wrong remote file identifier specified")
        return self._deliver(params, caption=params.get("caption"), media=(kind, ref))

    async def _m_copymessage(self, params: dict[str, Any]) -> Any:
        key = (int(params.get("from_chat_id") or 0), int(params.get("message_id") or 0))
        source = self.group_messages.get(key)
        if source is None:
            raise ApiError(400, "Bad Request: message to copy not found")
        media = next(((k, _file_ref(source[k])) for k in MEDIA_FIELDS if k in source), None)
        copied = self._deliver(params, text=source.get("text"), caption=source.get("caption"),
                               media=media,
                               copied_from=(source["chat"]["id"], source["message_id"]))
        return {"message_id": copied["message_id"]}

    async def _m_createforumtopic(self, params: dict[str, Any]) -> Any:
        chat_id = params.get("chat_id")
        name = params.get("name")
        if not isinstance(chat_id, int) or chat_id >= 0:
            raise ApiError(400, "Bad Request: the chat is not a forum")
        if not isinstance(name, str) or not 1 <= len(name) <= 128:
            raise ApiError(400, "Bad Request: TOPIC_NAME_INVALID")
        thread_id = self.next_message_id()
        color = int(params.get("icon_color") or 7322096)
        self.topics[(chat_id, thread_id)] = Topic(chat_id, thread_id, name, color)
        return {"message_thread_id": thread_id, "name": name, "icon_color": color}

    def _topic(self, params: dict[str, Any]) -> Topic:
        key = (int(params.get("chat_id") or 0), int(params.get("message_thread_id") or 0))
        topic = self.topics.get(key)
        if topic is None or topic.deleted:
            raise ApiError(400, TOPIC_INVALID)
        return topic

    async def _m_editforumtopic(self, params: dict[str, Any]) -> Any:
        topic = self._topic(params)
        name = params.get("name")
        if name is not None:
            if not 1 <= len(name) <= 128:
                raise ApiError(400, "Bad Request: TOPIC_NAME_INVALID")
            if name == topic.name:
                raise ApiError(400, TOPIC_NOT_MODIFIED)
            topic.names.append(name)
            topic.name = name
        return True

    async def _m_closeforumtopic(self, params: dict[str, Any]) -> Any:
        topic = self._topic(params)
        if topic.closed:
            raise ApiError(400, TOPIC_NOT_MODIFIED)
        topic.closed = True
        return True

    async def _m_deleteforumtopic(self, params: dict[str, Any]) -> Any:
        topic = self._topic(params)
        if not self.can_delete_topics:
            raise ApiError(400, "Bad Request: not enough rights to delete the topic")
        topic.deleted = True
        self.messages = [m for m in self.messages
                         if (m.chat_id, m.thread_id) != (topic.chat_id, topic.thread_id)]
        return True

    async def _m_editmessagetext(self, params: dict[str, Any]) -> Any:
        message = self._find(params.get("chat_id"), params.get("message_id"))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        text = str(params.get("text") or "")
        markup = params.get("reply_markup") or {}
        keyboard = markup.get("inline_keyboard") or [] if isinstance(markup, dict) else []
        if text == message.text and keyboard == message.inline:
            raise ApiError(400, NOT_MODIFIED)
        message.text = text
        message.inline = keyboard
        return {**message.to_api(self.bot_user, self._chat(message.chat_id)),
                "edit_date": int(time.time())}

    async def _m_reopenforumtopic(self, params: dict[str, Any]) -> Any:
        topic = self._topic(params)
        if not topic.closed:
            raise ApiError(400, TOPIC_NOT_MODIFIED)
        topic.closed = False
        return True

    async def _m_pinchatmessage(self, params: dict[str, Any]) -> Any:
        message = self._find(params.get("chat_id"), params.get("message_id"))
        if message is None:
            raise ApiError(400, "Bad Request: message to pin not found")
        message.pinned = True
        return True

    async def _m_setmessagereaction(self, params: dict[str, Any]) -> Any:
        key = (int(params.get("chat_id") or 0), int(params.get("message_id") or 0))
        if key not in self.group_messages:
            raise ApiError(400, "Bad Request: message to react not found")
        reactions = params.get("reaction") or []
        if isinstance(reactions, str):
            reactions = json.loads(reactions)
        self.reactions[key] = [r.get("emoji", "") for r in reactions]
        return True

    async def _m_getfile(self, params: dict[str, Any]) -> Any:
        file_id = str(params.get("file_id") or "")
        if not file_id:
            raise ApiError(400, "Bad Request: invalid file_id")
        content = self.files.setdefault(file_id, f"content of {file_id}".encode())
        return {"file_id": file_id, "file_unique_id": f"u{abs(hash(file_id))}",
                "file_size": len(content), "file_path": f"files/{file_id}"}

    async def _download(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        file_id = request.match_info["path"].removeprefix("files/")
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id], content_type="application/octet-stream")

    async def _m_editmessagereplymarkup(self, params: dict[str, Any]) -> Any:
        message = self._find(params.get("chat_id"), params.get("message_id"))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        markup = params.get("reply_markup") or {}
        keyboard = markup.get("inline_keyboard") or []
        _check_inline(keyboard)
        if keyboard == message.inline:
            raise ApiError(400, NOT_MODIFIED)
        message.inline = keyboard
        return {**message.to_api(self.bot_user, self._chat(message.chat_id)),
                "edit_date": int(time.time())}

    async def _m_close(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_logout(self, params: dict[str, Any]) -> Any:
        return True

    # -- helpers --------------------------------------------------------------------------

    def group(self, chat_id: int) -> FakeGroup:
        """The group's settings, to change them: ``fake.group(-100…).is_forum = False``."""
        return self.groups.setdefault(chat_id, FakeGroup(chat_id))

    def _group(self, chat_id: int) -> FakeGroup:
        group = self.group(chat_id)
        if not group.exists:
            raise ApiError(400, "Bad Request: chat not found")
        if group.bot_status in ("left", "kicked"):
            raise ApiError(403, "Forbidden: bot is not a member of the supergroup chat")
        return group

    def _chat(self, chat_id: int) -> dict[str, Any]:
        if chat_id < 0:
            group = self.groups.get(chat_id) or FakeGroup(chat_id)
            chat: dict[str, Any] = {"id": chat_id, "type": group.type, "title": group.title}
            if group.type == "supergroup" and group.is_forum:
                chat["is_forum"] = True
            return chat
        person = self._people.get(chat_id)
        return {"id": chat_id, "type": "private",
                "first_name": person.first_name if person else "Nino"}

    def _find(self, chat_id: Any, message_id: Any) -> BotMessage | None:
        for message in self.messages:
            if message.chat_id == chat_id and message.message_id == message_id:
                return message
        return None

    def _deliver(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            raise ApiError(400, "Bad Request: chat not found")
        thread_id = params.get("message_thread_id")
        topic = self.topics.get((chat_id, thread_id)) if thread_id is not None else None
        if topic is not None and topic.deleted:
            raise ApiError(400, THREAD_NOT_FOUND)
        markup = params.get("reply_markup") or {}
        inline = markup.get("inline_keyboard") or []
        _check_inline(inline)
        message = BotMessage(
            message_id=self.next_message_id(),
            chat_id=chat_id,
            date=int(time.time()),
            at=self.clock(),
            sent_inline=inline,
            inline=inline,
            reply_keyboard=markup.get("keyboard"),
            removes_reply_keyboard=bool(markup.get("remove_keyboard")),
            thread_id=params.get("message_thread_id"),
            protected=bool(params.get("protect_content")),
            **content,
        )
        if message.reply_keyboard is not None:
            self.reply_keyboards[chat_id] = message.reply_keyboard
        elif message.removes_reply_keyboard:
            self.reply_keyboards[chat_id] = None
        self.messages.append(message)
        return message.to_api(self.bot_user, self._chat(chat_id))


class _Dropped(Exception):
    pass


_GIFT_TYPES = {"unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False,
               "premium_subscription": False, "gifts_from_channels": False}
ADMIN_RIGHTS = (
    "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
    "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users",
    "can_post_stories", "can_edit_stories", "can_delete_stories", "can_pin_messages",
    "can_manage_topics", "can_send_welcome_messages",
)


@dataclass
class FakeGroup:
    """A group as Telegram describes it to the bot: its kind, and the bot's standing."""

    chat_id: int
    title: str = "A group"
    type: str = "supergroup"  # or "group" (a basic group, never a forum)
    is_forum: bool = True
    exists: bool = True
    bot_status: str = "administrator"  # "member", "left", "kicked"
    rights: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(ADMIN_RIGHTS, True))

    def bot_member(self, bot_user: dict[str, Any]) -> dict[str, Any]:
        if self.bot_status != "administrator":
            return {"status": self.bot_status, "user": bot_user}
        return {"status": "administrator", "user": bot_user, "can_be_edited": False,
                "is_anonymous": False, **self.rights}


@dataclass
class Topic:
    """A forum topic of a group, as its members see it."""

    chat_id: int
    thread_id: int
    name: str
    icon_color: int
    closed: bool = False
    deleted: bool = False
    names: list[str] = field(default_factory=list)  # renames, in order


def _file_ref(media: Any) -> str:
    if isinstance(media, list):  # photo sizes: the largest
        media = media[-1]
    return str(media.get("file_id", "")) if isinstance(media, dict) else ""


def _decode(key: str, value: str) -> Any:
    if key in JSON_FIELDS:
        return json.loads(value)
    if key in INT_FIELDS and re.fullmatch(r"-?\d+", value):
        return int(value)
    if key in BOOL_FIELDS:
        return value == "true"
    return value


def _check_inline(keyboard: Iterable[Iterable[dict[str, Any]]]) -> None:
    for row in keyboard:
        for button in row:
            if not button.get("text"):
                raise ApiError(400, "Bad Request: text buttons are unallowed in the inline"
                                    " keyboard")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


class FakePerson:
    """Somebody in a private chat with the bot, on their phone."""

    def __init__(
        self, fake: FakeTelegram, chat_id: int, *, language_code: str | None, first_name: str
    ) -> None:
        self.fake = fake
        self.chat_id = chat_id
        self.language_code = language_code
        self.first_name = first_name
        self.read = 0  # how many of the bot's messages the person has read
        self.pressed: list[str] = []  # callback query ids

    @property
    def user(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.chat_id, "is_bot": False,
                                "first_name": self.first_name}
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    @property
    def private_chat(self) -> dict[str, Any]:
        return {"id": self.chat_id, "type": "private", "first_name": self.first_name}

    # -- doing things ---------------------------------------------------------------------

    def send_content(self, **content: Any) -> dict[str, Any]:
        message = {
            "message_id": self.fake.next_message_id(),
            "from": self.user,
            "chat": self.private_chat,
            "date": int(time.time()),
            **content,
        }
        return self.fake.queue({"update_id": self.fake.next_update_id(), "message": message})

    def send(self, text: str) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        command = _COMMAND.match(text)
        if command:
            content["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": utf16_len(command.group(0))}]
        return self.send_content(**content)

    def send_sticker(self) -> dict[str, Any]:
        return self.send_content(sticker={
            "file_id": "CAACAgIAAxkBAAE", "file_unique_id": "AgADsticker", "type": "regular",
            "width": 512, "height": 512, "is_animated": False, "is_video": False,
            "emoji": "\N{THUMBS UP SIGN}",
        })

    def send_photo(self) -> dict[str, Any]:
        return self.send_content(photo=[
            {"file_id": "AgACAgIAAxk-small", "file_unique_id": "AQADs", "width": 90,
             "height": 90},
            {"file_id": "AgACAgIAAxk-large", "file_unique_id": "AQADl", "width": 1280,
             "height": 1280},
        ])

    def send_voice(self) -> dict[str, Any]:
        return self.send_content(voice={"file_id": "AwACAgIAAxk", "file_unique_id": "AgADvoice",
                                    "duration": 3})

    def send_location(self) -> dict[str, Any]:
        return self.send_content(location={"latitude": 41.7151, "longitude": 44.8271})

    def send_document(self) -> dict[str, Any]:
        return self.send_content(document={"file_id": "BQACAgIAAxk", "file_unique_id": "AgADdoc",
                                       "file_name": "passport.pdf"})

    def share_contact(self, phone: str = "995555123456") -> dict[str, Any]:
        """Press the request_contact button: Telegram sends the person's own number."""
        return self.send_content(contact={"phone_number": phone, "first_name": self.first_name,
                                      "user_id": self.chat_id})

    def press(self, label: str, *, on: BotMessage | None = None) -> dict[str, Any]:
        """Press a button. Without ``on``: on the latest message whose keyboard is live,
        as a person can. With ``on``: on that message as it was sent, even if its keyboard
        has been removed since (a phone that has not caught up, or an old screenshot)."""
        if on is None:
            live = [m for m in self.fake.chat(self.chat_id) if m.inline]
            if not live:
                raise AssertionError("no message with live buttons in the chat")
            on = live[-1]
            data = on.callback_data(label)
            if data is None:
                raise AssertionError(f"no button {label!r} on the live keyboard: {on.buttons}")
        else:
            data = on.callback_data(label, as_sent=True)
            if data is None:
                raise AssertionError(f"no button {label!r} on that message: "
                                     f"{on.sent_buttons}")
        query_id = f"{self.chat_id}-{len(self.pressed) + 1}-{self.fake.next_update_id()}"
        self.pressed.append(query_id)
        self.fake.callbacks[query_id] = False
        query = {
            "id": query_id,
            "from": self.user,
            "message": on.to_api(self.fake.bot_user, self.private_chat),
            "chat_instance": f"ci{self.chat_id}",
            "data": data,
        }
        return self.fake.queue({"update_id": self.fake.next_update_id(),
                                "callback_query": query})

    def blocks_the_bot(self) -> dict[str, Any]:
        """Block the bot: sends answer 403, and Telegram reports the change."""
        self.fake.block(self.chat_id)
        member = {"user": self.fake.bot_user}
        change = {
            "chat": self.private_chat,
            "from": self.user,
            "date": int(time.time()),
            "old_chat_member": {**member, "status": "member"},
            "new_chat_member": {**member, "status": "kicked", "until_date": 0},
        }
        return self.fake.queue({"update_id": self.fake.next_update_id(),
                                "my_chat_member": change})

    # -- what the person sees -------------------------------------------------------------

    @property
    def messages(self) -> list[BotMessage]:
        return self.fake.chat(self.chat_id)

    @property
    def seen(self) -> list[Seen]:
        return [m.seen for m in self.messages]

    @property
    def reply_keyboard(self) -> list[str] | None:
        rows = self.fake.reply_keyboards.get(self.chat_id)
        return None if rows is None else [button["text"] for row in rows for button in row]

    async def replies(self, count: int, within: float = 20.0) -> list[Seen]:
        """Wait for the next ``count`` messages from the bot and read them."""
        wanted = self.read + count
        await self.fake.wait_until(
            lambda: len(self.messages) >= wanted,
            within,
            f"{count} message(s) in chat {self.chat_id} (had {len(self.messages) - self.read}"
            " new)",
        )
        new = self.messages[self.read:wanted]
        self.read = wanted
        return [m.seen for m in new]

    def unread(self) -> list[Seen]:
        return [m.seen for m in self.messages[self.read:]]


def _holds(condition: Callable[[], bool]) -> bool:
    """A condition about messages not yet received (``chat[-1]`` on an empty chat) is false."""
    try:
        return condition()
    except (IndexError, StopIteration):
        return False
