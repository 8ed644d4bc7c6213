"""What a staff member's message, command or button does to a ticket, inside the engine's
transaction: the ticket's rows, the desk effects, and the words for the person.

Only internal notes keep their text in ``ticket_events``.
"""

from __future__ import annotations

from flows.booking.link import link_message, valid_link
from flows.handoff import END
from flows.messages import RenderedChoice
from flows.staff import texts
from flows.staff.context import CONVERSATIONS, StaffContext
from flows.staff.effects import RaiseAlert, Retitle, TicketClosed, TicketReopened
from flows.staff.event import Wrote
from flows.staff.listing import assignee_name
from flows.staff.reply import ROW_KIND, Original, StaffReply
from flows.staff.roles import not_your_queue
from flows.text import Text


def unreachable(ctx: StaffContext) -> Text | None:
    """Why nothing can go to the ticket's person now, if so."""
    ticket, person = ctx.ticket, ctx.person
    assert ticket is not None
    if ticket.status != "open":
        return texts.CLOSED_NOT_SENT
    if person is None:
        return texts.ERASED_NOT_SENT
    if person.blocked or person.unsubscribed:
        return texts.BLOCKED_NOT_SENT
    return None


def _cannot_show(ctx: StaffContext, wrote: Wrote) -> Text | None:
    """Why the person's channel cannot show this message, if so."""
    assert ctx.person is not None
    reach = ctx.setup.reach(ctx.person.channel)
    if reach.copies:
        return None
    if wrote.media is None:
        return None if wrote.textual and wrote.text.strip() else texts.UNSUPPORTED_FOR_VIBER
    if not wrote.media.shown_as:
        return texts.UNSUPPORTED_FOR_VIBER
    return None if reach.takes_files else texts.NO_MEDIA_FOR_VIBER


async def _queue_reply(ctx: StaffContext, reply: StaffReply) -> None:
    person = ctx.person
    assert person is not None
    await ctx.repos.outbox.add(person_id=person.id, channel=person.channel,
                               recipient=person.external_id, kind=ROW_KIND,
                               payload=reply.to_json(), now=ctx.now)


def _end_button(ctx: StaffContext) -> RenderedChoice | None:
    """In a conversation, the person keeps the button that ends it."""
    assert ctx.ticket is not None and ctx.person is not None
    if ctx.ticket.kind not in CONVERSATIONS:
        return None
    return RenderedChoice(END.id, ctx.render(END.label, ctx.person.locale))


async def relay(ctx: StaffContext, wrote: Wrote) -> None:
    """A staff message for the person, on their own messenger; a word to staff instead
    when it cannot go. A file is fetched only when it is sent, after this commits."""
    reason = unreachable(ctx) or _cannot_show(ctx, wrote)
    if reason is not None:
        ctx.post(reason)
        return
    assert ctx.ticket is not None
    await _queue_reply(ctx, StaffReply(wrote.text, Original(ctx.group_id, wrote.message_id),
                                       wrote.media, _end_button(ctx), ctx.ticket.id))
    await answered(ctx)


async def answered(ctx: StaffContext) -> None:
    """A reply went out: the first one claims the ticket and stops its SLA clock."""
    ticket, tickets = ctx.ticket, ctx.repos.tickets
    assert ticket is not None
    if ticket.assignee is None and await tickets.claim(ticket.id, ctx.who, ctx.now):
        await tickets.add_event(ticket.id, "claimed", ctx.now, ctx.who)
    await tickets.responded(ticket.id, ctx.now)
    await tickets.add_event(ticket.id, "reply", ctx.now, ctx.who)


async def tell_person(ctx: StaffContext, words: Text) -> str | None:
    """Staff's words for the ticket's person in their language, counted as an answer;
    None (and the reason posted in the topic) when they cannot be reached."""
    reason = unreachable(ctx)
    if reason is not None:
        ctx.post(reason)
        return None
    assert ctx.person is not None
    text = ctx.render(words, ctx.person.locale)
    await _queue_reply(ctx, StaffReply(text, end=_end_button(ctx), ticket=ctx.ticket.id
                                       if ctx.ticket else None))
    await answered(ctx)
    return text


async def canned(ctx: StaffContext, name: str) -> None:
    replies = {reply.id: reply for reply in ctx.profile.canned}
    if not replies:
        ctx.post(texts.CANNED_NONE)
        return
    reply = replies.get(name.strip())
    if reply is None:
        ctx.post(texts.canned_unknown(name.strip(), ", ".join(replies)))
        return
    text = await tell_person(ctx, reply.text.text)
    if text is not None:
        ctx.post(texts.canned_sent(reply.id, text))


