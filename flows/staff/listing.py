"""``/queue`` and ``/mine``: open tickets as staff read them, urgent first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from babel.dates import format_timedelta

from flows.profile import Profile
from flows.staff import texts
from flows.text import Text, Verbatim, join
from storage.repositories import Repos


async def assignee_name(repos: Repos, assignee: str | None) -> str | None:
    """Assignees are stored as Telegram user ids; shown by the name staff registered."""
    if assignee is None:
        return None
    if assignee.isdigit():
        member = await repos.staff.get(int(assignee))
        if member is not None:
            return member.name
    return assignee


def waiting(since: datetime, now: datetime, locale: str) -> str:
    return str(format_timedelta(max(now - since, timedelta(0)), threshold=1.0, locale=locale))


async def queue_text(
    repos: Repos, profile: Profile, render: Callable[[Text, str], str], now: datetime, *,
    assignee: str | None = None,
) -> str:
    """Open tickets grouped by queue (in the profile's order), urgent first, then oldest;
    with ``assignee``, only theirs."""
    locale = profile.agency.staff_locale
    tickets = await repos.tickets.open_in_queue()
    if assignee is not None:
        tickets = [t for t in tickets if t.assignee == assignee]
    if not tickets:
        return render(texts.MINE_EMPTY if assignee else texts.QUEUE_EMPTY, locale)
    nobody = render(texts.NOBODY, locale)
    order = [queue.id for queue in profile.queues]
    order += sorted({t.queue for t in tickets} - set(order))
    blocks: list[Text] = [texts.MINE_HEADING if assignee else texts.QUEUE_HEADING]
    for queue_id in order:
        mine = [t for t in tickets if t.queue == queue_id]
        if not mine:
            continue
        queue = profile.queue(queue_id)
        name = render(queue.name.text, locale) if queue else queue_id
        rows: list[Text] = [texts.queue_line(name, len(mine))]
        for ticket in mine:
            who = await assignee_name(repos, ticket.assignee) or nobody
            mark = "⚠ " if ticket.urgent and not ticket.false_positive else ""
            rows.append(join(Verbatim(mark), texts.ticket_line(
                ticket.id, waiting(ticket.created_at, now, locale), who), separator=""))
        blocks.append(join(*rows, separator="\n"))
    return render(join(*blocks), locale)
