"""The one policy for a person who cannot be reached any more.

Telegram says so when a person blocks the bot (a ``my_chat_member`` update, or a 403 on a
send), Viber when they unsubscribe (a callback, or status 6 on a send). Whichever it was,
the same three things happen in the caller's transaction: the person is marked (blocked
or unsubscribed; their next message clears the mark), what was still queued for them is
cancelled (it would arrive stale if they ever come back), and when they were talking
with staff, the desk is told that its replies no longer arrive.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from storage.repositories import Repos

# Queues the staff's notice for a ticket (the bot knows how a desk job is written).
TellDesk = Callable[[Repos, int, datetime], Awaitable[object]]


class Why(StrEnum):
    BLOCKED = "blocked"  # Telegram: blocked the bot, or deleted their account
    UNSUBSCRIBED = "unsubscribed"  # Viber


@dataclass(frozen=True)
class Unreached:
    person_id: int | None
    cancelled: int  # queued messages cancelled
    newly: bool  # False when they were already marked (nothing told twice)
    ticket_id: int | None = None  # the open conversation with staff that was told


async def person_unreachable(
    repos: Repos,
    channel: str,
    recipient: str,
    now: datetime,
    *,
    why: Why,
    reason: str,
    tell_desk: TellDesk,
    person_id: int | None = None,
) -> Unreached:
    """Mark the person of ``channel``/``recipient`` (or ``person_id``), cancel their
    queue and tell the desk, once; ``reason`` goes into the cancelled rows."""
    person = (await repos.people.get(person_id) if person_id is not None
              else await repos.people.find(channel, recipient))
    cancelled = await repos.outbox.cancel_pending_for(channel, recipient, reason)
    if person is None:
        return Unreached(None, cancelled, newly=False)
    already = person.blocked if why is Why.BLOCKED else person.unsubscribed
    if why is Why.BLOCKED:
        await repos.people.mark_blocked(person.id, now)
    else:
        await repos.people.mark_unsubscribed(person.id, now)
    if already:
        return Unreached(person.id, cancelled, newly=False)
    ticket = await repos.tickets.open_handoff(person.id)
    if ticket is not None:
        await tell_desk(repos, ticket.id, now)
    return Unreached(person.id, cancelled, newly=True,
                     ticket_id=ticket.id if ticket else None)
