"""Learning about foster care: the forms of care and the FAQ. Nothing is asked here."""

from __future__ import annotations

from flows.enquiry import steps
from flows.enquiry.steps import EnquiryDraft
from flows.framework import Context
from flows.menu import MAIN, back_to_menu
from flows.messages import Choice, Inbound, Outbound
from flows.text import _, join

START = Choice("learn:start", _("I'm interested: let's start"))
FAQ = Choice("learn:faq", _("Questions and answers"))


def form_choices(ctx: Context) -> list[Choice]:
    return [Choice(f"form:{form.id}", form.button) for form in ctx.profile.care_forms]


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
    choice = event.choice or ""
    if choice.startswith("form:"):
        ctx.draft(EnquiryDraft).form = choice.removeprefix("form:")
        ctx.goto(steps.FORM)
    elif choice == FAQ.id:
        ctx.goto(steps.FAQ)
    elif choice == START.id:
        await begin(ctx)
    elif choice == "nav:menu":
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
        (START, Choice("learn:forms", _("Other forms of care")), FAQ, back_to_menu()),
    )


async def form_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == "learn:forms":
        ctx.goto(steps.OVERVIEW)
        return True
    return await overview_handle(ctx, event)


async def faq_prompt(ctx: Context) -> Outbound:
    questions = [Choice(f"faq:{entry.id}", entry.button) for entry in ctx.profile.faq]
    return Outbound(
        _("What would you like to know?"),
        (*questions, START, Choice("learn:forms", _("Other forms of care")), back_to_menu()),
    )


async def faq_handle(ctx: Context, event: Inbound) -> bool:
    choice = event.choice or ""
    entry = next((e for e in ctx.profile.faq if f"faq:{e.id}" == choice), None)
    if entry is not None:
        ctx.say(join(entry.question.text, entry.answer.text, separator="\n\n"))
        ctx.goto(steps.FAQ)
        return True
    if choice == "learn:forms":
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
