"""aiogram's HTTP session, keeping the answer types it builds.

aiogram reads every answer through ``Response[T]`` (``T`` the method's result type), a
pydantic generic class that pydantic caches only weakly: after a garbage collection the
class is gone and the next call builds it again, schema and all (tens of milliseconds,
in the middle of a burst of sends). This session keeps each one it has used.
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods.base import Response, TelegramMethod, TelegramType

_KEPT: dict[object, object] = {}


class KeepingSession(AiohttpSession):
    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in _KEPT:
            _KEPT[returning] = Response[returning]  # type: ignore[valid-type]
        return super().check_response(bot, method, status_code, content)


def kept_types() -> int:
    """How many answer types are kept (for tests and the bench)."""
    return len(_KEPT)
