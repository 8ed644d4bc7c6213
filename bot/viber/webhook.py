"""``POST /viber/webhook``: signed callbacks in, engine events out, 200 once committed.

Order matters: the signature is checked on the raw body before anything is parsed, so an
unsigned or forged call costs a hash and leaves no trace. Viber retries a callback that
was not answered 200 for about an hour; every message is de-duplicated by its
``message_token`` through the engine's delivery ids, and the answer goes out only after
the engine committed, so a crash in between means a retry, never a lost message.

A signed callback this bot cannot use (a field of the wrong shape) is answered 200 and
logged once: any other answer would only make Viber send it again for an hour.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from aiohttp import web

from bot.edge import BadJson, load_json, read_body
from bot.kit.reach import Why, unreachable
from bot.runtime import Runtime
from bot.viber import CHANNEL, convert
from bot.viber.transport import MAX_TEXT, message_payloads
from flows.messages import Inbound, Rendered
from storage.outbox_codec import PersonPayload
from storage.repositories import Repos

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Viber-Content-Signature"
# Media travel by URL, so the largest callback is a text of Viber's maximum 7,000
# characters, each written (by a client that escapes everything) as a 12-byte surrogate
# pair such as \ud83d\ude00, plus the envelope: the sender, the token, a tracking field.
ESCAPED_CHAR_BYTES = 12
ENVELOPE_BYTES = 16 * 1024
MAX_BODY = MAX_TEXT * ESCAPED_CHAR_BYTES + ENVELOPE_BYTES
REMEMBERED_REFUSALS = 1024

Handler = Callable[[dict[str, Any]], Awaitable[web.Response]]
_dumps = partial(json.dumps, ensure_ascii=False)


def sign(body: bytes, auth_token: str) -> str:
    """Viber's signature: hex HMAC-SHA256 of the raw body keyed with the auth token."""
    return hmac.new(auth_token.encode("utf-8"), body, hashlib.sha256).hexdigest()


def signature_ok(body: bytes, signature: str, auth_token: str) -> bool:
    # viberbot compares with ``==``; a constant-time comparison does not leak the prefix.
    given = signature.strip().lower().encode("utf-8", "replace")
    return hmac.compare_digest(sign(body, auth_token).encode("ascii"), given)


def merge(answer: tuple[PersonPayload, ...]) -> Rendered:
    """Viber takes a single welcome message, so the greeting and the menu become one."""
    said = [message for message in answer if isinstance(message, Rendered)]
    keyboard_from = next((r for r in reversed(said) if r.choices or r.ask_phone), None)
    text = "\n\n".join(r.text for r in said if r.text)
    return Rendered(
        text=text[:MAX_TEXT],
        choices=keyboard_from.choices if keyboard_from else (),
        share_phone=keyboard_from.share_phone if keyboard_from else None,
    )


