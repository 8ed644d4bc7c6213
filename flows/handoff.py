"""Talking to a person: a ticket in a staff queue, the conversation, and a rating after."""

from __future__ import annotations

from dataclasses import dataclass

from flows import menu
from flows.drafts import Draft
from flows.framework import Context, Router, StepRef
from flows.hours import is_open, next_opening
from flows.languages import language_names
from flows.messages import Choice, ChoiceKind, Inbound, Outbound
from flows.staff.effects import TicketClosed, person_said
from flows.text import Text, Verbatim, When, _, join, ngettext
from flows.tickets import open_ticket

FLOW = "handoff"
TALKING = StepRef(FLOW, "talking")
RATE = StepRef(FLOW, "rate")
COMMENT = StepRef(FLOW, "comment")
END = Choice(ChoiceKind("handoff").of("end"), _("End the conversation"))
STARS = ChoiceKind("rate")  # "rate:1" … "rate:5"
SKIP_RATING = Choice(STARS.of("skip"), _("Skip"))
NO_COMMENT = Choice(ChoiceKind("comment").of("none"), _("No, thank you"))
# What the person was doing decides which team answers.
QUEUE_BY_FLOW = {"enquiry": "enquiries", "booking": "bookings"}


@dataclass
class HandoffDraft(Draft):
    # The ticket the person is asked to rate, once the conversation has ended.
    rating_ticket: int | None = None


def queue_for(ctx: Context) -> str:
    return QUEUE_BY_FLOW.get(ctx.session.flow, "general")


def handoff_card(ctx: Context, queue: str, *, note: Text | None = None) -> Text:
    person = ctx.person
    return join(
        _("{person} would like to talk to a person.",
          person=Verbatim(f"{person.channel} #{person.id}")),
        note,
        _("Language: {language} · Channel: {channel} · Source: {source}",
          language=language_names([ctx.locale]),
          channel=Verbatim(person.channel), source=Verbatim(person.source or "—")),
        _("They were in: {flow}", flow=Verbatim(f"{ctx.session.flow}/{ctx.session.step}")),
    )


async def start_handoff(ctx: Context, *, queue: str | None = None) -> None:
    """Open (or rejoin) the person's conversation with staff and say what happens next."""
    existing = await ctx.repos.tickets.open_handoff(ctx.person.id)
    if existing is None:
        chosen = queue or queue_for(ctx)
        await open_ticket(ctx, queue=chosen, kind="handoff", card=handoff_card(ctx, chosen))
        existing = await ctx.repos.tickets.open_handoff(ctx.person.id)
        assert existing is not None
    place = await ctx.repos.tickets.place_in_queue(existing)
    queue_profile = ctx.profile.queue(existing.queue) or ctx.profile.queues[0]
    lines: list[Text | None] = [
        _("A person from our team will answer you here, in this chat."),
        ngettext("There is {n} person waiting before you.",
                 "There are {n} people waiting before you.", place - 1)
        if place > 1 else _("You are next in the queue."),
    ]
    if not is_open(queue_profile.hours, queue_profile.timezone, ctx.now):
        back = next_opening(queue_profile.hours, queue_profile.timezone, ctx.now)
        if back is not None:
            lines.append(_("Our team is not at work right now. Someone will be back on {when}.",
                           when=When(back, queue_profile.timezone)))
    ctx.say(join(*lines))
    ctx.goto(TALKING)


async def talking_prompt(ctx: Context) -> Outbound:
    return Outbound(
        _("Write here whenever you like: everything you send goes to our team. To finish,"
          " press the button below or type /end."),
        (END,),
        free_text=True,
    )


async def talking_handle(ctx: Context, event: Inbound) -> bool:
    ticket = await ctx.repos.tickets.open_handoff(ctx.person.id)
    if ticket is None:  # closed by staff while the person was typing
        ctx.goto(menu.MAIN)
        return True
    if event.choice == END.id:
        await end_conversation(ctx)
        return True
    if event.choice is not None:
        return False
    # Anything else goes to staff as it is; the bot stays quiet so it never talks over them.
    ctx.tell_staff(person_said(ticket.id, event))
    return True


async def end_conversation(ctx: Context) -> None:
    ticket = await ctx.repos.tickets.open_handoff(ctx.person.id)
    if ticket is not None and ticket.first_response_at is None:
        # Nobody had answered yet: there is no help to rate.
        await ctx.repos.tickets.close(ticket.id, ctx.now, "withdrawn by the person")
        ctx.tell_staff(TicketClosed(ticket.id))
        ctx.say(_("All right: nobody from our team had answered yet, so we have withdrawn"
                  " your request. You can write to us again at any time with /human."))
        ctx.goto(menu.MAIN)
    elif ticket is not None:
        await ctx.repos.tickets.close(ticket.id, ctx.now, "ended by the person")
        ctx.tell_staff(TicketClosed(ticket.id))
        ctx.say(_("Thank you for talking with us."))
        ctx.goto(RATE, HandoffDraft(rating_ticket=ticket.id))
    else:
        ctx.goto(menu.MAIN)


async def rate_prompt(ctx: Context) -> Outbound:
    stars = tuple(Choice(STARS.of(n), Verbatim("⭐" * n)) for n in range(1, 6))
    return Outbound(
        _("How helpful was this, from 1 (not at all) to 5 (very)?"),
        (*stars, SKIP_RATING),
    )


async def rate_handle(ctx: Context, event: Inbound) -> bool:
    ticket_id = ctx.draft(HandoffDraft).rating_ticket
    if event.choice == SKIP_RATING.id:
        ctx.goto(menu.MAIN)
        return True
    stars = STARS.value_of(event.choice)
    if stars not in ("1", "2", "3", "4", "5") or ticket_id is None:
        return False
    await ctx.repos.tickets.rate(ticket_id, int(stars), None)
    ctx.goto(COMMENT)
    return True


async def comment_prompt(ctx: Context) -> Outbound:
    return Outbound(_("Thank you! Would you like to add a few words?"), (NO_COMMENT,),
                    free_text=True)


async def comment_handle(ctx: Context, event: Inbound) -> bool:
    ticket_id = ctx.draft(HandoffDraft).rating_ticket
    if event.choice == NO_COMMENT.id:
        ctx.goto(menu.MAIN)
        return True
    if not event.text or ticket_id is None:
        return False
    await ctx.repos.tickets.rate(ticket_id, None, event.text.strip()[:1000])
    ctx.say(_("Thank you, we read every comment."))
    ctx.goto(menu.MAIN)
    return True


async def human_command(ctx: Context, _argument: str) -> None:
    await start_handoff(ctx)


async def end_command(ctx: Context, _argument: str) -> None:
    await end_conversation(ctx)


async def closed_by_staff(ctx: Context, argument: str) -> None:
    """Staff closed the conversation: tell the person and ask how it went."""
    ctx.say(_("Our team has closed this conversation. You can write to us again at any time"
              " with /human."))
    ctx.goto(RATE, HandoffDraft(rating_ticket=int(argument)))


async def _menu_human(ctx: Context) -> None:
    await start_handoff(ctx)


def router() -> Router:
    flow = Router(FLOW, draft=HandoffDraft)
    flow.step(TALKING, talking_prompt, talking_handle)
    flow.step(RATE, rate_prompt, rate_handle)
    flow.step(COMMENT, comment_prompt, comment_handle)
    flow.command("human", handler=human_command)
    flow.command("end", handler=end_command)
    flow.system_event("ticket_closed", handler=closed_by_staff)
    flow.menu_entry(menu.HUMAN.id, _menu_human)
    return flow
