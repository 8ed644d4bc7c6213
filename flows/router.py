"""Routes one inbound event: global commands first, then the current step."""

from __future__ import annotations

from collections.abc import Callable

from flows import catalog, faq_match, menu
from flows.alerts import raise_alert
from flows.framework import COMMANDS, SYSTEM_EVENTS, Context, step_of
from flows.messages import Choice, Inbound, Outbound
from flows.safeguarding import detect
from flows.text import _

assert catalog.__all__  # every flow is registered before the first event

# Maps typed text ("2", or a button's label) onto a choice id of the current prompt.
ChoiceResolver = Callable[[str, tuple[Choice, ...], bool], str | None]


async def current_prompt(ctx: Context) -> Outbound:
    step = step_of(ctx.session.flow, ctx.session.step)
    if step is None:  # a flow renamed or removed by an upgrade
        ctx.session.flow, ctx.session.step, ctx.session.data = menu.MENU, "main", {}
        step = step_of(menu.MENU, "main")
        assert step is not None
    return await step.prompt(ctx)


async def dispatch(
    ctx: Context,
    event: Inbound,
    resolve: ChoiceResolver,
    *,
    first_contact: bool = False,
    idle_expired: bool = False,
) -> None:
    if event.system is not None:
        name, _sep, argument = event.system.partition(":")
        handler = SYSTEM_EVENTS.get(name)
        if handler is not None:
            await handler(ctx, argument)
            await _enter_next(ctx)
        return
    command = event.command
    words = event.text or event.caption  # a photo's caption is read as carefully
    alert = detect(words, ctx.locale) if words and command is None else None
    if alert is not None:
        # Before anything else, in every state: the numbers to call and an urgent ticket.
        await raise_alert(ctx, event, alert)
        await _enter_next(ctx)
        return
    if command is not None and await _global_command(ctx, *command):
        await _enter_next(ctx)
        return
    if first_contact:
        ctx.send(menu.greeting(ctx))
        ctx.goto(menu.MENU)
        await _enter_next(ctx)
        return
    if idle_expired and ctx.session.flow != menu.MENU:
        ctx.say(
            _(
                "Welcome back! It has been a while, so we are starting again from the main"
                " menu. Nothing you sent before is lost."
            )
        )
        ctx.goto(menu.MENU)
        await _enter_next(ctx)
        return

    prompt = await current_prompt(ctx)
    if event.text is not None and event.choice is None and command is None:
        chosen = resolve(event.text, prompt.choices, not prompt.free_text)
        if chosen is not None:
            event = Inbound(**{**event.__dict__, "choice": chosen, "text": None})
    if event.choice is not None and event.choice.startswith(faq_match.PREFIX):
        await faq_match.pressed(ctx, event.choice, prompt)  # answered in every state
        await _enter_next(ctx)
        return
    offered = {choice.id for choice in prompt.choices}
    stale_button = event.choice is not None and event.choice not in offered
    step = step_of(ctx.session.flow, ctx.session.step)
    assert step is not None
    handled = not stale_button and command is None and await step.handle(ctx, event)
    if handled:
        await _enter_next(ctx)
        return
    if event.text and command is None and not prompt.free_text:
        # Words where a button was expected: perhaps a question the FAQ answers.
        found = faq_match.suggestions(ctx, event.text)
        if found is not None:
            ctx.send(found)
            return
    ctx.send(_unexpected_note(event, stale_button))
    ctx.send(prompt)


def _unexpected_note(event: Inbound, stale_button: bool) -> Outbound:
    if stale_button:
        text = _("That button belongs to an earlier message. Here is where we are now:")
    elif event.command is not None:
        text = _("I don't know that command. Type /help to see what I can do.")
    elif event.attachment is not None or event.contact_phone is not None:
        text = _(
            "Thank you! I can't use that here, so please answer with the buttons or a"
            " short text."
        )
    else:
        text = _("Sorry, I didn't quite understand.")
    return Outbound(text)


async def _global_command(ctx: Context, name: str, argument: str) -> bool:
    handler = COMMANDS.get(name)
    if handler is None:
        return False
    await handler(ctx, argument)
    return True


async def _enter_next(ctx: Context) -> None:
    """Follow ``goto`` transitions, showing the prompt of the step we land on."""
    if ctx.next_step is None:
        return
    ctx.session.flow, ctx.session.step = ctx.next_step
    ctx.next_step = None
    ctx.send(await current_prompt(ctx))
