"""A reminder falls due (the system event ``reminder:<booking id>``): the person sees the
consultation with buttons to confirm, change the time or cancel. Nothing is said for a
booking that was cancelled or moved, or whose time has passed."""

from __future__ import annotations

from flows.booking import buttons, cards, steps
from flows.booking.common import DO_NOT_INTERRUPT, contact_phone
from flows.booking.mine import TO_LIST, ask_cancel, move, selected
from flows.booking.steps import BookingDraft
from flows.framework import Context
from flows.menu import MAIN, TO_MENU, back_to_menu
from flows.messages import Choice, Inbound, Outbound
from flows.text import Verbatim, _, join

CONFIRM = Choice(buttons.REMINDER.of("yes"), _("I'll be there"))
MOVE = Choice(buttons.REMINDER.of("move"), _("Change the time"))
CANCEL = Choice(buttons.REMINDER.of("cancel"), _("Cancel it"))


async def reminder_event(ctx: Context, argument: str) -> None:
    booking = await ctx.repos.bookings.get(int(argument)) if argument.isdigit() else None
    if (
        booking is None
        or booking.person_id != ctx.person.id
        or booking.status != "booked"
        or booking.starts_at <= ctx.now
    ):
        return
    if ctx.session.flow in DO_NOT_INTERRUPT:
        ctx.say(join(
            _("A friendly reminder of your consultation:"), cards.booking_details(ctx, booking),
            _("To change or cancel it, choose “My appointments” in the menu, or call us on"
              " {phone}.", phone=Verbatim(contact_phone(ctx.profile, booking.centre))),
        ))
        return
    ctx.goto(steps.REMINDER, BookingDraft(booking=booking.id))


async def reminder_prompt(ctx: Context) -> Outbound:
    booking = await selected(ctx)
    if booking is None:
        return Outbound(_("This consultation is no longer booked."), (TO_LIST, back_to_menu()))
    return Outbound(
        join(_("A friendly reminder of your consultation:"), cards.booking_details(ctx, booking),
             _("Will you come?")),
        (CONFIRM, MOVE, CANCEL, back_to_menu()),
    )


async def reminder_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == TO_MENU:
        ctx.goto(MAIN)
        return True
    if event.choice == TO_LIST.id:
        ctx.goto(steps.MINE)
        return True
    booking = await selected(ctx)
    if booking is None:
        return False
    if event.choice == CONFIRM.id:
        await ctx.repos.bookings.confirm(booking.id, ctx.now)
        ctx.say(_("Thank you! We look forward to meeting you."))
        ctx.goto(MAIN)
    elif event.choice == MOVE.id:
        await move(ctx, booking)
    elif event.choice == CANCEL.id:
        ask_cancel(ctx, booking)
    else:
        return False
    return True
