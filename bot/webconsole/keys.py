"""What the console's sub-application keeps, and who is signed in."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from babel.support import Translations
from multidict import MultiDictProxy

from bot.runtime import Runtime
from storage.staff import StaffMember

RUNTIME = web.AppKey("console_runtime", Runtime)
CATALOGS = web.AppKey("console_catalogs", dict[str, Translations])
STAFF_LOCALE = web.AppKey("console_staff_locale", str)
SECURE = web.AppKey("console_secure", bool)


# Queues whose pages an agent needs: enquiries and follow-ups, consultations.
ENQUIRIES_QUEUE = "enquiries"
BOOKINGS_QUEUE = "bookings"


@dataclass(frozen=True)
class Signed:
    member: StaffMember
    csrf: str

    def sees(self, queue: str) -> bool:
        """Supervisors see everything; agents their queues (all, when they have none)."""
        member = self.member
        return member.is_supervisor or not member.queues or queue in member.queues

    @property
    def supervisor(self) -> bool:
        return self.member.is_supervisor


class Refused(Exception):
    """The signed-in staff member's role does not include this page."""


SIGNED = web.RequestKey("console_signed", Signed)
SIGNED_OUT = web.RequestKey("console_signed_out", bool)
# What ``request.post()`` returns.
Form = MultiDictProxy[str | bytes | bytearray | web.FileField]
FORM = web.RequestKey("console_form", Form)


def signed_in(request: web.Request) -> Signed:
    return request[SIGNED]


def form_of(request: web.Request) -> Form:
    return request[FORM]
