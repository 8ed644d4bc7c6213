"""The kinds of buttons the booking flow shows: ``buttons.SERVICE.of("family")`` is the
``svc:family`` button. Fixed buttons are ``Choice`` constants next to their step."""

from __future__ import annotations

from flows.messages import ChoiceKind

NAVIGATE = ChoiceKind("bk")  # bk:back
MINE = ChoiceKind("mine")  # mine:list, mine:book
SERVICE = ChoiceKind("svc")  # svc:<service id>
WHOM = ChoiceKind("whom")  # whom:self, whom:family, whom:child, whom:young
CONSENT = ChoiceKind("consent")  # consent:yes, consent:no (a guardian's consent)
MODE = ChoiceKind("mode")  # mode:<in_person, phone, video>
CENTRE = ChoiceKind("centre")  # centre:<centre id>
DAY = ChoiceKind("day")  # day:<ISO date>
TIME = ChoiceKind("time")  # time:<start stamp>
PHONE = ChoiceKind("phone")  # phone:known
BOOK = ChoiceKind("book")  # book:yes, book:time, book:stop
WAIT = ChoiceKind("wait")  # wait:join, wait:other
OFFER = ChoiceKind("offer")  # offer:yes, offer:no, offer:leave
APPOINTMENT = ChoiceKind("appt")  # appt:<booking id>, appt:list, appt:move, …
LEAVE = ChoiceKind("leave")  # leave:<waiting-list entry id>
CANCEL = ChoiceKind("cancel")  # cancel:yes, cancel:no
LATE = ChoiceKind("late")  # late:staff
REMINDER = ChoiceKind("rem")  # rem:yes, rem:move, rem:cancel
