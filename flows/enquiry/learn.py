"""Learning about foster care: the forms of care and the FAQ. Nothing is asked here."""

from __future__ import annotations

from flows.enquiry import buttons, steps
from flows.enquiry.steps import EnquiryDraft
from flows.framework import Context
from flows.menu import MAIN, TO_MENU, back_to_menu
from flows.messages import Choice, Inbound, Outbound
from flows.text import _, join

START = Choice(buttons.LEARN.of("start"), _("I'm interested: let's start"))
FAQ = Choice(buttons.LEARN.of("faq"), _("Questions and answers"))
OTHER_FORMS = Choice(buttons.LEARN.of("forms"), _("Other forms of care"))


def form_choices(ctx: Context) -> list[Choice]:
    return [Choice(buttons.FORM.of(form.id), form.button) for form in ctx.profile.care_forms]


async def overview_prompt(ctx: Context) -> Outbound:
    forms = [join(form.title.text, form.summary.text, separator="\n")
             for form in ctx.profile.care_forms]
    return Outbound(
        join(
            _(
                "Every child deserves a family. {agency} can help you welcome a child into"
                " your home in these ways:",
                agency=ctx.profile.agency.name.text,
            ),
            *forms,
            _("Choose one to read more. This does not commit you to anything."),
        ),
        (*form_choices(ctx), FAQ, START, back_to_menu()),
    )


async def overview_handle(ctx: Context, event: Inbound) -> bool:
    choice = event.choice
    form = buttons.FORM.value_of(choice)
    if form is not None:
        ctx.draft(EnquiryDraft).form = form
        ctx.goto(steps.FORM)
    elif choice == FAQ.id:
        ctx.goto(steps.FAQ)
    elif choice == START.id:
        await begin(ctx)
    elif choice == TO_MENU:
        ctx.goto(MAIN)
    else:
        return False
    return True


async def form_prompt(ctx: Context) -> Outbound:
    form = next((f for f in ctx.profile.care_forms if f.id == ctx.draft(EnquiryDraft).form), None)
    if form is None:  # the profile changed under a waiting person
        return await overview_prompt(ctx)
    return Outbound(
        join(form.title.text, form.details.text),
        (START, OTHER_FORMS, FAQ, back_to_menu()),
    )


async def form_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == OTHER_FORMS.id:
        ctx.goto(steps.OVERVIEW)
        return True
    return await overview_handle(ctx, event)


async def faq_prompt(ctx: Context) -> Outbound:
    questions = [Choice(buttons.FAQ.of(entry.id), entry.button) for entry in ctx.profile.faq]
    return Outbound(
        _("What would you like to know?"),
        (*questions, START, OTHER_FORMS, back_to_menu()),
    )


async def faq_handle(ctx: Context, event: Inbound) -> bool:
    wanted = buttons.FAQ.value_of(event.choice)
    entry = next((e for e in ctx.profile.faq if e.id == wanted), None)
    if entry is not None:
        ctx.say(join(entry.question.text, entry.answer.text, separator="\n\n"))
        ctx.goto(steps.FAQ)
        return True
    if event.choice == OTHER_FORMS.id:
        ctx.goto(steps.OVERVIEW)
        return True
    return await overview_handle(ctx, event)


async def begin(ctx: Context) -> None:
    """Start the questionnaire, offering to resume a recent unfinished one."""
    draft = await ctx.repos.drafts.get(ctx.person.id)
    if draft is not None:
        age = ctx.now - draft.updated_at
        if age.days < ctx.profile.screening.draft_days:
            ctx.goto(steps.RESUME)
            return
        await ctx.repos.drafts.discard(ctx.person.id)
    ctx.goto(steps.CONSENT)
