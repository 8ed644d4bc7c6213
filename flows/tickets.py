"""Opening a ticket: it is stored and announced to the staff desk in the same transaction."""

from __future__ import annotations

from flows.framework import Context
from flows.staff.effects import OpenTicket
from flows.text import Text


async def open_ticket(
    ctx: Context,
    *,
    queue: str,
    kind: str,
    card: Text,
    centre: str | None = None,
    subject: str | None = None,
    urgent: bool = False,
) -> int:
    """``card`` is rendered in the staff language: staff read it, not the person; its
    topic goes into the queue's own staff group, if the profile gives it one."""
    in_queue = ctx.profile.queue(queue)
    ticket_id = await ctx.repos.tickets.open(
        person_id=ctx.person.id,
        queue=queue,
        kind=kind,
        locale=ctx.locale,
        channel=ctx.person.channel,
        card=ctx.render(card, ctx.profile.agency.staff_locale),
        now=ctx.now,
        centre=centre,
        subject=subject,
        urgent=urgent,
        staff_chat_id=in_queue.staff_chat_id if in_queue else None,
    )
    ctx.tell_staff(OpenTicket(ticket_id))
    return ticket_id
