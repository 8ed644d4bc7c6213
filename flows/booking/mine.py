"""«My appointments»: the person's upcoming consultations and waiting-list places;
changing the time (the old time is kept until the new one is confirmed) and cancelling,
both only up to the profile's cancellation notice; inside it, a call or a colleague."""

from __future__ import annotations

from datetime import timedelta

from flows.booking import buttons, cards, steps
from flows.booking.calendar import with_calendar
from flows.booking.common import contact_phone, draft_of, free_for_draft, short_place
from flows.booking.jobs import cancel_reminders
from flows.booking.slots import service_of
from flows.booking.steps import BookingDraft
from flows.booking.waiting import offer_freed
from flows.framework import Context
from flows.menu import MAIN, TO_MENU, back_to_menu
from flows.messages import Choice, Inbound, Outbound
from flows.text import Text, Verbatim, When, _, date_label, join, ngettext
from storage.bookings import Booking

TO_LIST = Choice(buttons.APPOINTMENT.of("list"), _("Back to my appointments"))
BOOK_ANOTHER = Choice(buttons.MINE.of("book"), _("Book a consultation"))
CHANGE_TIME = Choice(buttons.APPOINTMENT.of("move"), _("Change the time"))
CANCEL_BOOKING = Choice(buttons.APPOINTMENT.of("cancel"), _("Cancel the consultation"))
CALENDAR_AGAIN = Choice(buttons.APPOINTMENT.of("ics"), _("Send the calendar file again"))
CANCEL_YES = Choice(buttons.CANCEL.of("yes"), _("Yes, cancel it"))
CANCEL_NO = Choice(buttons.CANCEL.of("no"), _("No, keep it"))
CALL_ME = Choice(buttons.LATE.of("staff"), _("Please contact me"))


def service_title(ctx: Context, service_id: str) -> Text:
    found = service_of(ctx.profile, service_id)
    return found.title.text if found else _("Consultation")


def service_button(ctx: Context, service_id: str) -> Text:
    found = service_of(ctx.profile, service_id)
    return found.button if found else _("Consultation")


def booking_button(booking: Booking) -> Text:
    """A booking on a button: its day and time, short enough for a phone; the list above
    the buttons names the service."""
    return date_label(booking.starts_at, booking.timezone, style="short")


def booking_line(ctx: Context, booking: Booking) -> Text:
    return join(date_label(booking.starts_at, booking.timezone),
                service_title(ctx, booking.service), separator=" · ")


async def mine_prompt(ctx: Context) -> Outbound:
    bookings = await ctx.repos.bookings.upcoming_for(ctx.person.id, ctx.now)
    places = await ctx.repos.waiting_list.active_for(ctx.person.id)
    book = BOOK_ANOTHER
    if not bookings and not places:
        return Outbound(_("You have no upcoming consultations."), (book, back_to_menu()))
    parts: list[Text | None] = []
    if bookings:
        parts.append(join(
            _("Your upcoming consultations:"),
            *(join(Verbatim("•"), booking_line(ctx, b), separator=" ") for b in bookings),
            separator="\n",
        ))
        parts.append(_("Choose one to see the details, change the time or cancel it."))
    if places:
        parts.append(join(
            _("You are on the waiting list for:"),
            *(join(Verbatim("•"), join(service_title(ctx, p.service),
                                       short_place(ctx.profile, p.mode, p.centre),
                                       separator=", "), separator=" ") for p in places),
            separator="\n",
        ))
    choices = [Choice(buttons.APPOINTMENT.of(b.id), booking_button(b)) for b in bookings]
    choices += [Choice(buttons.LEAVE.of(p.id), _("Leave the list: {service}",
                                          service=service_button(ctx, p.service)))
                for p in places]
    return Outbound(join(*parts), (*choices, book, back_to_menu()))


async def mine_handle(ctx: Context, event: Inbound) -> bool:
    booking_id = buttons.APPOINTMENT.value_of(event.choice) or ""
    entry_id = buttons.LEAVE.value_of(event.choice) or ""
    if event.choice == BOOK_ANOTHER.id:
        ctx.goto(steps.SERVICE)
    elif event.choice == TO_MENU:
        ctx.goto(MAIN)
    elif booking_id.isdigit():
        draft_of(ctx).booking = int(booking_id)
        ctx.goto(steps.APPOINTMENT)
    elif entry_id.isdigit():
        entry = await ctx.repos.waiting_list.get(int(entry_id))
        if entry is not None and entry.person_id == ctx.person.id:
            await ctx.repos.waiting_list.set_status(entry.id, "left", ctx.now)
            ctx.say(_("Done: you are no longer on the waiting list. You are welcome back at"
                      " any time."))
        ctx.goto(steps.MINE)
    else:
        return False
    return True


async def selected(ctx: Context) -> Booking | None:
    """The person's own booking chosen on an earlier screen, while it is still live."""
    booking_id = draft_of(ctx).booking
    booking = await ctx.repos.bookings.get(booking_id) if booking_id else None
    if booking is None or booking.person_id != ctx.person.id or booking.status != "booked":
        return None
    return booking


def no_longer_booked() -> Outbound:
    return Outbound(_("This consultation is no longer booked."), (TO_LIST, back_to_menu()))


async def appointment_prompt(ctx: Context) -> Outbound:
    booking = await selected(ctx)
    if booking is None:
        return no_longer_booked()
    return Outbound(
        join(_("Your consultation:"), cards.booking_details(ctx, booking)),
        (CHANGE_TIME, CANCEL_BOOKING, CALENDAR_AGAIN, TO_LIST),
    )


