"""Desk jobs and the names of things in the staff group.

A desk job is an outbox row of the ``desk`` channel whose payload is ``{"op": ..., ...}``;
the flows add some (``ticket_opened``, ``person_message``, ``alert``, ``ticket_closed``),
the staff handler and the SLA watch add the others. The desk's transport turns each into
Bot API calls in the staff group.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.engine import DESK_CHANNEL, DESK_RECIPIENT
from bot.i18n import Renderer
from flows.profile import Profile
from storage.repositories import Repos
from storage.tickets import Ticket

TOPIC_NAME_LIMIT = 128
# Forum topic icon colours Telegram accepts.
ICON_BLUE = 7322096
ICON_RED = 16478047
URGENT_MARK = "⚠ "
SLA_MARK = "⏰ "
CALLBACK_PREFIX = "desk"


async def add_op(repos: Repos, now: datetime, op: str, **fields: Any) -> int:
    """Queue one desk job in the caller's transaction."""
    return await repos.outbox.add(person_id=None, channel=DESK_CHANNEL,
                                  recipient=DESK_RECIPIENT, payload={"op": op, **fields},
                                  now=now)


async def add_post(
    repos: Repos, now: datetime, text: str, *, thread: int | None = None,
    ticket: int | None = None, group: int | None = None,
) -> int:
    """A message in a topic (``thread``) or in General (None) of the staff group
    ``group`` (None: the default one); ``ticket`` lets the desk recreate the topic if it
    was deleted in the meantime (in the ticket's own group)."""
    fields: dict[str, Any] = {"group": group} if group is not None else {}
    return await add_op(repos, now, "post", thread=thread, text=text, ticket=ticket,
                        **fields)


def topic_name(ticket: Ticket, profile: Profile, renderer: Renderer, locale: str) -> str:
    """``⚠ #12 · General questions · uk · viber · Tbilisi``, at most 128 characters."""
    queue = profile.queue(ticket.queue)
    parts = [
        f"#{ticket.id}",
        renderer.text(queue.name.text, locale) if queue else ticket.queue,
        ticket.locale,
        ticket.channel or "—",
    ]
    centre = profile.centre(ticket.centre) if ticket.centre else None
    if centre is not None:
        parts.append(renderer.text(centre.city.text, locale))
    elif ticket.centre:
        parts.append(ticket.centre)
    marks = ""
    if ticket.urgent and not ticket.false_positive:
        marks += URGENT_MARK
    if ticket.sla_breached_at is not None and ticket.first_response_at is None:
        marks += SLA_MARK
    name = marks + " · ".join(parts)
    return name if len(name) <= TOPIC_NAME_LIMIT else name[: TOPIC_NAME_LIMIT - 1] + "…"


def icon_color(ticket: Ticket) -> int:
    return ICON_RED if ticket.urgent or ticket.kind == "safeguarding" else ICON_BLUE


def topic_link(chat_id: int, thread: int | None) -> str | None:
    """A t.me link to a topic of a supergroup (ids look like -100XXXXXXXXXX)."""
    text = str(chat_id)
    if thread is None or not text.startswith("-100"):
        return None
    return f"https://t.me/c/{text.removeprefix('-100')}/{thread}"


def callback_data(action: str, ticket_id: int) -> str:
    return f"{CALLBACK_PREFIX}:{action}:{ticket_id}"


def parse_callback(data: str | None) -> tuple[str, int] | None:
    """``"desk:claim:12"`` → ``("claim", 12)``; None for anything else."""
    if not data:
        return None
    prefix, _, rest = data.partition(":")
    action, _, number = rest.partition(":")
    if prefix != CALLBACK_PREFIX or not action or not number.isdigit():
        return None
    return action, int(number)
