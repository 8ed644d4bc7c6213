"""When a message suggests a child is in danger: answer calmly with the numbers to call, and
put an urgent ticket at the top of the queue. The person is never blocked or ignored."""

from __future__ import annotations

from flows.framework import Context
from flows.handoff import TALKING
from flows.languages import language_names
from flows.messages import Inbound
from flows.safeguarding import Alert
from flows.safeguarding.answers import answer
from flows.staff.effects import RaiseAlert, person_said
from flows.text import Verbatim, _, join
from flows.tickets import open_ticket

ALERT_QUEUE = "general"


async def raise_alert(ctx: Context, event: Inbound, alert: Alert) -> None:
    ctx.say(answer(ctx.profile, alert))
    ticket = await ctx.repos.tickets.open_handoff(ctx.person.id)
    if ticket is None:
        ticket_id = await open_ticket(
            ctx, queue=ALERT_QUEUE, kind="safeguarding", urgent=True,
            card=join(
                # TRANSLATORS: staff only: the first line of an urgent safeguarding card.
                _("⚠ Possible safeguarding concern ({category})",
                  category=Verbatim(alert.category)),
                _("Language: {language} · Channel: {channel} · Source: {source}",
                  language=language_names([ctx.locale]),
                  channel=Verbatim(ctx.person.channel),
                  source=Verbatim(ctx.person.source or "—")),
            ),
        )
    else:
        ticket_id = ticket.id
        await ctx.repos.tickets.mark_urgent(ticket_id, ctx.now)
    # What was detected, for `carebot safeguarding report` (never the words themselves).
    await ctx.repos.safeguarding.record(
        ticket_id=ticket_id, person_id=ctx.person.id, category=alert.category,
        language=alert.language, voice=alert.voice, locale=ctx.locale, now=ctx.now,
    )
    ctx.tell_staff(RaiseAlert(ticket_id, category=alert.category))
    # Staff see the words themselves in the ticket's topic, as with any message.
    ctx.tell_staff(person_said(ticket_id, event))
    ctx.goto(TALKING)
