"""Become a foster carer: learn, consent, a gentle pre-screening, and a lead for staff."""

from __future__ import annotations

from flows import menu
from flows.enquiry import follow_up, learn, questionnaire, submit
from flows.framework import Context, Flow, Step, register
from storage import funnel

FLOW = learn.FLOW

register(
    Flow(
        FLOW,
        "overview",
        {
            "overview": Step(learn.overview_prompt, learn.overview_handle),
            "form": Step(learn.form_prompt, learn.form_handle),
            "faq": Step(learn.faq_prompt, learn.faq_handle),
            "resume": Step(questionnaire.resume_prompt, questionnaire.resume_handle),
            "consent": Step(questionnaire.consent_prompt, questionnaire.consent_handle),
            "question": Step(questionnaire.question_prompt, questionnaire.question_handle),
            "name": Step(questionnaire.name_prompt, questionnaire.name_handle),
            "phone": Step(questionnaire.phone_prompt, questionnaire.phone_handle),
            "summary": Step(submit.summary_prompt, submit.summary_handle),
            "edit": Step(submit.edit_prompt, submit.edit_handle),
            "follow_up": Step(follow_up.follow_up_prompt, follow_up.follow_up_handle),
        },
    )
)
menu.DESTINATIONS["menu:foster"] = (FLOW, None)


async def open_foster(ctx: Context) -> None:
    """«Become a foster carer»: the first stage of the recruitment funnel."""
    await funnel.mark(ctx.repos.conn, ctx.person.id, "opened", ctx.now, ctx.person.source)
    ctx.goto(FLOW)


menu.ACTIONS["menu:foster"] = open_foster
