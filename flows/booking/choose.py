"""Choosing a consultation: topic, for whom (and a guardian's consent for a young child),
how and where, then a day and a time that are free."""

from __future__ import annotations

from datetime import date, datetime

from flows.booking import buttons, steps, waiting
from flows.booking.common import (
    BACK,
    MAX_UPCOMING,
    after_time,
    centre,
    chosen_day,
    consultation_language,
    draft_of,
    free_for_draft,
    language_note,
    mode,
    service,
    timezone,
)
from flows.booking.slots import (
    centres_for,
    consultants_for,
    local_day,
    offers_remote,
    stamp,
    starts_on,
)
from flows.booking.steps import BookingDraft
from flows.framework import Context
from flows.menu import MAIN, TO_MENU, back_to_menu
from flows.messages import Choice, ChoiceId, Inbound, Outbound
from flows.profile import Mode
from flows.text import Text, Verbatim, When, _, date_label, join, ngettext

MODE_LABELS = {
    "in_person": _("In person at a centre"),
    "phone": _("By phone"),
    "video": _("By video call"),
}
OTHER_DAYS = Choice(buttons.NAVIGATE.of("back"), _("Other days"))
MY_APPOINTMENTS = Choice(buttons.MINE.of("list"), _("My appointments"))
FOR_ME = Choice(buttons.WHOM.of("self"), _("For me"))
FOR_FAMILY = Choice(buttons.WHOM.of("family"), _("For my family"))
CHILD = buttons.WHOM.of("child")
YOUNG_CHILD = buttons.WHOM.of("young")
GUARDIAN_AGREES = Choice(buttons.CONSENT.of("yes"), _("Yes, I am, and I agree"))
GUARDIAN_DOES_NOT = Choice(buttons.CONSENT.of("no"), _("No"))


# -- what about ---------------------------------------------------------------------------

async def service_prompt(ctx: Context) -> Outbound:
    upcoming = await ctx.repos.bookings.upcoming_for(ctx.person.id, ctx.now)
    if len(upcoming) >= MAX_UPCOMING:
        return Outbound(
            too_many(len(upcoming)),
            (MY_APPOINTMENTS, back_to_menu()),
        )
    offered = [s for s in ctx.profile.services if consultants_for(ctx.profile, s.id)]
    offered = offered or list(ctx.profile.services)
    lines = [join(s.title.text, s.description.text, separator="\n") for s in offered]
    return Outbound(
        join(
            _("Let's find a time for a consultation with one of our specialists. What would"
              " you like to talk about?"),
            *lines,
        ),
        (*(Choice(buttons.SERVICE.of(s.id), s.button) for s in offered), back_to_menu()),
    )


async def service_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == TO_MENU:
        ctx.goto(MAIN)
        return True
    if event.choice == MY_APPOINTMENTS.id:
        ctx.goto(steps.MINE)
        return True
    wanted = buttons.SERVICE.value_of(event.choice)
    if wanted is None or all(s.id != wanted for s in ctx.profile.services):
        return False
    ctx.goto(steps.WHOM, BookingDraft(service=wanted))
    return True


def too_many(count: int) -> Text:
    return ngettext("You already have {n} consultation booked. To book another, please change"
                    " or cancel it first.",
                    "You already have {n} consultations booked. To book another, please change"
                    " or cancel one of them first.", count)


# -- for whom -----------------------------------------------------------------------------

async def whom_prompt(ctx: Context) -> Outbound:
    age = ctx.profile.booking.child_consent_age
    if age is None:
        children = [Choice(CHILD, _("For a child"))]
    else:
        children = [Choice(YOUNG_CHILD, _("For a child under {age}", age=age)),
                    Choice(CHILD, _("For a child aged {age} or older", age=age))]
    return Outbound(
        _("Who is the consultation for?"),
        (FOR_ME, FOR_FAMILY, *children, BACK),
    )


async def whom_handle(ctx: Context, event: Inbound) -> bool:
    choice = event.choice
    if choice == BACK.id:
        ctx.goto(steps.SERVICE)
    elif choice == YOUNG_CHILD and ctx.profile.booking.child_consent_age is not None:
        ctx.goto(steps.CONSENT)
    elif choice is not None and choice in (FOR_ME.id, FOR_FAMILY.id, CHILD):
        draft_of(ctx).whom, draft_of(ctx).consent = choice.value, False
        ctx.goto(steps.MODE)
    else:
        return False
    return True


async def consent_prompt(ctx: Context) -> Outbound:
    return Outbound(
        _(
            "For a child under {age}, a parent or legal guardian must agree to the"
            " consultation. Are you the child's parent or legal guardian, and do you agree"
            " to it?",
            age=ctx.profile.booking.child_consent_age or 0,
        ),
        (GUARDIAN_AGREES, GUARDIAN_DOES_NOT, BACK),
    )


async def consent_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == GUARDIAN_AGREES.id:
        draft_of(ctx).whom, draft_of(ctx).consent = "child", True
        ctx.goto(steps.MODE)
    elif event.choice == GUARDIAN_DOES_NOT.id:
        ctx.say(_(
            "Thank you for telling us. Then the child's parent or legal guardian needs to"
            " agree first: they can book here themselves, or call us on {phone} and we will"
            " find a way together. You can also book a consultation for yourself.",
            phone=Verbatim(ctx.profile.agency.phone),
        ))
        ctx.goto(steps.WHOM)
    elif event.choice == BACK.id:
        ctx.goto(steps.WHOM)
    else:
        return False
    return True


