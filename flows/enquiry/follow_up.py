"""One gentle reminder for an enquiry left half-way (the job ``follow_up``, scheduled when
the person agrees to the consent).

It waits ``screening.follow_up_hours`` after the last answer: if the person answered again
meanwhile, it waits again from then. Nothing is sent once the enquiry is sent or deleted,
after a first reminder, after "please don't remind me", or while the person talks to our
team. Saying "not now" to the consent leaves no draft, so no reminder either.
"""

from __future__ import annotations

from datetime import timedelta

from flows.enquiry import buttons, questionnaire, steps
from flows.enquiry.questionnaire import resume_handle
from flows.framework import Context
from flows.menu import MAIN, TO_MENU
from flows.messages import Choice, Inbound, Outbound
from flows.text import _
from storage import follow_ups

# The same "continue" as when the person comes back by themselves.
CONTINUE = Choice(questionnaire.CONTINUE, _("Yes, let's continue"))
STOP = Choice(buttons.FOLLOW_UP.of("stop"), _("Please don't remind me"))
LATER = Choice(TO_MENU, _("Not now"))
QUIET_FLOWS = frozenset({"handoff"})


async def schedule(ctx: Context) -> None:
    """After the consent: the reminder's first look, unless there will be none."""
    hours = ctx.profile.screening.follow_up_hours
    if hours <= 0:
        return
    found = await follow_ups.state(ctx.repos.conn, ctx.person.id)
    if found.reminded_at is None and found.declined_at is None:
        await ctx.repos.jobs.add(kind=follow_ups.JOB, payload="", person_id=ctx.person.id,
                                 due_at=ctx.now + timedelta(hours=hours), now=ctx.now)


async def follow_up_event(ctx: Context, _argument: str) -> None:
    hours = ctx.profile.screening.follow_up_hours
    draft = await ctx.repos.drafts.get(ctx.person.id)
    if hours <= 0 or draft is None or draft.consent_id is None:
        return
    found = await follow_ups.state(ctx.repos.conn, ctx.person.id)
    if found.reminded_at is not None or found.declined_at is not None:
        return
    if ctx.now - draft.updated_at > timedelta(days=ctx.profile.screening.draft_days):
        return  # the draft is too old to continue
    due = draft.updated_at + timedelta(hours=hours)
    if ctx.now < due or ctx.session.flow in QUIET_FLOWS:
        # Busy answering, or talking to our team: look again later.
        await ctx.repos.jobs.add(kind=follow_ups.JOB, payload="", person_id=ctx.person.id,
                                 due_at=due if ctx.now < due else ctx.now + timedelta(hours=hours),
                                 now=ctx.now)
        return
    await follow_ups.mark_reminded(ctx.repos.conn, ctx.person.id, ctx.now)
    ctx.goto(steps.FOLLOW_UP)


async def follow_up_prompt(ctx: Context) -> Outbound:
    return Outbound(
        _("Hello again! A little while ago you started telling us about yourself and"
          " stopped part-way, which is completely fine. Your answers are saved. Would you"
          " like to continue? It takes only a few minutes and does not commit you to"
          " anything."),
        (CONTINUE, LATER, STOP),
    )


async def follow_up_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == STOP.id:
        await follow_ups.mark_declined(ctx.repos.conn, ctx.person.id, ctx.now)
        ctx.say(_("Of course, we will not remind you again. You are welcome back at any time:"
                  " your answers stay saved for a while, and you can delete them in “About us"
                  " and privacy”."))
        ctx.goto(MAIN)
        return True
    if event.choice == CONTINUE.id and await ctx.repos.drafts.get(ctx.person.id) is None:
        ctx.goto(steps.CONSENT)  # deleted meanwhile: start afresh
        return True
    return await resume_handle(ctx, event)
