"""A fake Viber REST API on 127.0.0.1, and signed callbacks in Viber's real shapes.

The fake answers like chatapi.viber.com/pa: HTTP 200 with ``{"status": 0, ...}`` or a
non-zero status and its ``status_message``; a wrong ``X-Viber-Auth-Token`` gets status 2.
It records every call so a test can assert what a person would have seen, and can answer
status 12 (too many requests), status 6 (not subscribed) or a 5xx for the next calls.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

TOKEN = "4b0d2c8e1a7f3e95-5c1d8a7b6e2f9a03-9d7e6c5b4a3f2e1d"
OTHER_TOKEN = "7a1c9e3b5d2f4a60-8e2d1c4b7a9f3e05-1f2e3d4c5b6a7980"

WAIT = 30.0  # seconds a test waits for something to arrive before failing
DEFAULT_EVENT_TYPES = ["delivered", "seen", "failed", "subscribed", "unsubscribed",
                       "conversation_started"]
BUTTON_ACTIONS = {"reply", "open-url", "location-picker", "share-phone", "none"}
_tokens = itertools.count(5_123_456_789_012_345_678, 7919)


def next_message_token() -> int:
    """Viber's message tokens are 64-bit integers."""
    return next(_tokens)


@dataclass
class Call:
    method: str
    body: dict[str, Any]
    auth_token: str | None
    answer: dict[str, Any]


class FakeViberApi:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.unsubscribed: set[str] = set()
        self._throttle = 0
        self._server_errors: list[int] = []
        self._runner: web.AppRunner | None = None
        self.url = ""
        self._changed = asyncio.Condition()
        # Like Viber, set_webhook first calls the webhook with a signed "webhook" event and
        # succeeds only if it answers 200; the public URL of a test stands for this one.
        self.webhook_target: str | None = None
        # What get_account_info reports; set_webhook sets the webhook.
        self.account_name = "carebot test"
        self.webhook_url = ""
        self.event_types: list[str] = []

    # -- control -----------------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[union-attr]
        port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def throttle_next(self, calls: int) -> None:
        """Answer the next ``calls`` send_message calls with status 12."""
        self._throttle = calls

    def fail_next(self, calls: int, http_status: int = 502) -> None:
        """Answer the next ``calls`` calls with an HTTP error page."""
        self._server_errors += [http_status] * calls

    # -- what was seen -----------------------------------------------------------------

    @property
    def sent(self) -> list[dict[str, Any]]:
        """Bodies of the send_message calls Viber accepted, in order."""
        return [c.body for c in self.calls if c.method == "send_message"
                and c.answer.get("status") == 0]

    def sent_to(self, receiver: str) -> list[dict[str, Any]]:
        return [body for body in self.sent if body.get("receiver") == receiver]

    @property
    def webhooks(self) -> list[dict[str, Any]]:
        return [c.body for c in self.calls if c.method == "set_webhook"
                and c.answer.get("status") == 0]

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, receiver: str, count: int) -> list[dict[str, Any]]:
        """Wait (up to WAIT seconds) until ``receiver`` got at least ``count`` messages;
        return all of them."""
        async with asyncio.timeout(WAIT), self._changed:
            await self._changed.wait_for(lambda: len(self.sent_to(receiver)) >= count)
        return self.sent_to(receiver)

    async def wait_for_call(self, method: str) -> Call:
        async with asyncio.timeout(WAIT), self._changed:
            await self._changed.wait_for(lambda: bool(self.calls_to(method)))
        return self.calls_to(method)[-1]

    # -- the API -----------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if self._server_errors:
            return web.Response(status=self._server_errors.pop(0), text="Bad Gateway")
        auth = request.headers.get("X-Viber-Auth-Token")
        try:
            body = json.loads(await request.read())
        except ValueError:
            body = None
        if not isinstance(body, dict):
            answer: dict[str, Any] = {"status": 3, "status_message": "badData"}
            body = {}
        elif auth != self.token:
            answer = {"status": 2, "status_message": "invalidAuthToken"}
        elif method == "send_message":
            answer = self._send_message(body)
        elif method == "set_webhook":
            answer = await self._set_webhook(body)
        elif method == "get_account_info":
            answer = self._account_info()
        else:
            answer = {"status": 999, "status_message": f"unknown method {method}"}
        async with self._changed:
            self.calls.append(Call(method, body, auth, answer))
            self._changed.notify_all()
        return web.json_response(answer)

    def _account_info(self) -> dict[str, Any]:
        """As Viber describes the bot account: the webhook is the last one set ("" when
        none), with the event types it was set for."""
        return {
            "status": 0, "status_message": "ok", "id": "pa:75346594275468546724",
            "chat_hostname": "SN-CHAT-05_", "name": self.account_name, "uri": "carebot-test",
            "icon": "https://media-direct.cdn.viber.com/pg_download?id=0123", "background":
            "https://media-direct.cdn.viber.com/pg_download?id=4567", "category": "Education",
            "subcategory": "Social services", "location": {"lon": 44.79, "lat": 41.71},
            "country": "GE", "webhook": self.webhook_url, "event_types": self.event_types,
            "subscribers_count": 0,
            "members": [{"id": "01234567890A=", "name": "Admin", "role": "admin",
                         "avatar": "https://media-direct.cdn.viber.com/a.jpg"}],
        }

    def _send_message(self, body: dict[str, Any]) -> dict[str, Any]:
        problem = validate_message(body)
        if problem:
            return {"status": 3, "status_message": f"badData: {problem}"}
        if self._throttle:
            self._throttle -= 1
            return {"status": 12, "status_message": "tooManyRequests"}
        if body["receiver"] in self.unsubscribed:
            return {"status": 6, "status_message": "receiverNotSubscribed"}
        return {"status": 0, "status_message": "ok", "message_token": next_message_token(),
                "chat_hostname": "SN-CHAT-05_", "billing_status": 1}

    async def _set_webhook(self, body: dict[str, Any]) -> dict[str, Any]:
        url = body.get("url")
        if not isinstance(url, str) or not url.startswith("https://"):
            return {"status": 1, "status_message": "invalidUrl"}
        if self.webhook_target is not None:
            check = signed({"event": "webhook", "timestamp": _now_ms(),
                            "chat_hostname": "SN-platform-01",
                            "message_token": next_message_token()}, self.token)
            async with aiohttp.ClientSession() as http, http.post(
                self.webhook_target, data=check.body, headers=check.headers
            ) as response:
                if response.status != 200:
                    return {"status": 1, "status_message":
                            f"Result[HttpRequest[POST / HTTP/1.1]] failed: {response.status}"}
        self.webhook_url = url
        self.event_types = list(body.get("event_types") or DEFAULT_EVENT_TYPES)
        return {"status": 0, "status_message": "ok", "chat_hostname": "SN-platform-01",
                "event_types": body.get("event_types") or []}


