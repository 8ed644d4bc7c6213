"""The phone number, the confirmation screen, and the booking itself.

:func:`book` runs inside the engine's transaction, which is ``BEGIN IMMEDIATE``: it reads
the bookings again, picks a consultant who is still free at the chosen time and writes
the booking, its reminders and the staff ticket together. If the time was taken a moment
before, the person is told so kindly and shown the next free times.
"""

from __future__ import annotations

from datetime import datetime

from flows.booking import buttons, cards, steps, waiting
from flows.booking.calendar import with_calendar
from flows.booking.choose import OTHER_DAYS, pick_time, too_many
from flows.booking.common import (
    BACK,
    MAX_UPCOMING,
    centre,
    chosen_start,
    contact_phone,
    details,
    draft_of,
    free_for_draft,
    mode,
    pretty_phone,
    service,
    timezone,
)
from flows.booking.jobs import cancel_reminders, schedule_reminders
from flows.booking.slots import from_stamp, next_starts, stamp
from flows.enquiry.questionnaire import example_phone, normalise_phone
from flows.framework import Context
from flows.menu import MAIN, TO_MENU, back_to_menu
from flows.messages import Choice, Inbound, Outbound
from flows.references import reference_line
from flows.text import Text, Verbatim, When, _, date_label, join
from storage.bookings import Booking, NewBooking, SlotTaken
from storage.locks import lock_bookings

ALTERNATIVES = 6
KNOWN_PHONE = buttons.PHONE.of("known")
BOOK_IT = buttons.BOOK.of("yes")
OTHER_TIME = buttons.BOOK.of("time")
DO_NOT_BOOK = buttons.BOOK.of("stop")


# -- phone --------------------------------------------------------------------------------

async def phone_prompt(ctx: Context) -> Outbound:
    known = await ctx.repos.bookings.latest_phone(ctx.person.id)
    if mode(ctx) == "phone":
        text = _("What number should the consultant call? Press the button below to share"
                 " it, or type it.")
    else:
        text = _("What phone number can we reach you on, in case the video link does not"
                 " work? Press the button below to share it, or type it.")
    use_known = [Choice(KNOWN_PHONE, _("Use {phone}", phone=Verbatim(pretty_phone(known))))
                 ] if known else []
    return Outbound(text, (*use_known, BACK), ask_phone=True, free_text=True)


async def phone_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == BACK.id:
        ctx.goto(steps.OFFER if draft_of(ctx).waiting else steps.TIME)
        return True
    if event.choice == KNOWN_PHONE:
        draft_of(ctx).phone = await ctx.repos.bookings.latest_phone(ctx.person.id)
        ctx.goto(steps.CONFIRM)
        return True
    raw = event.contact_phone or event.text
    if not raw:
        return False
    country = ctx.profile.agency.country
    phone = normalise_phone(raw, country)
    if phone is None:
        ctx.say(_(
            "That does not look like a phone number. Please check it and type it again,"
            " for example {example}.",
            example=Verbatim(example_phone(country)),
        ))
        ctx.goto(steps.PHONE)
        return True
    draft_of(ctx).phone = phone
    ctx.goto(steps.CONFIRM)
    return True


# -- confirmation -------------------------------------------------------------------------

def draft_details(ctx: Context) -> Text:
    found, draft = service(ctx), draft_of(ctx)
    return details(
        ctx.profile, service_id=found.id if found else "", mode_id=mode(ctx) or "phone",
        centre_id=centre(ctx), starts_at=chosen_start(ctx), consultant_id=None,
        for_whom=draft.whom, consent=draft.consent, phone=draft.phone,
    )


async def confirm_prompt(ctx: Context) -> Outbound:
    moving = bool(draft_of(ctx).rescheduling)
    note = _("Your current time is kept until you confirm the new one.") if moving else None
    return Outbound(
        join(_("Please check your consultation:"), draft_details(ctx), note),
        (Choice(BOOK_IT, _("Confirm the new time") if moving else _("Book it")),
         Choice(OTHER_TIME, _("Choose another time")),
         Choice(DO_NOT_BOOK, _("Keep my current time") if moving else _("Cancel"))),
    )


async def confirm_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == BOOK_IT:
        await book(ctx)
    elif event.choice == OTHER_TIME:
        ctx.goto(steps.DAY)
    elif event.choice == DO_NOT_BOOK:
        draft = draft_of(ctx)
        if draft.rescheduling:
            draft.booking = draft.rescheduling
            ctx.goto(steps.APPOINTMENT)
        else:
            ctx.say(_("All right, nothing has been booked. You are welcome back at any time."))
            ctx.goto(MAIN)
    else:
        return False
    return True


