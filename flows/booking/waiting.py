"""The waiting list: joining it when nothing is free, and offering a freed time to the
first person waiting for that service and centre."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from flows.booking import buttons, cards, steps
from flows.booking.common import (
    DO_NOT_INTERRUPT,
    after_time,
    centre,
    chosen_start,
    consultation_language,
    draft_of,
    load_free,
    mode,
    place_text,
    service,
    short_place,
)
from flows.booking.slots import consultant_of, service_of, stamp, timezone_for
from flows.booking.steps import BookingDraft
from flows.framework import Context
from flows.menu import MAIN, TO_MENU, back_to_menu
from flows.messages import Choice, Inbound, Outbound
from flows.profile import Mode
from flows.text import Text, When, _, join, ngettext
from storage.locks import lock_bookings

JOIN = Choice(buttons.WAIT.of("join"), _("Join the waiting list"))
OTHER = Choice(buttons.WAIT.of("other"), _("Choose another way or place"))
TAKE_OFFER = Choice(buttons.OFFER.of("yes"), _("Yes, book it"))
DECLINE_OFFER = Choice(buttons.OFFER.of("no"), _("No, thank you"))
LEAVE_LIST = Choice(buttons.OFFER.of("leave"), _("Take me off the waiting list"))


async def nothing_prompt(ctx: Context) -> Outbound:
    found = service(ctx)
    how = mode(ctx) or "phone"
    return Outbound(
        join(
            ngettext(
                "I'm sorry: there are no free times for “{service}” ({place}) in the next"
                " {n} day.",
                "I'm sorry: there are no free times for “{service}” ({place}) in the next"
                " {n} days.",
                ctx.profile.booking.horizon_days,
                service=found.title.text if found else "",
                place=short_place(ctx.profile, how, centre(ctx)),
            ),
            _(
                "You can join the waiting list: as soon as a time becomes free, we will"
                " offer it to you here. A colleague may also contact you."
            ),
        ),
        (JOIN, OTHER, back_to_menu()),
    )


async def nothing_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == JOIN.id:
        await join_list(ctx)
    elif event.choice == OTHER.id:
        ctx.goto(steps.MODE)
    elif event.choice == TO_MENU:
        ctx.goto(MAIN)
    else:
        return False
    return True


async def join_list(ctx: Context) -> None:
    found, how = service(ctx), mode(ctx)
    if found is None or how is None:  # the draft is gone: start again
        ctx.goto(steps.SERVICE)
        return
    where = centre(ctx) if how == "in_person" else None
    place = short_place(ctx.profile, how, where)
    if await ctx.repos.waiting_list.active_for(ctx.person.id, found.id, where):
        ctx.say(_("You are already on the waiting list for “{service}” ({place}). We will"
                  " write to you here as soon as a time becomes free.",
                  service=found.title.text, place=place))
        ctx.goto(MAIN)
        return
    whom, consent = draft_of(ctx).whom, draft_of(ctx).consent
    waiting_id = await ctx.repos.waiting_list.join(
        person_id=ctx.person.id, service=found.id, centre=where, mode=how, for_whom=whom,
        child_consent=consent, locale=ctx.locale, now=ctx.now,
    )
    ticket = await cards.open_ticket(
        ctx, kind="waiting_list", subject=f"waiting:{waiting_id}", centre=where,
        card=cards.waiting_card(ctx, waiting_id, found.id, how, where, whom, consent),
    )
    await ctx.repos.waiting_list.set_ticket(waiting_id, ticket)
    ctx.say(_("You are on the waiting list for “{service}” ({place}). As soon as a time"
              " becomes free, we will write to you here. Thank you for your patience.",
              service=found.title.text, place=place))
    ctx.goto(MAIN)


# -- a freed time goes to the first person waiting -----------------------------------------

async def offer_freed(
    ctx: Context,
    *,
    service_id: str,
    centre_id: str | None,
    consultant_id: str,
    starts_at: datetime,
    skip: frozenset[int] = frozenset(),
) -> int | None:
    """Offer a time that has just become free; the waiting list entry's id, if any.

    The offer is no hold: it is a message to the first person waiting (through a job, so
    it reaches them in their own conversation), and the time stays free for anybody until
    someone books it.
    """
    if starts_at < ctx.now + timedelta(hours=ctx.profile.booking.min_notice_hours):
        return None
    await lock_bookings(ctx.repos.conn)  # the queue is everybody's: one offer at a time
    consultant = consultant_of(ctx.profile, consultant_id)
    # Someone who let an offer go unanswered for a day is in the queue again.
    unanswered = ctx.now - timedelta(days=1)
    for entry in await ctx.repos.waiting_list.queue(service_id, centre_id, unanswered):
        if entry.id in skip or entry.person_id == ctx.person.id:
            continue
        if (entry.offer_consultant, entry.offer_starts_at) == (consultant_id, starts_at):
            continue  # offered this very time before, and said no
        language = consultation_language(ctx.profile, service_id, entry.locale)
        if consultant is None or (language is not None and language not in
                                  consultant.languages):
            continue
        await ctx.repos.waiting_list.offer(entry.id, consultant_id, starts_at, ctx.now)
        await ctx.repos.jobs.add(kind="offer", payload=str(entry.id), due_at=ctx.now,
                                 now=ctx.now, person_id=entry.person_id)
        return entry.id
    return None


async def offer_event(ctx: Context, argument: str) -> None:
    """A freed time reaches the person waiting: show it, if it is still free."""
    entry = await ctx.repos.waiting_list.get(int(argument)) if argument.isdigit() else None
    if entry is None or entry.person_id != ctx.person.id or entry.status != "offered":
        return
    offered = entry.offer_starts_at
    how = cast(Mode, entry.mode)
    free = await load_free(ctx, service_id=entry.service, mode_id=how,
                           centre_id=entry.centre, locale=entry.locale)
    if offered is None or all(slot.starts_at != offered for slot in free):
        await ctx.repos.waiting_list.set_status(entry.id, "waiting", ctx.now)
        return  # booked by somebody else meanwhile: they keep their place, nothing to say
    if ctx.session.flow in DO_NOT_INTERRUPT:
        ctx.say(join(
            offer_text(ctx, entry.service, how, entry.centre, offered),
            _("To book it, choose “Book a consultation” in the menu."),
        ))
        return
    ctx.goto(steps.OFFER, BookingDraft(
        service=entry.service, mode=entry.mode, centre=entry.centre, whom=entry.for_whom,
        consent=entry.child_consent, start=stamp(offered), waiting=entry.id))


def offer_text(
    ctx: Context, service_id: str, how: str, centre_id: str | None, when: datetime
) -> Text:
    found = service_of(ctx.profile, service_id)
    return _(
        "Good news! A time has become free for “{service}”: {when}, {place}. Would you"
        " like to book it?",
        service=found.title.text if found else "",
        when=When(when, timezone_for(ctx.profile, centre_id if how == "in_person" else None)),
        place=place_text(ctx.profile, how, centre_id),
    )


async def offer_prompt(ctx: Context) -> Outbound:
    found, how, when = service(ctx), mode(ctx) or "phone", chosen_start(ctx)
    return Outbound(
        offer_text(ctx, found.id if found else "", how, centre(ctx), when or ctx.now),
        (TAKE_OFFER, DECLINE_OFFER, LEAVE_LIST),
    )


async def offer_handle(ctx: Context, event: Inbound) -> bool:
    entry_id = draft_of(ctx).waiting or 0
    if event.choice == TAKE_OFFER.id:
        after_time(ctx)
        return True
    if event.choice not in (DECLINE_OFFER.id, LEAVE_LIST.id):
        return False
    entry = await ctx.repos.waiting_list.get(entry_id)
    if event.choice == LEAVE_LIST.id:
        await ctx.repos.waiting_list.set_status(entry_id, "left", ctx.now)
        ctx.say(_("Done: you are no longer on the waiting list. You are welcome back at any"
                  " time."))
    else:
        await ctx.repos.waiting_list.set_status(entry_id, "waiting", ctx.now)
        ctx.say(_("All right. You stay on the waiting list, and we will write to you when"
                  " another time becomes free."))
    if entry is not None and entry.offer_consultant and entry.offer_starts_at:
        await offer_freed(ctx, service_id=entry.service, centre_id=entry.centre,
                          consultant_id=entry.offer_consultant,
                          starts_at=entry.offer_starts_at, skip=frozenset({entry_id}))
    ctx.goto(MAIN)
    return True
