"""The staff flow: which rule a staff member's message, command or button runs.

Free of any messenger: the engine hands it a ``StaffEvent`` and the loaded ticket, and
commits what the rules leave in the ``StaffContext``. Only registered staff act; an agent
acts on the tickets of their queues, a supervisor on every ticket.
"""

from __future__ import annotations

import logging

from flows.staff import rules, texts
from flows.staff.context import StaffContext
from flows.staff.effects import PostToTopic
from flows.staff.event import NOTE_PREFIX, Command, Pressed, Wrote
from flows.staff.listing import queue_text
from flows.staff.roles import ERASE_CONFIRM, may_act, supervisors_only
from flows.text import Text, join

log = logging.getLogger(__name__)

TICKET_COMMANDS = frozenset({"note", "t", "close", "reopen", "link"})
GENERAL_COMMANDS = frozenset({"queue", "mine", "help"})


async def handle(ctx: StaffContext, act: Wrote | Command | Pressed) -> None:
    if isinstance(act, Pressed):
        ctx.answer = await _press(ctx, act.action)
    elif ctx.actor is None:
        if isinstance(act, Command):
            user_id = ctx.user_id
            ctx.post(texts.not_staff(user_id) if user_id else texts.NOT_STAFF_SHORT)
        else:
            log.info("staff group: a message from an unregistered member was not relayed")
    elif isinstance(act, Command) and act.name == "erase":
        await _erase(ctx, act.argument)
    elif ctx.ticket is not None and not may_act(ctx.member, ctx.ticket) and (
            isinstance(act, Wrote) or act.name in TICKET_COMMANDS):
        await rules.refuse(ctx)
    elif isinstance(act, Command):
        await _command(ctx, act.name, act.argument)
    elif ctx.ticket is None:
        pass  # staff talking among themselves in General or another topic
    elif act.is_note:
        await rules.note(ctx, act.text.removeprefix(NOTE_PREFIX))
    else:
        await rules.relay(ctx, act)


async def _command(ctx: StaffContext, name: str, argument: str) -> None:
    if name == "help":
        ctx.post(join(texts.HELP, texts.LINK_HELP, texts.ERASE_HELP, separator="\n"))
        return
    if name in GENERAL_COMMANDS:
        text = await queue_text(ctx.repos, ctx.profile, ctx.render, ctx.now,
                                assignee=ctx.who if name == "mine" else None)
        ctx.tell_staff(PostToTopic(text, thread=ctx.thread,
                                   ticket=ctx.ticket.id if ctx.ticket else None,
                                   group=ctx.group))
        return
    if name not in TICKET_COMMANDS:
        ctx.post(texts.UNKNOWN_COMMAND)
    elif ctx.ticket is None:
        ctx.post(texts.IN_TOPIC_ONLY)
    elif name == "note":
        await rules.note(ctx, argument)
    elif name == "t":
        await rules.canned(ctx, argument)
    elif name == "link":
        await rules.link(ctx, argument)
    elif name == "close":
        await rules.close(ctx, argument)  # a second /close hears who closed it
    elif not await rules.reopen(ctx):
        ctx.post(texts.ALREADY_OPEN)


async def _press(ctx: StaffContext, action: str) -> Text | None:
    if ctx.actor is None:
        return texts.NOT_STAFF_SHORT
    if ctx.ticket is None:
        return texts.NO_TICKET
    if not may_act(ctx.member, ctx.ticket):
        return await rules.refuse(ctx, post=False)
    if action == "claim":
        return await rules.claim(ctx)
    if action == "close":
        if await rules.close(ctx, None):
            return texts.DONE
        return await rules.already_closed(ctx)
    if action == "urgent":
        await rules.urgent(ctx)
        return texts.DONE
    if action == "fp":
        await rules.false_alarm(ctx)
        return texts.DONE
    return None


async def _erase(ctx: StaffContext, argument: str) -> None:
    """``/erase`` explains and asks for ``/erase yes``; a supervisor's ``/erase yes``
    erases the ticket's person in this same transaction. An agent is refused (audited)."""
    confirmed = argument.strip().lower() == "yes"
    if ctx.ticket is None:
        if not confirmed:
            ctx.post(texts.IN_TOPIC_ONLY)
    elif not ctx.member.is_supervisor:
        ctx.post(await supervisors_only(ctx.repos))
        await ctx.audit("erase", "refused")
    elif not confirmed:
        ctx.post(ERASE_CONFIRM)
    elif ctx.person is not None:
        ctx.person_events.append(f"erase:staff:{ctx.member.telegram_user_id}")
