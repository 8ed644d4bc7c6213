"""``carebot doctor``: before going live, check the configured environment and explain, one
line each with what to do, what would stop people or staff from being reached.

Every check is bounded in time and none changes anything at Telegram or Viber (they only
read: getMe, getWebhookInfo, getChat, getChatMember, get_account_info). What is not
configured is skipped with a line that says so. The exit status is 1 when something blocks
going live.

``carebot run`` logs the blocking findings of the cheap checks once at start
(:func:`log_blocking_problems`), without holding up the start.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TextIO

from bot.config import Settings
from bot.doctor.findings import Finding, Level, block
from bot.doctor.local import check_database, check_profile, check_public_url, check_timezones
from bot.doctor.telegram import check_telegram
from bot.doctor.viber import check_viber

__all__ = ["Finding", "Level", "diagnose", "doctor", "log_blocking_problems"]

log = logging.getLogger(__name__)
STARTUP_LIMIT = 15.0  # seconds, all start-up checks together


async def diagnose(settings: Settings, *, limit: float = 10.0, at_start: bool = False
                   ) -> list[Finding]:
    """Every finding, in the order an operator fixes things. ``at_start`` leaves out what
    ``carebot run`` is about to do itself (setting webhooks) or cannot know yet (whether its
    public URL reaches it)."""
    profile, profile_findings = check_profile(settings)
    telegram, viber = await asyncio.gather(
        check_telegram(settings, limit, webhook=not at_start),
        check_viber(settings, profile, limit),
    )
    findings = [*telegram, *viber, *profile_findings, *await check_database(settings),
                *check_timezones(profile)]
    if not settings.telegram_bot_token and not settings.viber_auth_token:
        findings.insert(0, block("Messengers", "neither TELEGRAM_BOT_TOKEN nor"
                                               " VIBER_AUTH_TOKEN is set: nobody can reach"
                                               " the bot"))
    if not at_start:
        findings += await check_public_url(settings, limit)
    return findings


async def doctor(settings: Settings, out: TextIO, *, limit: float = 10.0) -> int:
    findings = await diagnose(settings, limit=limit)
    for finding in findings:
        out.write(finding.line + "\n")
    blocking = sum(f.level is Level.BLOCK for f in findings)
    warnings = sum(f.level is Level.WARN for f in findings)
    if blocking:
        out.write(f"\n{blocking} problem(s) block going live; fix them and run carebot doctor"
                  " again.\n")
        return 1
    out.write(f"\nNothing blocks going live ({warnings} warning(s)).\n")
    return 0


async def log_blocking_problems(settings: Settings, *, limit: float = STARTUP_LIMIT
                                ) -> list[Finding]:
    """Log, once, what would keep the running bot from reaching people or staff."""
    try:
        findings = await asyncio.wait_for(
            diagnose(settings, limit=limit / 2, at_start=True), limit)
    except TimeoutError:
        log.warning("start-up checks took longer than %.0f s; run carebot doctor", limit)
        return []
    except Exception:  # a check that breaks must never stop the bot
        log.exception("start-up checks failed; run carebot doctor")
        return []
    blocking = [f for f in findings if f.level is Level.BLOCK]
    for finding in blocking:
        log.error("%s: %s", finding.topic, finding.text)
    if blocking:
        log.error("%d problem(s) above keep the bot from working fully; `carebot doctor`"
                  " explains them", len(blocking))
    return blocking
