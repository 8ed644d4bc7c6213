"""Become a foster carer: learn, consent, a gentle pre-screening, and a lead for staff."""

from __future__ import annotations

from flows import menu
from flows.enquiry import follow_up, learn, questionnaire, steps, submit
from flows.enquiry.steps import FLOW, EnquiryDraft
from flows.framework import Context, Router
from storage import follow_ups, funnel


async def open_foster(ctx: Context) -> None:
    """«Become a foster carer»: the first stage of the recruitment funnel."""
    await funnel.mark(ctx.repos.conn, ctx.person.id, "opened", ctx.now, ctx.person.source)
    ctx.goto(steps.OVERVIEW)


def router() -> Router:
    flow = Router(FLOW, draft=EnquiryDraft)
    flow.step(steps.OVERVIEW, learn.overview_prompt, learn.overview_handle)
    flow.step(steps.FORM, learn.form_prompt, learn.form_handle)
    flow.step(steps.FAQ, learn.faq_prompt, learn.faq_handle)
    flow.step(steps.RESUME, questionnaire.resume_prompt, questionnaire.resume_handle)
    flow.step(steps.CONSENT, questionnaire.consent_prompt, questionnaire.consent_handle)
    flow.step(steps.QUESTION, questionnaire.question_prompt, questionnaire.question_handle)
    flow.step(steps.NAME, questionnaire.name_prompt, questionnaire.name_handle)
    flow.step(steps.PHONE, questionnaire.phone_prompt, questionnaire.phone_handle)
    flow.step(steps.SUMMARY, submit.summary_prompt, submit.summary_handle)
    flow.step(steps.EDIT, submit.edit_prompt, submit.edit_handle)
    flow.step(steps.FOLLOW_UP, follow_up.follow_up_prompt, follow_up.follow_up_handle)
    flow.system_event(follow_ups.JOB, handler=follow_up.follow_up_event)
    flow.menu_entry(menu.FOSTER.id, open_foster)
    return flow


__all__ = ["FLOW", "router"]