def validate_message(body: dict[str, Any]) -> str | None:
    """What the real API checks and a mistake here would hit: None when acceptable."""
    if not isinstance(body.get("receiver"), str) or not body["receiver"]:
        return "receiver"
    sender = body.get("sender")
    if not isinstance(sender, dict) or not sender.get("name") or len(sender["name"]) > 28:
        return "sender.name"
    return validate_content(body)


def validate_content(body: dict[str, Any]) -> str | None:
    """Checks shared by send_message and the conversation_started answer."""
    keyboard = body.get("keyboard")
    if body.get("type") == "text":
        text = body.get("text")
        if not isinstance(text, str) or not text or len(text) > 7000:
            return "text"
    elif body.get("type") in ("picture", "video", "file"):
        media = body.get("media")
        if not isinstance(media, str) or not media.startswith(("http://", "https://")):
            return "media"
        if body["type"] != "picture" and not isinstance(body.get("size"), int):
            return "size"
        if body["type"] == "file" and not body.get("file_name"):
            return "file_name"
        if len(str(body.get("text") or "")) > 768:
            return "text"
    elif body.get("type") is not None or keyboard is None:
        return "type"
    if keyboard is not None:
        if keyboard.get("Type") != "keyboard" or not keyboard.get("Buttons"):
            return "keyboard"
        for button in keyboard["Buttons"]:
            if not 1 <= button.get("Columns", 6) <= 6 or not 1 <= button.get("Rows", 1) <= 2:
                return "keyboard.Columns/Rows"
            if button.get("ActionType", "reply") not in BUTTON_ACTIONS:
                return "keyboard.ActionType"
            if not button.get("ActionBody"):
                return "keyboard.ActionBody"
            if button.get("ActionType") == "share-phone" and body.get("min_api_version", 1) < 3:
                return "min_api_version"
    return None


# -- signed callbacks ----------------------------------------------------------------------


