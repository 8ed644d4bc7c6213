"""A staff member's event on the engine's path (``Engine.handle_staff``).

1. A read finds the ticket's person, whose lock it takes: a staff reply and the person's
   own message are handled one after the other, never both on the same old state.
2. One transaction claims the delivery id (in ``processed_deliveries``, as a person's
   event is), runs the staff flow, runs what the person's own flow must do about it (a
   closed conversation asks for a rating, an erasure), and queues every effect in the
   outbox. Nothing needs the network here: a file for the person is fetched by the sender.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine import DESK_CHANNEL, add_desk_effects, after_erasure
from flows.staff import flow
from flows.staff.context import DeskSetup, StaffContext, StaffOutcome, load
from flows.staff.event import Pressed, StaffEvent
from storage.privacy import Erasure
from storage.repositories import Repos

if TYPE_CHECKING:
    from bot.engine import Engine


async def handle_staff(engine: Engine, event: StaffEvent, setup: DeskSetup
                       ) -> StaffOutcome | None:
    async with engine.db.reading() as conn:
        _actor, _ticket, person = await load(Repos(conn), event, setup)
    # Without a person (General, an erased one) there is nobody's state to serialise.
    key = (person.channel, person.external_id) if person is not None \
        else (DESK_CHANNEL, f"{event.channel}:{event.delivery_id}")
    async with engine._lock_for(*key):
        done = await _run(engine, event, setup)
    if done is None:
        return None
    outcome, erasure = done
    if erasure is not None:
        await after_erasure(engine.db, erasure)
    return outcome


async def _run(engine: Engine, event: StaffEvent, setup: DeskSetup
               ) -> tuple[StaffOutcome, Erasure | None] | None:
    async with engine.db.transaction() as conn:
        repos = Repos(conn)
        now = engine.clock()
        if not await repos.deliveries.claim(event.channel, event.delivery_id, now):
            return None
        actor, ticket, person = await load(repos, event, setup)
        thread, group = event.where.thread, event.where.group
        if isinstance(event.act, Pressed) and ticket is not None:
            thread, group = ticket.topic_id, ticket.staff_chat_id  # the card's own topic
        ctx = StaffContext(repos, engine.profile, now, engine.renderer.text, setup, actor,
                           ticket, person, thread, group, user_id=event.actor.user_id)
        await flow.handle(ctx, event.act)
        erasure: Erasure | None = None
        for system in ctx.person_events:
            if person is not None and erasure is None:
                erasure = await engine.person_event(repos, person, system, now)
        await add_desk_effects(repos, ctx.for_staff, now)
    return ctx.outcome(), erasure
