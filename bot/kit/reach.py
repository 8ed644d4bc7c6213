"""A person who cannot be reached, for every channel: ``storage.reach``'s policy, with
the desk job that tells the staff (the one place that writes it)."""

from __future__ import annotations

from datetime import datetime

from bot.engine import add_desk_effects
from flows.staff.effects import PersonBlocked
from storage.reach import Unreached, Why, person_unreachable
from storage.repositories import Repos

__all__ = ["Why", "unreachable"]


async def tell_desk(repos: Repos, ticket_id: int, now: datetime) -> None:
    """Staff talking with the person should know their replies no longer arrive."""
    await add_desk_effects(repos, [PersonBlocked(ticket_id)], now)


async def unreachable(
    repos: Repos, channel: str, recipient: str, now: datetime, *, why: Why, reason: str,
    person_id: int | None = None,
) -> Unreached:
    return await person_unreachable(repos, channel, recipient, now, why=why, reason=reason,
                                    tell_desk=tell_desk, person_id=person_id)