def sign(body: bytes, token: str = TOKEN) -> str:
    return hmac.new(token.encode(), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Callback:
    data: dict[str, Any]
    body: bytes
    headers: dict[str, str]


def signed(data: dict[str, Any], token: str = TOKEN) -> Callback:
    body = json.dumps(data, ensure_ascii=False).encode()
    return Callback(data, body, {"X-Viber-Content-Signature": sign(body, token),
                                 "Content-Type": "application/json"})


def _now_ms() -> int:
    return int(time.time() * 1000)


def user(
    user_id: str,
    *,
    name: str = "Ona",
    language: str = "lt",
    country: str = "LT",
    api_version: int = 10,
) -> dict[str, Any]:
    return {
        "id": user_id,
        "name": name,
        "avatar": f"https://media-direct.cdn.viber.com/download_photo?dlid={user_id[:6]}",
        "language": language,
        "country": country,
        "api_version": api_version,
    }


def conversation_started(
    who: dict[str, Any], *, context: str | None = None, subscribed: bool = False,
    message_token: int | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "event": "conversation_started",
        "timestamp": _now_ms(),
        "chat_hostname": "SN-376_",
        "message_token": message_token or next_message_token(),
        "type": "open",
        "user": who,
        "subscribed": subscribed,
    }
    if context is not None:
        data["context"] = context
    return data


def subscribed(who: dict[str, Any]) -> dict[str, Any]:
    return {"event": "subscribed", "timestamp": _now_ms(), "chat_hostname": "SN-376_",
            "user": who, "message_token": next_message_token()}


def unsubscribed(user_id: str) -> dict[str, Any]:
    return {"event": "unsubscribed", "timestamp": _now_ms(), "chat_hostname": "SN-376_",
            "user_id": user_id, "message_token": next_message_token()}


def delivered(message_token: int | str, user_id: str) -> dict[str, Any]:
    return {"event": "delivered", "timestamp": _now_ms(), "chat_hostname": "SN-376_",
            "message_token": int(message_token), "user_id": user_id}


def failed(message_token: int | str, user_id: str, desc: str = "receiver is inactive"
           ) -> dict[str, Any]:
    return {"event": "failed", "timestamp": _now_ms(), "chat_hostname": "SN-376_",
            "message_token": int(message_token), "user_id": user_id, "desc": desc}


def seen(message_token: int | str, user_id: str) -> dict[str, Any]:
    return {"event": "seen", "timestamp": _now_ms(), "chat_hostname": "SN-376_",
            "message_token": int(message_token), "user_id": user_id}


def message(
    who: dict[str, Any], content: dict[str, Any], *, message_token: int | None = None
) -> dict[str, Any]:
    return {
        "event": "message",
        "timestamp": _now_ms(),
        "chat_hostname": "SN-376_",
        "message_token": message_token or next_message_token(),
        "sender": who,
        "message": content,
        "silent": False,
    }


def text(value: str) -> dict[str, Any]:
    return {"type": "text", "text": value}


MEDIA = "https://dl-media.viber.com/5/media/2/short/any/sig"


def picture(media: str = f"{MEDIA}/image/0x0/95e0/IMG_0001.jpg") -> dict[str, Any]:
    return {"type": "picture", "text": "", "media": media, "thumbnail": media,
            "file_name": "IMG_0001.jpg", "size": 48213}


def video(media: str = f"{MEDIA}/video/0x0/2f1e/VID_0001.mp4") -> dict[str, Any]:
    return {"type": "video", "media": media, "thumbnail": media + ".jpg", "size": 1024000,
            "duration": 12}


def file(media: str = f"{MEDIA}/file/0/48c2/report.pdf") -> dict[str, Any]:
    return {"type": "file", "media": media, "size": 20480, "file_name": "report.pdf"}


def sticker(sticker_id: int = 46105) -> dict[str, Any]:
    return {"type": "sticker", "sticker_id": sticker_id,
            "media": f"https://viber.com/stickers/{sticker_id}.png"}


def contact(phone_number: str = "+37061234567", name: str = "Ona") -> dict[str, Any]:
    return {"type": "contact", "contact": {"name": name, "phone_number": phone_number,
                                           "avatar": None}}


def location(lat: float = 54.6872, lon: float = 25.2797) -> dict[str, Any]:
    return {"type": "location", "location": {"lat": lat, "lon": lon,
                                             "address": "Gedimino pr. 1, Vilnius"}}


def url(media: str = "https://www.example.org/fostering") -> dict[str, Any]:
    return {"type": "url", "media": media}