async def book(ctx: Context) -> None:
    found, how, when = service(ctx), mode(ctx), chosen_start(ctx)
    if found is None or how is None or when is None:  # a draft from an older version
        ctx.goto(steps.SERVICE)
        return
    await lock_bookings(ctx.repos.conn)  # several processes: one booking at a time
    draft = draft_of(ctx)
    moving = draft.rescheduling or None
    if moving is None:
        upcoming = await ctx.repos.bookings.upcoming_for(ctx.person.id, ctx.now)
        if len(upcoming) >= MAX_UPCOMING:
            ctx.say(too_many(len(upcoming)))
            ctx.goto(steps.MINE)
            return
    free = await free_for_draft(ctx)  # read again, under the write lock
    booking_id = None
    for slot in (s for s in free if s.starts_at == when):
        new = NewBooking(
            person_id=ctx.person.id, channel=ctx.person.channel, service=found.id,
            centre=slot.centre, mode=how, consultant=slot.consultant,
            starts_at=slot.starts_at, ends_at=slot.ends_at, timezone=slot.timezone,
            for_whom=draft.whom, child_consent=draft.consent, phone=draft.phone,
            locale=ctx.locale, replaces=moving,
        )
        try:
            booking_id = await ctx.repos.bookings.create(new, ctx.now)
            break
        except SlotTaken:  # the unique index: somebody else's write got there first
            continue
    if booking_id is None:
        just_taken(ctx, when)
        return
    booking = await ctx.repos.bookings.get(booking_id)
    assert booking is not None
    await schedule_reminders(ctx, booking)
    for entry in await ctx.repos.waiting_list.active_for(ctx.person.id, found.id,
                                                          booking.centre):
        await ctx.repos.waiting_list.set_status(entry.id, "booked", ctx.now)
    if moving is not None:
        await release_moved(ctx, moving)
        heading: Text = _("Booking #{old} moved to a new time: now booking #{number}",
                          old=moving, number=booking.id)
        kind = "booking_changed"
    else:
        heading = _("New booking #{number}", number=booking.id)
        kind = "booking"
    await cards.tell_staff(ctx, kind, heading, booking)
    ctx.send(with_calendar(ctx, booked_text(ctx, booking, moved=moving is not None), booking))
    ctx.goto(MAIN)


async def release_moved(ctx: Context, old_id: int) -> None:
    """The new time is booked: now, and only now, the old one goes."""
    old = await ctx.repos.bookings.get(old_id)
    if old is None or old.status != "booked":
        return
    await ctx.repos.bookings.set_status(old.id, "rescheduled", ctx.now)
    await cancel_reminders(ctx, old.id)
    await waiting.offer_freed(ctx, service_id=old.service, centre_id=old.centre,
                              consultant_id=old.consultant, starts_at=old.starts_at)


def booked_heading(booking: Booking, *, moved: bool) -> Text:
    """Worded for how the consultation happens: nobody meets anybody on the phone."""
    if moved:
        return _("Done! Your consultation has been moved.")
    if booking.mode == "phone":
        return _("Done! Your consultation is booked. The consultant will call you at this"
                 " time.")
    if booking.mode == "video":
        return _("Done! Your consultation is booked. We will send you the link to the video"
                 " call here in the chat.")
    return _("Done! Your consultation is booked. We look forward to meeting you.")


def booked_text(ctx: Context, booking: Booking, *, moved: bool) -> Text:
    return join(
        booked_heading(booking, moved=moved),
        cards.booking_details(ctx, booking),
        reference_line(booking.reference),
        _("The calendar file below adds it to your phone's calendar."),
        _("To change or cancel it, choose “My appointments” in the menu, or call us on"
          " {phone}.", phone=Verbatim(contact_phone(ctx.profile, booking.centre))),
    )


def just_taken(ctx: Context, when: datetime) -> None:
    ctx.say(_("I'm so sorry: somebody else booked {when} a moment before you. Here are the"
              " next free times.", when=When(when, timezone(ctx))))
    draft = draft_of(ctx)
    draft.after, draft.start = draft.start, None
    ctx.goto(steps.TAKEN)


# -- after a clash: the next free times ----------------------------------------------------

async def taken_prompt(ctx: Context) -> Outbound:
    free = await free_for_draft(ctx)
    after = from_stamp(draft_of(ctx).after or "")
    starts = (next_starts(free, after, ALTERNATIVES) if after else []) or next_starts(
        free, ctx.now, ALTERNATIVES)
    if not starts:
        return await waiting.nothing_prompt(ctx)
    tz = timezone(ctx)
    return Outbound(
        _("Which of these times suits you?"),
        (*(Choice(buttons.TIME.of(stamp(s)), date_label(s, tz)) for s in starts), OTHER_DAYS,
         back_to_menu()),
    )


async def taken_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == OTHER_DAYS.id:
        ctx.goto(steps.DAY)
        return True
    if event.choice == TO_MENU:
        ctx.goto(MAIN)
        return True
    if pick_time(ctx, event.choice):
        return True
    return await waiting.nothing_handle(ctx, event)
