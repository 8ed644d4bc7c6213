"""The doctor's Telegram checks: the token (getMe), the webhook as Telegram sees it
(getWebhookInfo) and the staff group (getChat, getChatMember)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from typing import TYPE_CHECKING, TypeVar

from bot.config import ConfigError, Settings
from bot.doctor.findings import Finding, block, ok, skip, warn

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.types import User

# aiogram takes seconds to import: a bot that is not on Telegram never loads it, so the
# checks below import what they catch when they run.

TOKEN, WEBHOOK, GROUP = "Telegram", "Telegram webhook", "Staff group"
MANY_PENDING = 100  # updates waiting at Telegram: the bot has not been fetching them
NEEDED_RIGHTS = {"can_manage_topics": "Manage Topics", "can_pin_messages": "Pin Messages"}

T = TypeVar("T")


async def _bounded(call: Awaitable[T], limit: float) -> T:
    return await asyncio.wait_for(call, limit)


def _reason(exc: BaseException, token: str) -> str:
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return str(text).replace(token, "<token>")


async def check_telegram(settings: Settings, limit: float, *, webhook: bool = True
                         ) -> list[Finding]:
    token = settings.telegram_bot_token
    if not token:
        return [skip(TOKEN, "TELEGRAM_BOT_TOKEN is not set: the bot is not on Telegram"),
                skip(GROUP, "needs TELEGRAM_BOT_TOKEN: no staff desk")]
    from bot.telegram.channel import make_bot

    try:
        bot = make_bot(token, settings.telegram_api_base)
    except ConfigError as exc:
        return [block(TOKEN, str(exc).removeprefix("Bad configuration: ")
                      + ": copy it again from @BotFather")]
    try:
        me, found = await _token(bot, settings, limit)
        if me is None:
            return [found, skip(GROUP, "not checked: the token does not work")]
        findings = [found]
        if webhook:
            findings += await _webhook(bot, settings, limit)
        findings.append(await _staff_group(bot, me, settings, limit))
        return findings
    finally:
        await bot.session.close()


async def _token(bot: Bot, settings: Settings, limit: float) -> tuple[User | None, Finding]:
    from aiogram.exceptions import (
        ClientDecodeError,
        TelegramAPIError,
        TelegramNetworkError,
        TelegramNotFound,
        TelegramUnauthorizedError,
    )

    token = settings.telegram_bot_token or ""
    try:
        me = await _bounded(bot.get_me(), limit)
    except (TelegramUnauthorizedError, TelegramNotFound):
        return None, block(TOKEN, "Telegram refuses TELEGRAM_BOT_TOKEN (Unauthorized): copy"
                                  " the token again from @BotFather (/mybots → API Token)")
    except (TelegramNetworkError, TimeoutError, OSError) as exc:
        return None, block(TOKEN, f"cannot reach {settings.telegram_api_base}"
                                  f" ({_reason(exc, token)}): check this server's internet"
                                  " connection, proxy and firewall")
    except (TelegramAPIError, ClientDecodeError) as exc:
        return None, block(TOKEN, f"getMe failed: {_reason(exc, token)}")
    return me, ok(TOKEN, f"the token works: this is @{me.username}")


async def _webhook(bot: Bot, settings: Settings, limit: float) -> list[Finding]:
    from aiogram.exceptions import ClientDecodeError, TelegramAPIError

    from bot.telegram.channel import WEBHOOK_PATH

    try:
        info = await _bounded(bot.get_webhook_info(), limit)
    except (TelegramAPIError, ClientDecodeError, TimeoutError, OSError) as exc:
        return [warn(WEBHOOK, "getWebhookInfo failed:"
                              f" {_reason(exc, settings.telegram_bot_token or '')}")]
    pending = info.pending_update_count
    waiting = f"{pending} update(s) waiting"
    findings: list[Finding] = []
    expected = settings.webhook_base_url + WEBHOOK_PATH if settings.webhook_base_url else None
    if expected is None:
        if info.url:
            findings.append(warn(WEBHOOK, f"Telegram delivers to {info.url}, but"
                                          " WEBHOOK_BASE_URL is not set: carebot run will"
                                          " remove that webhook and use long polling"))
        else:
            findings.append(ok(WEBHOOK, f"long polling (WEBHOOK_BASE_URL is not set),"
                                        f" {waiting}; fine for a small service, a webhook"
                                        " is better for production"))
    elif info.url == expected:
        findings.append(ok(WEBHOOK, f"Telegram delivers to {info.url}, {waiting}"))
    elif not info.url:
        findings.append(warn(WEBHOOK, f"no webhook is set yet: carebot run sets {expected}"
                                      " when it starts"))
    else:
        findings.append(warn(WEBHOOK, f"Telegram delivers to {info.url}, not {expected}:"
                                      " carebot run sets its own at start; if another"
                                      " server uses this token, stop it"))
    if info.last_error_date is not None and info.url:
        ago = max(0, int(time.time() - info.last_error_date.timestamp()))
        findings.append(warn(WEBHOOK, f"Telegram's last delivery failed {_ago(ago)} ago:"
                                      f" {info.last_error_message or 'no reason given'};"
                                      " check that the public URL reaches carebot"))
    if pending > MANY_PENDING:
        findings.append(warn(WEBHOOK, f"{pending} updates are waiting at Telegram: people"
                                      " wrote and the bot has not received it yet"))
    return findings


def _ago(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


async def _staff_group(bot: Bot, me: User, settings: Settings, limit: float) -> Finding:
    from aiogram.exceptions import (
        ClientDecodeError,
        TelegramAPIError,
        TelegramBadRequest,
        TelegramForbiddenError,
    )
    from aiogram.types import ChatMemberAdministrator

    chat_id = settings.staff_chat_id
    if chat_id is None:
        return skip(GROUP, "STAFF_CHAT_ID is not set: no staff desk, so nobody sees people"
                           " who ask for a person (README: The staff desk)")
    if chat_id > 0:
        return block(GROUP, f"STAFF_CHAT_ID {chat_id} is a person's or bot's id, not a"
                            " group's: a forum supergroup's id starts with -100")
    if not str(chat_id).startswith("-100"):
        return block(GROUP, f"STAFF_CHAT_ID {chat_id} is a basic group: turn Topics on in"
                            " the group's settings (it becomes a supergroup with a new id"
                            " that starts with -100) and use that id")
    token = settings.telegram_bot_token or ""
    try:
        chat = await _bounded(bot.get_chat(chat_id), limit)
        member = await _bounded(bot.get_chat_member(chat_id, me.id), limit)
    except TelegramForbiddenError:
        return block(GROUP, f"the bot is not a member of group {chat_id}: add it to the"
                            " group and make it an administrator")
    except TelegramBadRequest as exc:
        return block(GROUP, f"Telegram knows no group {chat_id} for this bot"
                            f" ({_reason(exc, token)}): check STAFF_CHAT_ID and that the bot"
                            " was added to the group")
    except (TelegramAPIError, ClientDecodeError, TimeoutError, OSError) as exc:
        return block(GROUP, f"could not look at group {chat_id}: {_reason(exc, token)}")
    title = f"“{chat.title}”" if chat.title else str(chat_id)
    if chat.type != "supergroup" or not chat.is_forum:
        return block(GROUP, f"{title} is not a forum: in the group's settings, Edit → turn"
                            " Topics on (every ticket gets its own topic)")
    if not isinstance(member, ChatMemberAdministrator):
        return block(GROUP, f"the bot is only a {member.status} of {title}: make it an"
                            " administrator with Manage Topics and Pin Messages")
    missing = [label for right, label in NEEDED_RIGHTS.items() if not getattr(member, right)]
    if missing:
        return block(GROUP, f"the bot may not {' or '.join(missing)} in {title}: group"
                            " settings → Administrators → the bot → turn on "
                            + " and ".join(missing))
    return ok(GROUP, f"{title} is a forum and the bot is an administrator who can manage"
                     " topics and pin messages")
