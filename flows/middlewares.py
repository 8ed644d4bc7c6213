"""The checks every message a person sends goes through before their current step, in
this order (``IN_ORDER``); each either answers and stops, or hands on to the next."""

from __future__ import annotations

from flows import faq_match, menu
from flows.alerts import raise_alert
from flows.catalog import Middleware, Next
from flows.router import Turn, unexpected_note
from flows.safeguarding import detect
from flows.text import _


async def safeguarding(turn: Turn, call_next: Next) -> None:
    """Before anything else, in every state: the numbers to call and an urgent ticket."""
    event = turn.event
    words = event.text or event.caption  # a photo's caption is read as carefully
    alert = detect(words, turn.ctx.locale) if words and event.command is None else None
    if alert is None:
        await call_next()
        return
    await raise_alert(turn.ctx, event, alert)


async def commands(turn: Turn, call_next: Next) -> None:
    """/start, /help, /human…: the same in every state."""
    command = turn.event.command
    handler = turn.ctx.catalog.commands.get(command[0]) if command is not None else None
    if handler is None or command is None:
        await call_next()
        return
    await handler(turn.ctx, command[1])


async def first_contact(turn: Turn, call_next: Next) -> None:
    """Somebody new: the agency's greeting and the menu, whatever they wrote."""
    if not turn.first_contact:
        await call_next()
        return
    turn.ctx.goto(turn.ctx.catalog.home, preface=menu.greeting(turn.ctx))


async def idle_return(turn: Turn, call_next: Next) -> None:
    """Back after the session's idle time: kindly, from the main menu."""
    ctx = turn.ctx
    if not turn.idle_expired or ctx.session.flow == ctx.catalog.home.flow:
        await call_next()
        return
    ctx.say(_("Welcome back! It has been a while, so we are starting again from the main"
              " menu. Nothing you sent before is lost."))
    ctx.goto(ctx.catalog.home)


async def typed_choices(turn: Turn, call_next: Next) -> None:
    """"2", or a button's own label typed out, is that button."""
    event = turn.event
    if event.text is not None and event.choice is None and event.command is None:
        prompt = await turn.prompt()
        chosen = turn.resolve(event.text, prompt.choices, not prompt.free_text)
        if chosen is not None:
            turn.resolved(chosen)
    await call_next()


async def faq_buttons(turn: Turn, call_next: Next) -> None:
    """The buttons of an FAQ suggestion are answered in every state."""
    choice = turn.event.choice
    if choice is None or choice.kind != faq_match.SUGGESTION:
        await call_next()
        return
    await faq_match.pressed(turn.ctx, choice, await turn.prompt())


async def stale_buttons(turn: Turn, call_next: Next) -> None:
    """A button of an earlier message: say so, and show where we are now."""
    choice = turn.event.choice
    prompt = await turn.prompt()
    if choice is None or choice in {offered.id for offered in prompt.choices}:
        await call_next()
        return
    turn.ctx.send(unexpected_note(turn.event, stale_button=True))
    turn.ctx.send(prompt)


IN_ORDER: tuple[tuple[str, Middleware], ...] = (
    ("safeguarding", safeguarding),
    ("commands", commands),
    ("first_contact", first_contact),
    ("idle_return", idle_return),
    ("typed_choices", typed_choices),
    ("faq_buttons", faq_buttons),
    ("stale_buttons", stale_buttons),
)