async def link(ctx: StaffContext, argument: str) -> None:
    """``/link URL`` in a booking's topic: the link and the booking's details, in the
    person's language."""
    assert ctx.ticket is not None
    subject = ctx.ticket.subject or ""
    number = subject.removeprefix("booking:")
    if not subject.startswith("booking:") or not number.isdigit():
        ctx.post(texts.LINK_NOT_BOOKING)
        return
    url = valid_link(argument)
    if url is None:
        ctx.post(texts.LINK_INVALID)
        return
    booking = await ctx.repos.bookings.get(int(number))
    if booking is None or booking.status != "booked":
        ctx.post(texts.LINK_NOT_BOOKED)
        return
    if await tell_person(ctx, link_message(ctx.profile, booking, url)) is not None:
        ctx.post(texts.link_sent(booking.reference))


async def note(ctx: StaffContext, text: str) -> None:
    if not text.strip():
        ctx.post(texts.NOTE_EMPTY)
        return
    assert ctx.ticket is not None
    await ctx.repos.tickets.add_event(ctx.ticket.id, "note", ctx.now, ctx.who,
                                      note=text.strip()[:4000])
    await ctx.audit("note")
    ctx.noted = True


async def close(ctx: StaffContext, resolution: str | None) -> bool:
    """Close an open ticket, and the person hears it (and is asked to rate a
    conversation) in the same transaction; when it is closed already (by someone a
    moment earlier), say so where the staff member is, and False."""
    ticket = ctx.ticket
    assert ticket is not None
    resolution = (resolution or "").strip()[:500] or None
    if not await ctx.repos.tickets.close(ticket.id, ctx.now, resolution):
        ctx.post(await already_closed(ctx))
        return False
    await ctx.repos.tickets.add_event(ticket.id, "closed", ctx.now, ctx.who)
    await ctx.audit("close")
    ctx.tell_staff(TicketClosed(ticket.id, ctx.member.name, resolution))
    if ctx.person is not None and (ticket.kind in CONVERSATIONS
                                   or ticket.first_response_at is not None):
        ctx.person_events.append(f"ticket_closed:{ticket.id}")
    return True


async def reopen(ctx: StaffContext) -> bool:
    ticket = ctx.ticket
    assert ticket is not None
    if not await ctx.repos.tickets.reopen(ticket.id, ctx.now):
        return False
    await ctx.repos.tickets.add_event(ticket.id, "reopened", ctx.now, ctx.who)
    await ctx.audit("reopen")
    ctx.tell_staff(TicketReopened(ticket.id, ctx.member.name))
    return True


async def claim(ctx: StaffContext) -> Text:
    ticket = ctx.ticket
    assert ticket is not None
    if await ctx.repos.tickets.claim(ticket.id, ctx.who, ctx.now):
        await ctx.repos.tickets.add_event(ticket.id, "claimed", ctx.now, ctx.who)
        await ctx.audit("claim")
        ctx.post_in_ticket(texts.claimed(ctx.member.name))
        return texts.you_claimed(ticket.id)
    if ticket.assignee == ctx.who:
        return texts.already_yours(ticket.id)
    holder = await assignee_name(ctx.repos, ticket.assignee) or "—"
    return texts.taken_by(ticket.id, holder)


async def urgent(ctx: StaffContext) -> None:
    ticket = ctx.ticket
    assert ticket is not None
    if ticket.urgent and not ticket.false_positive:
        return  # already announced
    await ctx.repos.tickets.mark_urgent(ticket.id, ctx.now)
    await ctx.repos.tickets.add_event(ticket.id, "urgent", ctx.now, ctx.who)
    ctx.tell_staff(RaiseAlert(ticket.id, category="staff", by=ctx.member.name))


async def already_closed(ctx: StaffContext) -> Text:
    assert ctx.ticket is not None
    closer = await assignee_name(
        ctx.repos, await ctx.repos.tickets.last_author(ctx.ticket.id, "closed"))
    return texts.already_closed_by(closer) if closer else texts.ALREADY_CLOSED


async def false_alarm(ctx: StaffContext) -> None:
    ticket = ctx.ticket
    assert ticket is not None
    if not await ctx.repos.tickets.mark_false_positive(ticket.id, ctx.now):
        marker = await assignee_name(
            ctx.repos, await ctx.repos.tickets.last_author(ticket.id, "false_positive"))
        ctx.post(texts.already_false_alarm(marker or "—"))
        return
    await ctx.repos.tickets.add_event(ticket.id, "false_positive", ctx.now, ctx.who)
    ctx.post_in_ticket(texts.false_alarm(ctx.member.name))
    ctx.tell_staff(Retitle(ticket.id))


async def refuse(ctx: StaffContext, *, post: bool = True) -> Text:
    """An agent outside the ticket's queue: nothing is done, and they hear who can."""
    ticket = ctx.ticket
    assert ticket is not None
    queue = ctx.profile.queue(ticket.queue)
    refusal = await not_your_queue(ctx.repos, ctx.t(queue.name.text) if queue else ticket.queue)
    await ctx.audit("refused", ticket.queue)
    if post:
        ctx.post(refusal)
    return refusal