# -- how and where ------------------------------------------------------------------------

def offered_modes(ctx: Context) -> list[Mode]:
    """The service's modes that some consultant (speaking the person's language) offers;
    all of them when none does, so the person can still join the waiting list."""
    found = service(ctx)
    if found is None:
        return []
    language = consultation_language(ctx.profile, found.id, ctx.locale)
    usable = {
        "in_person": bool(centres_for(ctx.profile, found.id, language)),
        "phone": offers_remote(ctx.profile, found.id, language),
        "video": offers_remote(ctx.profile, found.id, language),
    }
    return [m for m in found.modes if usable[m]] or list(found.modes)


def offered_centres(ctx: Context) -> list[str]:
    found = service(ctx)
    if found is None:
        return []
    language = consultation_language(ctx.profile, found.id, ctx.locale)
    return centres_for(ctx.profile, found.id, language) or centres_for(ctx.profile, found.id)


async def mode_prompt(ctx: Context) -> Outbound:
    choices = [Choice(buttons.MODE.of(m), MODE_LABELS[m]) for m in offered_modes(ctx)]
    return Outbound(_("How would you like to talk?"), (*choices, BACK))


async def mode_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == BACK.id:
        ctx.goto(steps.WHOM)
        return True
    wanted = buttons.MODE.value_of(event.choice)
    if wanted is None or wanted not in offered_modes(ctx):
        return False
    draft_of(ctx).mode, draft_of(ctx).centre = wanted, None
    if wanted == "in_person":
        ctx.goto(steps.CENTRE)
    else:
        await to_days(ctx)
    return True


async def centre_prompt(ctx: Context) -> Outbound:
    ids = offered_centres(ctx)
    centres = [c for c in ctx.profile.centres if c.id in ids]
    lines = [join(c.name.text, c.address.text, separator=": ") for c in centres]
    return Outbound(
        join(_("Which centre suits you best?"), join(*lines, separator="\n")),
        (*(Choice(buttons.CENTRE.of(c.id), c.name.text) for c in centres), BACK),
    )


async def centre_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == BACK.id:
        ctx.goto(steps.MODE)
        return True
    wanted = buttons.CENTRE.value_of(event.choice)
    if wanted is None or wanted not in offered_centres(ctx):
        return False
    draft_of(ctx).centre = wanted
    await to_days(ctx)
    return True


async def to_days(ctx: Context) -> None:
    """On to the days, or to the waiting list when nothing is free."""
    if await free_for_draft(ctx):
        ctx.goto(steps.DAY)
    else:
        ctx.goto(steps.NOTHING)


# -- when ---------------------------------------------------------------------------------

async def day_prompt(ctx: Context) -> Outbound:
    free = await free_for_draft(ctx)
    if not free:  # taken while the person was looking
        return await waiting.nothing_prompt(ctx)
    firsts: dict[date, datetime] = {}
    for slot in free:  # soonest first, so each day keeps its first free time
        firsts.setdefault(local_day(slot), slot.starts_at)
    found = service(ctx)
    note = language_note(ctx.profile, found.id, ctx.locale) if found else None
    tz = timezone(ctx)
    return Outbound(
        join(_("Which day suits you?"), note),
        (*(Choice(buttons.DAY.of(day.isoformat()), date_label(first, tz, style="date"))
           for day, first in sorted(firsts.items())), BACK),
    )


async def day_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == BACK.id:
        back_from_days(ctx)
        return True
    day = buttons.DAY.value_of(event.choice)
    if day is not None:
        draft_of(ctx).day = day
        ctx.goto(steps.TIME)
        return True
    return await waiting.nothing_handle(ctx, event)


def back_from_days(ctx: Context) -> None:
    draft = draft_of(ctx)
    if draft.rescheduling:
        draft.booking = draft.rescheduling
        ctx.goto(steps.APPOINTMENT)
    elif mode(ctx) == "in_person" and centre(ctx):
        ctx.goto(steps.CENTRE)
    else:
        ctx.goto(steps.MODE)


async def time_prompt(ctx: Context) -> Outbound:
    day = chosen_day(ctx)
    free = await free_for_draft(ctx)
    starts = starts_on(free, day) if day else []
    tz = timezone(ctx)
    if not starts or day is None:
        return Outbound(_("I'm sorry, that day has just filled up. Please choose another day."),
                        (OTHER_DAYS,))
    return Outbound(
        _("Available times on {date}:", date=When(starts[0], tz, style="date")),
        (*(Choice(buttons.TIME.of(stamp(s)), When(s, tz, style="time")) for s in starts),
         OTHER_DAYS),
    )


async def time_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == OTHER_DAYS.id:
        ctx.goto(steps.DAY)
        return True
    return pick_time(ctx, event.choice)


def pick_time(ctx: Context, choice: ChoiceId | None) -> bool:
    """A time button of the prompt on screen (the router checked it is there)."""
    start = buttons.TIME.value_of(choice)
    if start is None:
        return False
    draft_of(ctx).start = start
    after_time(ctx)
    return True
