"""What each staff role may do: agents act on tickets of their queues (all queues when
none are set), supervisors on every ticket; only supervisors erase or export a person's
data and read the audit log. Refusals say who can."""

from __future__ import annotations

from flows.text import Msg, _
from storage.repositories import Repos
from storage.staff import StaffMember
from storage.tickets import Ticket


def may_act(actor: StaffMember, ticket: Ticket) -> bool:
    return actor.is_supervisor or not actor.queues or ticket.queue in actor.queues


async def supervisors(repos: Repos) -> str:
    names = [m.name for m in await repos.staff.all() if m.is_supervisor]
    return ", ".join(names) or "—"


async def not_your_queue(repos: Repos, queue: str) -> Msg:
    # TRANSLATORS: staff only: an agent acted on a ticket outside their queues.
    return _("This ticket is in the “{queue}” queue, which is not one of yours, so nothing"
             " was done. Colleagues of that queue or a supervisor ({names}) can act on it.",
             queue=queue, names=await supervisors(repos))


async def supervisors_only(repos: Repos) -> Msg:
    # TRANSLATORS: staff only: an agent tried to erase or export a person's data.
    return _("Only a supervisor can erase or export a person's data. Please ask one of them:"
             " {names}.", names=await supervisors(repos))


# TRANSLATORS: staff only: /erase without "yes". Keep "/erase yes" as it is.
ERASE_CONFIRM = _("This erases everything stored about this person, deletes this topic and"
                  " cannot be undone. To go ahead, send: /erase yes")
