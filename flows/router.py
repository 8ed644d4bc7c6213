"""Routes one inbound event: an internal event to its handler; anything a person sent
through the catalog's checks (``flows.middlewares``, in order), then to the current step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from flows import faq_match
from flows.framework import Context
from flows.messages import Choice, ChoiceId, Inbound, Outbound
from flows.text import _, join

# Maps typed text ("2", or a button's label) onto a choice id of the current prompt.
ChoiceResolver = Callable[[str, tuple[Choice, ...], bool], ChoiceId | None]


@dataclass
class Turn:
    """One event on its way through the checks; a check may replace ``event`` (a typed
    "2" becomes the second button) for the ones after it."""

    ctx: Context
    event: Inbound
    resolve: ChoiceResolver
    first_contact: bool = False
    idle_expired: bool = False
    _prompt: Outbound | None = None

    async def prompt(self) -> Outbound:
        """The current step's prompt, as the person last saw it."""
        if self._prompt is None:
            self._prompt = await current_prompt(self.ctx)
        return self._prompt

    def resolved(self, choice: ChoiceId) -> None:
        self.event = replace(self.event, choice=choice, text=None)


async def current_prompt(ctx: Context) -> Outbound:
    step = ctx.catalog.step_at(ctx.session.flow, ctx.session.step)
    if step is None:  # a flow renamed or removed by an upgrade
        home = ctx.catalog.home
        ctx.restart_at(home)
        step = ctx.catalog.step_at(home.flow, home.step)
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
        handler = ctx.catalog.events.get(name)
        if handler is not None:
            await handler(ctx, argument)
            await _enter_next(ctx)
    else:
        turn = Turn(ctx, event, resolve, first_contact, idle_expired)
        await ctx.catalog.run(turn, current_step)
        await _enter_next(ctx)
    ctx.settle()


async def current_step(turn: Turn) -> None:
    """After every check: the step the person is at handles what they sent."""
    ctx, event = turn.ctx, turn.event
    prompt = await turn.prompt()
    step = ctx.catalog.step_at(ctx.session.flow, ctx.session.step)
    assert step is not None
    if event.command is None and await step.handle(ctx, event):
        return
    ctx.stay()  # an input the step did not take moves nobody
    if event.text and event.command is None and not prompt.free_text:
        # Words where a button was expected: perhaps a question the FAQ answers.
        found = faq_match.suggestions(ctx, event.text)
        if found is not None:
            ctx.send(found)
            return
    ctx.send(unexpected_note(event, stale_button=False))
    ctx.send(prompt)


def unexpected_note(event: Inbound, *, stale_button: bool) -> Outbound:
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


async def _enter_next(ctx: Context) -> None:
    """Follow ``goto`` transitions, showing the prompt of the step we land on."""
    if ctx.next_step is None:
        return
    ctx.session.flow, ctx.session.step = ctx.next_step.flow, ctx.next_step.step
    ctx.next_step = None
    prompt = await current_prompt(ctx)
    if ctx.preface is not None:
        prompt = replace(prompt, text=join(ctx.preface, prompt.text))
        ctx.preface = None
    ctx.send(prompt)
