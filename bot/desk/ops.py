"""The names of things in the staff group: topic names, icon colours, links, the card
buttons' callback data. (What the desk is asked to do: ``flows.staff.effects``.)"""

from __future__ import annotations

from bot.i18n import Renderer
from flows.profile import Profile
from storage.tickets import Ticket

TOPIC_NAME_LIMIT = 128
# Forum topic icon colours Telegram accepts.
ICON_BLUE = 7322096
ICON_RED = 16478047
URGENT_MARK = "⚠ "
SLA_MARK = "⏰ "
CALLBACK_PREFIX = "desk"


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
