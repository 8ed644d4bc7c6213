"""The steps of the enquiry flow and its draft: what the person has answered so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from flows.drafts import Draft
from flows.framework import StepRef

FLOW = "enquiry"
OVERVIEW = StepRef(FLOW, "overview")
FORM = StepRef(FLOW, "form")
FAQ = StepRef(FLOW, "faq")
RESUME = StepRef(FLOW, "resume")
CONSENT = StepRef(FLOW, "consent")
QUESTION = StepRef(FLOW, "question")
NAME = StepRef(FLOW, "name")
PHONE = StepRef(FLOW, "phone")
SUMMARY = StepRef(FLOW, "summary")
EDIT = StepRef(FLOW, "edit")
FOLLOW_UP = StepRef(FLOW, "follow_up")

# One answer: a choice's id or the words typed, several ids, or None when skipped.
Answer = str | list[str] | None


@dataclass
class EnquiryDraft(Draft):
    answers: dict[str, Answer] = field(default_factory=dict)
    contact: dict[str, str] = field(default_factory=dict)  # "name", "phone"
    # Where the person is: a question's id, "name", "phone" or "summary".
    at: str | None = None
    consent: int | None = None  # the consent record the answers were given under
    editing: bool = False  # changing one answer from the summary
    picked: list[str] = field(default_factory=list)  # a multiple choice being answered
    resuming: bool = False  # agreeing again to a changed consent text, then resuming
    form: str | None = None  # the form of care being read about
