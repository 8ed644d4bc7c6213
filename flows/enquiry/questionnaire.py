"""The pre-screening: consent, the profile's questions one at a time, name and phone.

Questions are data from the agency profile. Answers live in the session while the person
answers and in a draft that outlives the session, so that someone who comes back days
later can continue where they stopped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import phonenumbers

from flows.enquiry import buttons, steps
from flows.enquiry.steps import Answer, EnquiryDraft
from flows.framework import Context
from flows.menu import MAIN, TO_MENU, back_to_menu
from flows.messages import Choice, ChoiceId, Inbound, Outbound
from flows.privacy.consent import current_version
from flows.profile import Profile, Question
from flows.text import Text, Verbatim, When, _, join, ngettext
from storage import funnel
from storage.privacy import consent_version

BACK = Choice(buttons.QUESTION.of("back"), _("Back"))
SKIP = Choice(buttons.QUESTION.of("skip"), _("Skip this question"))
DONE = Choice(buttons.QUESTION.of("done"), _("Done"))
YES = Choice(buttons.ANSWER.of("yes"), _("Yes"))
NO = Choice(buttons.ANSWER.of("no"), _("No"))
REVIEW = Choice(buttons.QUESTION.of("review"), _("Show my answers"))
CONTINUE = buttons.RESUME.of("continue")
RESTART = Choice(buttons.RESUME.of("restart"), _("Start over"))
AGREE = Choice(buttons.CONSENT.of("yes"), _("I agree"))
NOT_NOW = Choice(buttons.CONSENT.of("no"), _("Not now"))
NAME, PHONE, SUMMARY = "name", "phone", "summary"


def visible_questions(profile: Profile, answers: Mapping[str, Any]) -> list[Question]:
    """The questions that apply, given the answers so far (``ask_if`` rules)."""
    shown = []
    for question in profile.screening.questions:
        rule = question.ask_if
        if rule is not None:
            answer = answers.get(rule.question)
            given = set(answer) if isinstance(answer, list) else {answer}
            if not given & set(rule.any_of):
                continue
        shown.append(question)
    return shown


def draft_of(ctx: Context) -> EnquiryDraft:
    return ctx.draft(EnquiryDraft)


def answers_of(ctx: Context) -> dict[str, Answer]:
    return draft_of(ctx).answers


def contact_of(ctx: Context) -> dict[str, str]:
    return draft_of(ctx).contact


def current_question(ctx: Context) -> Question | None:
    wanted = draft_of(ctx).at
    return next((q for q in visible_questions(ctx.profile, answers_of(ctx)) if q.id == wanted),
                None)


async def save_draft(ctx: Context) -> None:
    await ctx.repos.drafts.save(
        ctx.person.id,
        {"answers": answers_of(ctx), "contact": contact_of(ctx)},
        draft_of(ctx).at,
        draft_of(ctx).consent,
        ctx.now,
    )


async def go_to(ctx: Context, position: str) -> None:
    """Move to a question id, NAME, PHONE or SUMMARY, remembering it in the draft."""
    draft_of(ctx).at = position
    await save_draft(ctx)
    ctx.goto({NAME: steps.NAME, PHONE: steps.PHONE, SUMMARY: steps.SUMMARY}.get(
        position, steps.QUESTION))


async def advance(ctx: Context) -> None:
    """After an answer: the next unanswered step, or back to the summary when editing."""
    questions = visible_questions(ctx.profile, answers_of(ctx))
    if draft_of(ctx).editing:
        missing = [q.id for q in questions if q.id not in answers_of(ctx)]
        await go_to(ctx, missing[0] if missing else SUMMARY)
        return
    ids = [q.id for q in questions]
    at = draft_of(ctx).at
    if at is None and ids:
        await go_to(ctx, ids[0])
    elif at in ids and ids.index(at) + 1 < len(ids):
        await go_to(ctx, ids[ids.index(at) + 1])
    elif at is None or at in ids:
        await go_to(ctx, NAME)
    elif at == NAME:
        await go_to(ctx, PHONE)
    else:
        await go_to(ctx, SUMMARY)


async def go_back(ctx: Context) -> None:
    if draft_of(ctx).editing:
        await go_to(ctx, SUMMARY)
        return
    ids = [q.id for q in visible_questions(ctx.profile, answers_of(ctx))]
    at = draft_of(ctx).at
    if at == PHONE:
        await go_to(ctx, NAME)
    elif at == NAME:
        await go_to(ctx, ids[-1])
    elif at in ids and ids.index(at) > 0:
        await go_to(ctx, ids[ids.index(at) - 1])
    else:
        ctx.goto(steps.CONSENT)


# -- resume and consent -----------------------------------------------------------------

async def resume_prompt(ctx: Context) -> Outbound:
    draft = await ctx.repos.drafts.get(ctx.person.id)
    started = draft.started_at if draft else ctx.now
    timezone = ctx.profile.centres[0].timezone
    return Outbound(
        _(
            "Welcome back! You started telling us about yourself earlier ({date}). Would you"
            " like to continue where you stopped, or start over?",
            date=When(started, timezone, style="date"),
        ),
        (Choice(CONTINUE, _("Continue")), RESTART, back_to_menu()),
    )


async def resume_handle(ctx: Context, event: Inbound) -> bool:
    draft = await ctx.repos.drafts.get(ctx.person.id)
    if event.choice == CONTINUE and draft is not None:
        # The stored draft, read through the session's own loader: the same shape.
        stored = EnquiryDraft.load({"answers": draft.answers.get("answers", {}),
                                    "contact": draft.answers.get("contact", {})})
        mine = draft_of(ctx)
        mine.answers, mine.contact, mine.consent = stored.answers, stored.contact, \
            draft.consent_id
        if await consent_version(ctx.repos.conn, draft.consent_id) != \
                current_version(ctx.profile):
            # What we tell people about their data changed since they agreed: ask again.
            ctx.say(_("We have updated what we tell you about your data. Please read it"
                      " again before you go on."))
            mine.resuming = True
            ctx.goto(steps.CONSENT)
            return True
        await resume_at(ctx, draft.position)
    elif event.choice in (RESTART.id, CONTINUE):
        await ctx.repos.drafts.discard(ctx.person.id)
        ctx.goto(steps.CONSENT)
    elif event.choice == TO_MENU:
        ctx.goto(MAIN)
    else:
        return False
    return True


async def resume_at(ctx: Context, position: str | None) -> None:
    known = {q.id for q in visible_questions(ctx.profile, answers_of(ctx))}
    position = position or SUMMARY
    await go_to(ctx, position if position in known | {NAME, PHONE, SUMMARY} else SUMMARY)


async def consent_prompt(ctx: Context) -> Outbound:
    agency = ctx.profile.agency
    count = len(ctx.profile.screening.questions)
    days = agency.data_retention_days
    return Outbound(
        join(
            _("Before we ask anything, here is what happens with your answers."),
            join(
                ngettext(
                    "What: {n} short question about your household, work and experience with"
                    " children, then your name and phone number.",
                    "What: {n} short questions about your household, work and experience with"
                    " children, then your name and phone number.",
                    count,
                ),
                _("We never ask about health or criminal records here."),
                _("Why: so that someone from our team can prepare for a call with you."),
                _("Who sees it: only our staff who work with foster carers."),
                ngettext(
                    "How long: up to {n} day after our last contact, then it is deleted.",
                    "How long: up to {n} days after our last contact, then it is deleted.",
                    days,
                ),
                _("Deleting: at any time, in “About us and privacy” or by writing to {email}.",
                  email=Verbatim(agency.email)),
                separator="\n",
            ),
            _("Do you agree?"),
        ),
        (AGREE, NOT_NOW),
    )


async def consent_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == NOT_NOW.id:
        ctx.goto(steps.OVERVIEW)
        return True
    if event.choice != AGREE.id:
        return False
    consent = await ctx.repos.consents.record(
        ctx.person.id, "enquiry", current_version(ctx.profile), ctx.locale, ctx.now
    )
    await funnel.mark(ctx.repos.conn, ctx.person.id, "consented", ctx.now, ctx.person.source)
    from flows.enquiry.follow_up import schedule  # it builds on this module

    await schedule(ctx)
    draft = await ctx.repos.drafts.get(ctx.person.id)
    mine = draft_of(ctx)
    resuming, mine.resuming = mine.resuming, False
    if resuming and draft is not None:
        mine.consent, mine.editing = consent, False
        await resume_at(ctx, draft.position)
        return True
    mine.answers, mine.contact, mine.consent, mine.editing, mine.at = {}, {}, consent, False, None
    await advance(ctx)
    return True


# -- the questions ----------------------------------------------------------------------

def _progress(ctx: Context, question: Question) -> Text:
    ids = [q.id for q in visible_questions(ctx.profile, answers_of(ctx))]
    return _("Question {n} of {total}", n=ids.index(question.id) + 1, total=len(ids))


async def question_prompt(ctx: Context) -> Outbound:
    question = current_question(ctx)
    if question is None:  # the profile changed, or the answer that showed it did
        return Outbound(_("Let's look at your answers."), (REVIEW,))
    text = join(_progress(ctx, question), question.prompt.text, separator="\n")
    extras = ([SKIP] if question.optional else []) + [BACK]
    if question.kind == "yes_no":
        return Outbound(text, (YES, NO, BACK))
    if question.kind == "choice":
        options = [Choice(buttons.ANSWER.of(c.id), c.label.text) for c in question.choices]
        return Outbound(text, (*options, *extras))
    if question.kind == "multi":
        picked = set(draft_of(ctx).picked)
        options = [
            Choice(buttons.TOGGLE.of(c.id), join(Verbatim("✓"), c.label.text, separator=" ")
                   if c.id in picked else c.label.text)
            for c in question.choices
        ]
        hint = _("Choose all that fit, then press “Done”.")
        return Outbound(join(text, hint, separator="\n\n"), (*options, DONE, *extras))
    return Outbound(join(text, _("Please write your answer."), separator="\n\n"), tuple(extras),
                    free_text=True)


async def question_handle(ctx: Context, event: Inbound) -> bool:
    question = current_question(ctx)
    if question is None or event.choice == REVIEW.id:  # REVIEW: shown when none is left
        await go_to(ctx, SUMMARY)
        return True
    choice = event.choice
    answer = buttons.ANSWER.value_of(choice)
    if choice == BACK.id:
        draft_of(ctx).picked = []
        await go_back(ctx)
        return True
    if choice == SKIP.id and question.optional:
        answers_of(ctx)[question.id] = None
        draft_of(ctx).picked = []
        await advance(ctx)
        return True
    if question.kind in ("choice", "yes_no") and answer is not None:
        answers_of(ctx)[question.id] = answer
        await advance(ctx)
        return True
    if question.kind == "multi":
        return await _multi(ctx, question, choice)
    if question.kind == "text" and event.text is not None:
        answer = event.text.strip()
        if len(answer) > question.max_length:
            ctx.say(ngettext("That is a little long: please keep it to {n} character.",
                             "That is a little long: please keep it to {n} characters.",
                             question.max_length))
            ctx.goto(steps.QUESTION)
            return True
        if answer:
            answers_of(ctx)[question.id] = answer
            await advance(ctx)
            return True
    return False


async def _multi(ctx: Context, question: Question, choice: ChoiceId | None) -> bool:
    picked = draft_of(ctx).picked
    option = buttons.TOGGLE.value_of(choice)
    if option is not None:
        if option in picked:
            picked.remove(option)
        else:
            picked.append(option)
        ctx.goto(steps.QUESTION)
        return True
    if choice == DONE.id:
        if not picked and not question.optional:
            ctx.say(_("Please choose at least one, then press “Done”."))
            ctx.goto(steps.QUESTION)
            return True
        answers_of(ctx)[question.id] = [c.id for c in question.choices if c.id in picked] or None
        draft_of(ctx).picked = []
        await advance(ctx)
        return True
    return False


# -- name and phone ---------------------------------------------------------------------

async def name_prompt(ctx: Context) -> Outbound:
    return Outbound(_("Thank you! What name should we use when we call you?"), (BACK,),
                    free_text=True)


async def name_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == BACK.id:
        await go_back(ctx)
        return True
    name = (event.text or "").strip()
    if not name or name.isdigit() or len(name) > 100:
        return False
    contact_of(ctx)["name"] = name
    await advance(ctx)
    return True


async def phone_prompt(ctx: Context) -> Outbound:
    return Outbound(
        _("And your phone number? Press the button below to share it, or type it."),
        (BACK,),
        ask_phone=True,
        free_text=True,
    )


def normalise_phone(raw: str, country: str) -> str | None:
    """E.164 for a valid number of any country, a local number read as the agency's."""
    cleaned = raw.strip()
    if cleaned.isdigit() and len(cleaned) > 10:
        cleaned = "+" + cleaned  # shared contacts often come without the plus
    try:
        number = phonenumbers.parse(cleaned, country)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def example_phone(country: str) -> str:
    example = phonenumbers.example_number_for_type(
        country, phonenumbers.PhoneNumberType.MOBILE
    )
    assert example is not None, country
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


async def phone_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == BACK.id:
        await go_back(ctx)
        return True
    raw = event.contact_phone or event.text
    if not raw:
        return False
    phone = normalise_phone(raw, ctx.profile.agency.country)
    if phone is None:
        ctx.say(_(
            "That does not look like a phone number. Please check it and type it again,"
            " for example {example}.",
            example=Verbatim(example_phone(ctx.profile.agency.country)),
        ))
        ctx.goto(steps.PHONE)
        return True
    contact_of(ctx)["phone"] = phone
    await advance(ctx)
    return True

