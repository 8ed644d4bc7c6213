"""The retention rule (art. 5(1)(e)), applied daily by the scheduler and by hand with
``carebot privacy purge``:

- a person whose last contact is older than ``data_retention_days`` is erased completely,
  exactly as if they had asked (reason "retention", no message to them);
- a closed ticket older than ``closed_ticket_days`` goes with its notes and its topic;
- outbox rows that are no longer pending, delivery records, finished jobs: after
  ``outbox_text_days``; expired file links at once.

Only counts are reported, never anything about a person.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from bot.engine import Engine, add_desk_effects
from flows.messages import Inbound
from flows.staff.effects import TicketErased
from storage import privacy
from storage.repositories import Repos

log = logging.getLogger(__name__)


def limits_at(engine: Engine, as_of: datetime) -> privacy.Limits:
    agency = engine.profile.agency
    return privacy.Limits(
        last_seen_before=as_of - timedelta(days=agency.data_retention_days),
        closed_before=as_of - timedelta(days=agency.closed_ticket_days),
        outbox_before=as_of - timedelta(days=agency.outbox_text_days),
    )


async def purge(engine: Engine, as_of: datetime | None = None, *,
                dry_run: bool = False) -> dict[str, int]:
    """Apply the rule as of ``as_of`` (now by default); what went (or would go)."""
    now = engine.clock()
    limits = limits_at(engine, as_of or now)
    async with engine.db.reading() as conn:
        found = await privacy.expired(conn, limits, now)
    counts = found.counts()
    if dry_run:
        return counts
    for person_id in found.people:
        async with engine.db.reading() as conn:
            address = await privacy.person_address(conn, person_id)
        if address is not None:
            await engine.handle(Inbound(address[0], address[1], f"retention:{uuid.uuid4()}",
                                        system="erase:retention"))
    async with engine.db.transaction() as conn:
        repos = Repos(conn)
        # Tickets of the people just erased are gone already; the rest are closed ones.
        still = await privacy.expired(conn, limits, now)
        for ticket in still.closed_tickets:
            if ticket.topic_id is None:
                continue  # never reached the staff group: nothing to delete there
            await add_desk_effects(repos, [TicketErased(
                ticket.id, ticket.topic_id, ticket.card_message_id, ticket.staff_chat_id,
                "retention")], now)
        await privacy.apply_expiry(conn, still, limits, now)
    await engine.db.checkpoint()
    log.info("retention: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
    engine.committed.set()
    return counts