async def appointment_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == TO_LIST.id:
        ctx.goto(steps.MINE)
        return True
    if event.choice == TO_MENU:
        ctx.goto(MAIN)
        return True
    booking = await selected(ctx)
    if booking is None or event.choice not in (CHANGE_TIME.id, CANCEL_BOOKING.id,
                                               CALENDAR_AGAIN.id):
        return False
    if event.choice == CHANGE_TIME.id:
        await move(ctx, booking)
    elif event.choice == CANCEL_BOOKING.id:
        ask_cancel(ctx, booking)
    else:
        ctx.send(with_calendar(ctx, booking_line(ctx, booking), booking))
        ctx.goto(steps.APPOINTMENT)
    return True


def within_notice(ctx: Context, booking: Booking) -> bool:
    return booking.starts_at - ctx.now < timedelta(hours=ctx.profile.booking.cancel_notice_hours)


async def move(ctx: Context, booking: Booking) -> None:
    """Choose a new day and time; the old booking stays until the new one is confirmed."""
    if within_notice(ctx, booking):
        ctx.goto(steps.LATE, BookingDraft(booking=booking.id, action="move"))
        return
    ctx.goto(steps.DAY, BookingDraft(
        service=booking.service, whom=booking.for_whom, consent=booking.child_consent,
        mode=booking.mode, centre=booking.centre, phone=booking.phone,
        rescheduling=booking.id))
    if not await free_for_draft(ctx):
        ctx.say(_("There are no other free times for this consultation at the moment, so it"
                  " stays as it is."))
        ctx.goto(steps.APPOINTMENT, BookingDraft(booking=booking.id))


def ask_cancel(ctx: Context, booking: Booking) -> None:
    if within_notice(ctx, booking):
        ctx.goto(steps.LATE, BookingDraft(booking=booking.id, action="cancel"))
    else:
        ctx.goto(steps.CANCEL, BookingDraft(booking=booking.id))


async def cancel_prompt(ctx: Context) -> Outbound:
    booking = await selected(ctx)
    if booking is None:
        return await appointment_prompt(ctx)
    return Outbound(
        _("Do you want to cancel your consultation on {when}?",
          when=When(booking.starts_at, booking.timezone)),
        (CANCEL_YES, CANCEL_NO),
    )


async def cancel_handle(ctx: Context, event: Inbound) -> bool:
    booking = await selected(ctx)
    if booking is None:
        return await appointment_handle(ctx, event)
    if event.choice == CANCEL_NO.id:
        ctx.goto(steps.APPOINTMENT)
    elif event.choice == CANCEL_YES.id:
        if within_notice(ctx, booking):  # the clock moved on while they thought
            ctx.goto(steps.LATE, BookingDraft(booking=booking.id, action="cancel"))
        else:
            await cancel_booking(ctx, booking)
    else:
        return False
    return True


async def cancel_booking(ctx: Context, booking: Booking) -> None:
    await ctx.repos.bookings.set_status(booking.id, "cancelled", ctx.now)
    await cancel_reminders(ctx, booking.id)
    await cards.tell_staff(ctx, "booking_cancelled",
                           _("Booking #{number} was cancelled by the person", number=booking.id),
                           booking)
    await offer_freed(ctx, service_id=booking.service, centre_id=booking.centre,
                      consultant_id=booking.consultant, starts_at=booking.starts_at)
    ctx.say(_(
        "Your consultation on {when} is cancelled. Thank you for letting us know: the time"
        " can now go to another family. You are welcome to book again at any time.",
        when=When(booking.starts_at, booking.timezone),
    ))
    ctx.goto(MAIN)


# -- inside the cancellation notice ----------------------------------------------------------

async def late_prompt(ctx: Context) -> Outbound:
    booking = await selected(ctx)
    if booking is None:
        return no_longer_booked()
    return Outbound(
        ngettext(
            "Your consultation is less than {n} hour away, so it can no longer be"
            " changed or cancelled here. Please call us on {phone}, or we can ask a"
            " colleague to contact you.",
            "Your consultation is less than {n} hours away, so it can no longer be"
            " changed or cancelled here. Please call us on {phone}, or we can ask a"
            " colleague to contact you.",
            ctx.profile.booking.cancel_notice_hours,
            phone=Verbatim(contact_phone(ctx.profile, booking.centre)),
        ),
        (CALL_ME, TO_LIST, back_to_menu()),
    )


async def late_handle(ctx: Context, event: Inbound) -> bool:
    booking = await selected(ctx)
    if event.choice == TO_LIST.id:
        ctx.goto(steps.MINE)
    elif event.choice == TO_MENU:
        ctx.goto(MAIN)
    elif event.choice == CALL_ME.id and booking is not None:
        if draft_of(ctx).action == "cancel":
            heading = ngettext(
                "Please contact the person: they would like to cancel booking #{number},"
                " which is less than {n} hour away.",
                "Please contact the person: they would like to cancel booking #{number},"
                " which is less than {n} hours away.",
                ctx.profile.booking.cancel_notice_hours, number=booking.id)
        else:
            heading = ngettext(
                "Please contact the person: they would like to change the time of booking"
                " #{number}, which is less than {n} hour away.",
                "Please contact the person: they would like to change the time of booking"
                " #{number}, which is less than {n} hours away.",
                ctx.profile.booking.cancel_notice_hours, number=booking.id)
        await cards.tell_staff(ctx, "booking_help", heading, booking, urgent=True)
        ctx.say(_("Thank you. We have asked a colleague to contact you as soon as possible."))
        ctx.goto(MAIN)
    else:
        return False
    return True
