"""The summary screen, changing an answer, and turning the answers into a lead for staff."""

from __future__ import annotations

from typing import Any

import phonenumbers

from flows.enquiry import buttons, steps
from flows.enquiry.questionnaire import (
    NAME,
    PHONE,
    SUMMARY,
    answers_of,
    contact_of,
    draft_of,
    go_to,
    visible_questions,
)
from flows.framework import Context
from flows.languages import language_names
from flows.menu import MAIN
from flows.messages import Choice, Inbound, Outbound
from flows.profile import LText, Profile, Question
from flows.references import reference_line, staff_reference
from flows.text import Text, Verbatim, _, join
from flows.tickets import open_ticket
from storage import funnel
from storage.enquiries import Seen

SEND = Choice(buttons.SUMMARY.of("send"), _("Send"))
EDIT = Choice(buttons.SUMMARY.of("edit"), _("Change an answer"))
CANCEL = Choice(buttons.SUMMARY.of("cancel"), _("Cancel and delete my answers"))
TO_SUMMARY = Choice(buttons.SUMMARY.of("back"), _("Back to the summary"))


def answer_text(question: Question, answer: Any) -> Text:
    if answer is None:
        return _("skipped")
    if question.kind == "yes_no":
        return _("Yes") if answer == "yes" else _("No")
    if question.kind == "text":
        return Verbatim(str(answer))
    labels = {choice.id: choice.label.text for choice in question.choices}
    picked = answer if isinstance(answer, list) else [answer]
    return join(*(labels[p] for p in picked if p in labels), separator=", ")


def question_label(question: Question) -> Text:
    return (question.summary or question.prompt).text


def to_discuss(profile: Profile, answers: dict[str, Any]) -> list[tuple[str, LText]]:
    """Answers the profile marks as worth talking through, keyed ``question:answer``."""
    found = []
    for question in visible_questions(profile, answers):
        answer = answers.get(question.id)
        if question.kind == "yes_no" and answer == "yes" and question.discuss is not None:
            found.append((f"{question.id}:yes", question.discuss))
        picked = answer if isinstance(answer, list) else [answer]
        for choice in question.choices:
            if choice.id in picked and choice.discuss is not None:
                found.append((f"{question.id}:{choice.id}", choice.discuss))
    return found


