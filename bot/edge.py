"""What a webhook client sends, made safe before anything else reads it.

A body is read against a size cap and a deadline, so a client that trickles it cannot
hold a connection open; JSON is refused when it nests deeper, or holds more arrays and
objects, than any real update does (both checks are scans of the bytes in C before the
parser runs, so 5,000 levels cost milliseconds, not a ``RecursionError``); and lone
UTF-16 surrogates, which JSON's ``\\u`` escapes can carry but UTF-8 (and so the
database) cannot, become U+FFFD.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

# Telegram's deepest update (a reply inside a message with an inline keyboard) nests
# about a dozen levels and Viber's callbacks half that; nothing genuine comes near this.
MAX_JSON_DEPTH = 64
# A long message with an entity per word, quoting another such message, has a few
# thousand arrays and objects; this bounds what parsing one body can cost.
MAX_JSON_CONTAINERS = 20_000
BODY_TIMEOUT = 10.0  # seconds for the whole body, once the headers have arrived
BODY_TIMEOUT_KEY = web.AppKey("body_timeout", float)

_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_ONE_KIND = bytes.maketrans(b"{}", b"[]")  # a mismatch is the parser's to refuse
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class BadJson(ValueError):
    """The body is not JSON this bot will parse (not UTF-8, not JSON, too deep or too
    many containers)."""


def brackets_of(body: bytes) -> bytes:
    """The brackets of a JSON text outside its strings, all as ``[`` and ``]``."""
    unescaped = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside_strings = b"".join(unescaped.split(b'"')[::2])
    return outside_strings.translate(_ONE_KIND, _NOT_BRACKETS)


def nesting_within(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when the brackets of this JSON text nest at most ``limit`` deep.

    Escaped backslashes and quotes are dropped first, so every quote left opens or
    closes a string; what is outside strings is kept, and of that only the brackets,
    as one kind. Each round then removes every innermost pair, which lowers the deepest
    nesting by one: what is left after ``limit`` rounds nests deeper (or does not
    match, which the parser refuses anyway). A run of more than ``limit`` openers ends
    it early. Every step is a scan in C, and there are at most ``limit`` rounds.
    """
    return _nesting_within(brackets_of(body), limit)


def _nesting_within(brackets: bytes, limit: int) -> bool:
    if brackets.count(b"[") <= limit:
        return True
    too_deep = b"[" * (limit + 1)
    for _round in range(limit):
        if not brackets:
            return True
        if too_deep in brackets:
            return False
        brackets = brackets.replace(b"[]", b"")
    return not brackets


def load_json(body: bytes) -> Any:
    """Parse a webhook body; raises ``BadJson``. Strings come back valid for UTF-8."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadJson("not UTF-8") from None
    brackets = brackets_of(body)
    if brackets.count(b"[") > MAX_JSON_CONTAINERS:
        raise BadJson(f"more than {MAX_JSON_CONTAINERS} arrays and objects")
    if not _nesting_within(brackets, MAX_JSON_DEPTH):
        raise BadJson(f"nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise BadJson("not JSON") from None
    if _SURROGATE_ESCAPE.search(body):
        data = without_surrogates(data)
    return data


def without_surrogates(value: Any) -> Any:
    """The same JSON value with every lone surrogate replaced by U+FFFD (depth is
    bounded by ``MAX_JSON_DEPTH``, so the recursion is too)."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {without_surrogates(k): without_surrogates(v) for k, v in value.items()}
    return value


async def read_body(request: web.Request, limit: int) -> bytes:
    """The raw body within ``limit`` bytes and the app's body timeout.

    Raises 413 for a longer body and 408 for one that does not arrive in time (the
    connection is closed either way); a client that disconnects half-way gets nothing
    and leaves one debug line, not a traceback.
    """
    if request.content_length is not None and request.content_length > limit:
        raise _closing(web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=0,
                                                     text="body too large"))
    timeout = request.config_dict.get(BODY_TIMEOUT_KEY, BODY_TIMEOUT)
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout):
            async for chunk in request.content.iter_chunked(16 * 1024):
                size += len(chunk)
                if size > limit:
                    raise _closing(web.HTTPRequestEntityTooLarge(
                        max_size=limit, actual_size=size, text="body too large"))
                chunks.append(chunk)
    except TimeoutError:
        log.info("%s: the body did not arrive within %.0f s; connection closed",
                 request.path, timeout)
        raise _closing(web.HTTPRequestTimeout(text="body too slow")) from None
    except (ConnectionError, web.RequestPayloadError) as exc:
        log.debug("%s: the client went away before its body was complete (%s)",
                  request.path, type(exc).__name__)
        raise ClientGone() from None
    return b"".join(chunks)


class ClientGone(web.HTTPBadRequest):
    """The client went away before its body was complete (nobody reads the answer)."""

    def __init__(self) -> None:
        super().__init__(text="incomplete body", headers={"Connection": "close"})


def _closing(error: web.HTTPException) -> web.HTTPException:
    error.headers["Connection"] = "close"
    return error
