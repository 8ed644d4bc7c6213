"""Become a foster carer: learn, consent, a gentle pre-screening, and a lead for staff."""

from __future__ import annotations

from flows.enquiry import learn, questionnaire, steps, submit
from flows.enquiry.steps import FLOW, EnquiryDraft
from flows.framework import Router


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
    flow.menu_entry("menu:foster", steps.OVERVIEW)
    return flow


__all__ = ["FLOW", "router"]