def answer_lines(profile: Profile, answers: dict[str, Any], contact: dict[str, str]) -> Text:
    lines: list[Text] = []
    for number, question in enumerate(visible_questions(profile, answers), 1):
        lines.append(join(Verbatim(f"{number}. "), question_label(question), Verbatim(": "),
                          answer_text(question, answers.get(question.id)), separator=""))
    phone = contact.get("phone", "")
    if phone:
        phone = phonenumbers.format_number(phonenumbers.parse(phone),
                                           phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    lines.append(_("Name: {name}", name=Verbatim(contact.get("name", ""))))
    lines.append(_("Phone: {phone}", phone=Verbatim(phone)))
    return join(*lines, separator="\n")


async def summary_prompt(ctx: Context) -> Outbound:
    return Outbound(
        join(_("Here is what you told us. Is everything right?"),
             answer_lines(ctx.profile, answers_of(ctx), contact_of(ctx))),
        (SEND, EDIT, CANCEL),
    )


async def summary_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == SEND.id:
        await submit(ctx)
    elif event.choice == EDIT.id:
        ctx.goto(steps.EDIT)
    elif event.choice == CANCEL.id:
        await ctx.repos.drafts.discard(ctx.person.id)
        ctx.say(_("Your answers have been deleted. You are welcome back at any time."))
        ctx.goto(MAIN)
    else:
        return False
    return True


async def edit_prompt(ctx: Context) -> Outbound:
    questions = visible_questions(ctx.profile, answers_of(ctx))
    choices = [Choice(buttons.EDIT.of(q.id),
                      join(Verbatim(f"{n}. "), question_label(q), separator=""))
               for n, q in enumerate(questions, 1)]
    return Outbound(
        _("Which answer would you like to change?"),
        (*choices, Choice(buttons.EDIT.of(NAME), _("Name")),
         Choice(buttons.EDIT.of(PHONE), _("Phone number")), TO_SUMMARY),
    )


async def edit_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == TO_SUMMARY.id:
        await go_to(ctx, SUMMARY)
        return True
    target = buttons.EDIT.value_of(event.choice)
    known = {q.id for q in visible_questions(ctx.profile, answers_of(ctx))}
    if target is None or target not in known | {NAME, PHONE}:
        return False
    draft = draft_of(ctx)
    draft.editing, draft.picked = True, []
    question = next((q for q in ctx.profile.screening.questions if q.id == target), None)
    if question is not None and question.kind == "multi":
        answer = answers_of(ctx).get(target)
        draft.picked = list(answer) if isinstance(answer, list) else []
    await go_to(ctx, target)
    return True


def what_was_seen(ctx: Context, answers: dict[str, Any],
                  discuss: list[tuple[str, LText]]) -> tuple[tuple[Seen, ...],
                                                              tuple[dict[str, str], ...]]:
    """Each answer's question and answer labels as the person read them and as staff
    read them, kept with the enquiry so that exports outlive changes to the profile."""
    locales = dict.fromkeys((ctx.locale, ctx.profile.agency.staff_locale))

    def labels(text: Text) -> dict[str, str]:
        return {code: ctx.render(text, code) for code in locales}

    seen = tuple(
        Seen(question.id, labels(question_label(question)),
             labels(answer_text(question, answers.get(question.id))))
        for question in visible_questions(ctx.profile, answers)
    )
    return seen, tuple(labels(text.text) for _key, text in discuss)


async def submit(ctx: Context) -> None:
    profile = ctx.profile
    answers = {q.id: answers_of(ctx).get(q.id) for q in visible_questions(profile, answers_of(ctx))}
    contact = contact_of(ctx)
    discuss = to_discuss(profile, answers)
    seen, seen_discuss = what_was_seen(ctx, answers, discuss)
    enquiry_id, reference = await ctx.repos.enquiries.create(
        person_id=ctx.person.id,
        agency_id=profile.agency.id,
        channel=ctx.person.channel,
        locale=ctx.locale,
        source=ctx.person.source,
        consent_id=draft_of(ctx).consent,
        name=contact.get("name", ""),
        phone=contact.get("phone", ""),
        answers=answers,
        to_discuss=[key for key, _text in discuss],
        now=ctx.now,
        seen=seen,
        seen_discuss=seen_discuss,
    )
    await funnel.mark(ctx.repos.conn, ctx.person.id, "sent", ctx.now, ctx.person.source)
    town = answers.get("town")
    centre = town if isinstance(town, str) and profile.centre(town) else None
    await open_ticket(
        ctx, queue="enquiries", kind="enquiry", centre=centre, subject=f"enquiry:{enquiry_id}",
        card=staff_card(ctx, enquiry_id, answers, contact, discuss, reference),
    )
    await ctx.repos.drafts.discard(ctx.person.id)
    ctx.say(join(
        _("Thank you! Your enquiry has reached our team."),
        reference_line(reference),
        profile.screening.next_steps.text,
        join(_("We will also talk these through together, calmly and in confidence:"),
             *(join(Verbatim("•"), text.text, separator=" ") for _key, text in discuss),
             separator="\n") if discuss else None,
    ))
    ctx.goto(MAIN)


def staff_card(
    ctx: Context,
    enquiry_id: int,
    answers: dict[str, Any],
    contact: dict[str, str],
    discuss: list[tuple[str, LText]],
    reference: str,
) -> Text:
    person = ctx.person
    flags = (
        join(_("⚑ To talk through:"),
             *(join(Verbatim("•"), text.text, separator=" ") for _key, text in discuss),
             separator="\n")
        if discuss else None
    )
    about = _(
        "Language: {language} · Channel: {channel} · Source: {source}",
        language=language_names([ctx.locale]),
        channel=Verbatim(person.channel),
        source=Verbatim(person.source or "—"),
    )
    return join(
        # TRANSLATORS: staff only: the first line of a ticket card in the staff group.
        join(_("New foster-care enquiry #{number}", number=enquiry_id),
             staff_reference(reference), separator="\n"),
        flags,
        about,
        answer_lines(ctx.profile, answers, contact),
    )
