"""``/erase`` in a ticket's topic: a supervisor erases everything about the ticket's person.

The first ``/erase`` explains and asks for ``/erase yes``. The erasure itself is an engine
event (``erase:staff:<id>``) with a delivery id made from the update's, so a redelivered
update erases nothing twice; it records itself in the audit log in its own transaction. An
agent is refused politely, and the refusal is audited too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.desk import texts
from bot.desk.ops import add_post
from bot.desk.roles import ERASE_CONFIRM, supervisors_only
from flows.messages import Inbound
from flows.text import Text
from storage import audit
from storage.repositories import Repos

if TYPE_CHECKING:
    from bot.desk.handler import DeskHandler


async def erase_command(handler: DeskHandler, update_id: int, user_id: int | None,
                        thread: int | None, argument: str, group: int | None = None) -> bool:
    db = handler.db
    async with db.reading() as conn:
        repos = Repos(conn)
        if await handler._processed(repos, update_id):
            return False
        actor, ticket, person = await handler._load(repos, user_id, thread=thread,
                                                    group=group)
    confirmed = argument.strip().lower() == "yes"
    if actor is not None and actor.is_supervisor and ticket is not None and confirmed \
            and person is not None:
        await handler.runtime.engine.handle(Inbound(
            person.channel, person.external_id, delivery_id=f"desk-erase:{update_id}",
            system=f"erase:staff:{actor.telegram_user_id}"))
    async with db.transaction() as conn:
        repos = Repos(conn)
        now = handler.runtime.engine.clock()
        if not await repos.deliveries.claim("telegram-staff", str(update_id), now):
            return False
        answer: Text | None = None
        if actor is None:
            answer = texts.not_staff(user_id) if user_id else texts.NOT_STAFF_SHORT
        elif ticket is None:
            answer = None if confirmed else texts.IN_TOPIC_ONLY
        elif not actor.is_supervisor:
            answer = await supervisors_only(repos)
            await audit.record(conn, staff_id=actor.telegram_user_id, action="erase",
                               ticket_id=ticket.id, person_id=ticket.person_id,
                               detail="refused", now=now)
        elif not confirmed:
            answer = ERASE_CONFIRM
        if answer is not None:
            await add_post(repos, now, handler.t(answer), thread=thread, group=group)
    return handler._done([])
