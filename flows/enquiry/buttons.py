"""The kinds of buttons the enquiry flow shows: ``buttons.ANSWER.of("yes")`` is the
``a:yes`` button. Fixed buttons are ``Choice`` constants next to their step."""

from __future__ import annotations

from flows.messages import ChoiceKind

LEARN = ChoiceKind("learn")  # learn:start, learn:faq, learn:forms
FORM = ChoiceKind("form")  # form:<care form id>
FAQ = ChoiceKind("faq")  # faq:<FAQ entry id>
RESUME = ChoiceKind("resume")  # resume:continue, resume:restart
CONSENT = ChoiceKind("consent")  # consent:yes, consent:no
QUESTION = ChoiceKind("q")  # q:back, q:skip, q:done, q:review
ANSWER = ChoiceKind("a")  # a:yes, a:no, a:<option id>
TOGGLE = ChoiceKind("t")  # t:<option id> of a multiple choice
SUMMARY = ChoiceKind("s")  # s:send, s:edit, s:cancel, s:back
EDIT = ChoiceKind("e")  # e:<question id>, e:name, e:phone
FOLLOW_UP = ChoiceKind("fu")  # fu:stop
