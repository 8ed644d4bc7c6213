"""The doctor's Viber checks: the account (get_account_info), its webhook as Viber sees it,
and the sender name people will see."""

from __future__ import annotations

import asyncio

from bot.config import Settings
from bot.doctor.findings import Finding, block, ok, skip, warn
from bot.sender import RetryLater
from flows.profile import Profile

TOPIC, WEBHOOK, SENDER = "Viber", "Viber webhook", "Viber sender"
STATUS_INVALID_TOKEN = 2


def sender_name(settings: Settings, profile: Profile | None) -> str | None:
    if settings.viber_bot_name:
        return settings.viber_bot_name
    if profile is None:
        return None
    agency = profile.agency
    return agency.name.root.get(agency.default_locale) or next(iter(agency.name.root.values()))


async def check_viber(settings: Settings, profile: Profile | None, limit: float
                      ) -> list[Finding]:
    token = settings.viber_auth_token
    if not token:
        return [skip(TOPIC, "VIBER_AUTH_TOKEN is not set: the bot is not on Viber")]
    from bot.viber import WEBHOOK_PATH
    from bot.viber.transport import MAX_SENDER_NAME, ViberApi

    api = ViberApi(settings.viber_api_base, token)
    try:
        answer = await asyncio.wait_for(api.call("get_account_info", {}), limit)
    except (RetryLater, TimeoutError) as exc:
        reason = "no answer in time" if isinstance(exc, TimeoutError) else str(exc)
        return [block(TOPIC, f"cannot reach {settings.viber_api_base} ({reason}): check this"
                             " server's internet connection, proxy and firewall")]
    finally:
        await api.close()
    status = answer.get("status")
    if status == STATUS_INVALID_TOKEN:
        return [block(TOPIC, "Viber refuses VIBER_AUTH_TOKEN (invalidAuthToken): copy it"
                             " again from the bot's page at partners.viber.com")]
    if status != 0:
        return [block(TOPIC, f"get_account_info answered status {status}"
                             f" ({answer.get('status_message', '')})")]
    findings = [ok(TOPIC, f"the token works: this is the account “{answer.get('name', '')}”"
                          f" ({answer.get('uri', '')})")]
    current = str(answer.get("webhook") or "")
    if not settings.webhook_base_url:
        findings.append(block(WEBHOOK, "Viber delivers messages only to a webhook: set"
                                       " WEBHOOK_BASE_URL (this server's public https"
                                       " address) and WEBHOOK_SECRET"))
    else:
        expected = settings.webhook_base_url + WEBHOOK_PATH
        if current == expected:
            findings.append(ok(WEBHOOK, f"Viber delivers to {current}"))
        elif not current:
            findings.append(warn(WEBHOOK, f"no webhook is set yet: carebot run registers"
                                          f" {expected} when it starts (Viber calls it"
                                          " then, so the public URL must work)"))
        else:
            findings.append(warn(WEBHOOK, f"Viber delivers to {current}, not {expected}:"
                                          " carebot run registers its own at start"))
    name = sender_name(settings, profile)
    if name is not None and len(name) > MAX_SENDER_NAME:
        findings.append(warn(SENDER, f"“{name}” has {len(name)} characters and Viber shows"
                                     f" at most {MAX_SENDER_NAME}, so people will see"
                                     f" “{name[:MAX_SENDER_NAME]}”: set VIBER_BOT_NAME to a"
                                     " shorter name"))
    elif name is not None:
        findings.append(ok(SENDER, f"people see messages from “{name}”"))
    return findings