class ViberWebhook:
    def __init__(self, runtime: Runtime, auth_token: str, sender: dict[str, str]) -> None:
        self.runtime = runtime
        self._token = auth_token
        self.sender = sender
        self._refused: OrderedDict[str, None] = OrderedDict()  # signatures logged
        self._handlers: dict[str, Handler] = {
            "conversation_started": self._conversation_started,
            "message": self._message,
            "subscribed": self._subscribed,
            "unsubscribed": self._unsubscribed,
            "delivered": self._delivered,
            "failed": self._failed,
        }

    async def handle(self, request: web.Request) -> web.Response:
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature:
            log.warning("viber webhook: call without a signature refused")
            raise web.HTTPForbidden(text="signature required")
        body = await read_body(request, MAX_BODY)
        if not signature_ok(body, signature, self._token):
            log.warning("viber webhook: call with a wrong signature refused")
            raise web.HTTPForbidden(text="bad signature")
        try:
            data = load_json(body)
        except BadJson as exc:
            log.warning("viber webhook: signed body refused: %s", exc)
            raise web.HTTPBadRequest(text="body is not usable JSON") from None
        if not isinstance(data, dict) or not isinstance(data.get("event"), str):
            raise web.HTTPBadRequest(text="not a Viber callback")
        handler = self._handlers.get(data["event"])
        if handler is None:  # seen, webhook, and events Viber adds later
            return web.Response(status=200)
        try:
            return await handler(data)
        except convert.MalformedCallback as exc:
            self._refuse_once(signature, data["event"], str(exc))
            return web.Response(status=200)

    def _refuse_once(self, signature: str, event: str, reason: str) -> None:
        """Log a callback that cannot be used once, however often Viber retries it."""
        key = signature.strip().lower()
        if key in self._refused:
            return
        self._refused[key] = None
        while len(self._refused) > REMEMBERED_REFUSALS:
            self._refused.popitem(last=False)
        log.warning("viber webhook: a %s callback that cannot be used was ignored: %s",
                    event, reason)

    async def _conversation_started(self, data: dict[str, Any]) -> web.Response:
        request = convert.parse(data)
        event = convert.conversation_started(request, convert.token_of(data))
        answer = await self.runtime.engine.handle_inline(event)
        if not answer.messages:  # a repeat of a call already answered
            return web.Response(status=200)
        payloads = message_payloads(merge(answer.messages), sender=self.sender)
        if not payloads:
            return web.Response(status=200)
        return web.json_response(payloads[0], dumps=_dumps)

    async def _message(self, data: dict[str, Any]) -> web.Response:
        request = convert.parse(data)
        event = convert.message(request, data, convert.token_of(data))
        await self.runtime.engine.handle(event)
        return web.Response(status=200)

    async def _subscribed(self, data: dict[str, Any]) -> web.Response:
        request = convert.parse(data)
        user_id = request.user.id
        if not isinstance(user_id, str) or not user_id:
            raise convert.MalformedCallback("no user id")
        engine = self.runtime.engine
        async with self.runtime.db.transaction() as conn:
            repos = Repos(conn)
            person = await repos.people.find(CHANNEL, user_id)
            if person is not None:
                await repos.people.touch(person.id, engine.clock())
        if person is None:
            # Subscribed from the bot's info screen without opening the chat first: the
            # greeting and the menu are what they would have seen.
            # Two people can subscribe in the same millisecond: the user is in the key.
            token = data.get("message_token")
            delivery = convert.delivery_id(
                "subscribed", f"{user_id}:{token or data.get('timestamp')}")
            language = request.user.language
            await engine.handle(
                Inbound(CHANNEL, user_id, delivery, text="/start",
                        language_hint=language if isinstance(language, str) else None)
            )
        return web.Response(status=200)

    async def _unsubscribed(self, data: dict[str, Any]) -> web.Response:
        request = convert.parse(data)
        user_id = request.user_id
        if not isinstance(user_id, str) or not user_id:
            raise convert.MalformedCallback("no user_id")
        async with self.runtime.db.transaction() as conn:
            await unreachable(Repos(conn), CHANNEL, user_id, self.runtime.engine.clock(),
                              why=Why.UNSUBSCRIBED, reason="unsubscribed")
        log.info("viber: a person unsubscribed")
        return web.Response(status=200)

    async def _delivered(self, data: dict[str, Any]) -> web.Response:
        convert.parse(data)
        token = convert.token_of(data)
        async with self.runtime.db.transaction() as conn:
            await Repos(conn).outbox.mark_delivered(CHANNEL, token, self.runtime.engine.clock())
        return web.Response(status=200)

    async def _failed(self, data: dict[str, Any]) -> web.Response:
        request = convert.parse(data)
        token = convert.token_of(data)
        reason = f"Viber failed: {request.desc}" if request.desc else "Viber failed"
        async with self.runtime.db.transaction() as conn:
            found = await Repos(conn).outbox.mark_failed_by_external_id(CHANNEL, token, reason)
        log.warning("viber: delivery failed for %s outbox row(s)", found)
        return web.Response(status=200)
