"""The main menu and the language picker; «About us and privacy» is in flows/privacy."""

from __future__ import annotations

from flows.framework import Context, Router, StepRef
from flows.languages import LANGUAGES
from flows.messages import Choice, ChoiceKind, Inbound, Outbound
from flows.text import Text, Verbatim, _, join

MENU = "menu"
MAIN = StepRef(MENU, "main")
LANGUAGE = StepRef("language", "pick")

# The main menu's buttons; each flow registers where its own leads (``menu_entry``).
MENU_ITEM = ChoiceKind("menu")
FOSTER = Choice(MENU_ITEM.of("foster"), _("Become a foster carer"))
BOOK = Choice(MENU_ITEM.of("book"), _("Book a consultation"))
APPOINTMENTS = Choice(MENU_ITEM.of("appointments"), _("My appointments"))
HUMAN = Choice(MENU_ITEM.of("human"), _("Talk to a person"))
CHANGE_LANGUAGE = Choice(MENU_ITEM.of("language"), _("Change language"))
ABOUT = Choice(MENU_ITEM.of("about"), _("About us and privacy"))
# "Back to the main menu", offered by every flow and handled by each step that offers it.
NAV = ChoiceKind("nav")
TO_MENU = NAV.of("menu")
LANGUAGE_CODE = ChoiceKind("lang")


def menu_choices() -> tuple[Choice, ...]:
    return (FOSTER, BOOK, APPOINTMENTS, HUMAN, CHANGE_LANGUAGE, ABOUT)


def back_to_menu() -> Choice:
    return Choice(TO_MENU, _("Back to the main menu"))


async def menu_prompt(ctx: Context) -> Outbound:
    return Outbound(_("How can we help you?"), menu_choices())


async def menu_handle(ctx: Context, event: Inbound) -> bool:
    """Each button leads where the flow that owns it registered it (``menu_entry``)."""
    entry = ctx.catalog.menu.get(event.choice) if event.choice is not None else None
    if entry is None:
        return False
    if isinstance(entry, StepRef):
        ctx.goto(entry)
    else:
        await entry(ctx)
    return True


def greeting(ctx: Context) -> Text:
    """The agency's own first words (``agency.greeting`` in the profile); a plain hello
    when a profile has none. Said at the head of the main menu, in one message."""
    words = ctx.profile.agency.greeting
    return words.text if words is not None else _("Hello!")


def help_text() -> Outbound:
    # Every command in the catalog's commands, one a line (a test keeps it so).
    return Outbound(join(
        _(
            "Choose an option with the buttons, or type its number. These commands work"
            " at any time:\n/start: start again from the greeting\n/menu or /cancel: back"
            " to the main menu\n/human: talk to a person from our team\n/end: end the"
            " conversation with our team\n/language: change the language\n/help: this help"
        ),
        _("/forget: delete everything we have stored about you"),
        separator="\n",
    ))


async def language_prompt(ctx: Context) -> Outbound:
    offered = [code for code in LANGUAGES if code in ctx.profile.agency.languages]
    choices = [Choice(LANGUAGE_CODE.of(code), Verbatim(LANGUAGES[code])) for code in offered]
    return Outbound(_("Please choose your language."), (*choices, back_to_menu()))


async def language_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == TO_MENU:
        ctx.goto(MAIN)
        return True
    code = LANGUAGE_CODE.value_of(event.choice)
    if code is None or code not in ctx.profile.agency.languages:
        return False
    await ctx.set_locale(code)
    ctx.say(_("Done! I will write to you in English from now on."))
    ctx.goto(MAIN)
    return True


async def start_command(ctx: Context, payload: str) -> None:
    # A deep-link payload names the campaign that brought the person; only the first counts.
    if payload:
        await ctx.repos.people.set_source_if_unset(ctx.person.id, payload[:64])
    ctx.goto(MAIN, preface=greeting(ctx))  # the greeting and the menu, one message


async def menu_command(ctx: Context, _argument: str) -> None:
    ctx.goto(MAIN)


async def help_command(ctx: Context, _argument: str) -> None:
    ctx.send(help_text())
    ctx.goto(MAIN)


async def language_command(ctx: Context, _argument: str) -> None:
    ctx.goto(LANGUAGE)


def router() -> Router:
    """The main menu, with the language picker included."""
    menu = Router(MENU)
    menu.step(MAIN, menu_prompt, menu_handle)
    menu.command("start", handler=start_command)
    menu.command("menu", "cancel", handler=menu_command)
    menu.command("help", handler=help_command)
    menu.command("language", handler=language_command)
    language = menu.include_router(Router(LANGUAGE.flow))
    language.step(LANGUAGE, language_prompt, language_handle)
    menu.menu_entry(CHANGE_LANGUAGE.id, LANGUAGE)
    return menu
