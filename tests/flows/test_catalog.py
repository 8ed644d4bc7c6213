"""The flow catalog: wired once, checked at start-up, drawn as a graph for README."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.config import Settings
from bot.i18n import translated_msgids
from bot.runtime import build_runtime
from flows.catalog import Catalog, CatalogError, Next, UnknownStep, default_catalog
from flows.drafts import Draft
from flows.framework import Context, Router, StepRef
from flows.messages import Choice, ChoiceKind, Inbound, Outbound
from flows.router import Turn
from flows.text import _
from storage.repositories import Repos
from tests.conftest import FakeClock, Person

START = StepRef("demo", "start")
LATER = StepRef("demo", "later")
NOWHERE = StepRef("demo", "nowhere")
LONELY = StepRef("demo", "lonely")
README = Path(__file__).parents[2] / "README.md"


async def hello(ctx: Context) -> Outbound:
    return Outbound(_("How can we help you?"))


async def untranslated(ctx: Context) -> Outbound:
    return Outbound(_("Words that no translator has seen yet"))


async def to_later(ctx: Context, event: Inbound) -> bool:
    ctx.goto(LATER)
    return True


async def to_nowhere(ctx: Context, event: Inbound) -> bool:
    ctx.goto(NOWHERE)
    return True


async def to_a_typo(ctx: Context, event: Inbound) -> bool:
    ctx.goto(StepRef("demo", "latr"))
    return True


async def stay(ctx: Context, event: Inbound) -> bool:
    return False


def demo(*steps: tuple[StepRef, object, object]) -> Catalog:
    router = Router("demo")
    for ref, prompt, handle in steps:
        router.step(ref, prompt, handle)  # type: ignore[arg-type]
    catalog = Catalog(START)
    catalog.include_router(router)
    return catalog


def test_the_bots_own_catalog_is_valid() -> None:
    assert default_catalog().problems(translated_msgids()) == []


def test_a_demo_that_is_wired_right_passes() -> None:
    catalog = demo((START, hello, to_later), (LATER, hello, stay))
    catalog.validate(translated_msgids())  # no exception


def test_a_step_that_leads_to_a_missing_step_is_named() -> None:
    catalog = demo((START, hello, to_nowhere))
    with pytest.raises(CatalogError) as failure:
        catalog.validate(translated_msgids())
    assert "- demo/start leads to demo/nowhere, which no flow in the catalog has" \
        in str(failure.value)


def test_a_target_written_in_place_is_checked_too() -> None:
    catalog = demo((START, hello, to_a_typo), (LATER, hello, stay))
    assert "demo/start leads to demo/latr, which no flow in the catalog has" in \
        catalog.problems()


def test_a_step_nobody_can_reach_is_named() -> None:
    catalog = demo((START, hello, stay), (LONELY, hello, stay))
    with pytest.raises(CatalogError) as failure:
        catalog.validate(translated_msgids())
    assert str(failure.value) == ("The flow catalog is not valid:\n- demo/lonely cannot be"
                                  " reached from the menu, a command or an event")


def test_an_untranslated_message_is_named_with_its_step_and_languages() -> None:
    catalog = demo((START, untranslated, stay))
    with pytest.raises(CatalogError) as failure:
        catalog.validate(translated_msgids())
    assert str(failure.value) == (
        "The flow catalog is not valid:\n- demo/start shows 'Words that no translator has"
        " seen yet', which is not translated into ka, uk, lt, pl, en, ru")


def test_a_message_missing_in_one_language_names_that_language() -> None:
    catalog = demo((START, hello, stay))
    translated = dict(translated_msgids())
    translated["lt"] = translated["lt"] - {"How can we help you?"}
    with pytest.raises(CatalogError) as failure:
        catalog.validate(translated)
    assert "demo/start shows 'How can we help you?', which is not translated into lt" \
        in str(failure.value)


def test_a_menu_button_that_leads_nowhere_is_named() -> None:
    router = Router("demo")
    router.step(START, hello, stay)
    catalog = Catalog(START, menu_buttons=(ChoiceKind("menu").of("demo"),))
    catalog.include_router(router)
    assert catalog.problems() == ["menu button 'menu:demo' leads nowhere: no flow registers it"]


ANSWER = ChoiceKind("a")
YES = Choice(ANSWER.of("yes"), _("Yes"))
NO = Choice(ANSWER.of("no"), _("No"))
SERVICE = ChoiceKind("svc")


async def yes_or_no(ctx: Context) -> Outbound:
    return Outbound(_("Do you agree?"), (YES, NO))


async def services(ctx: Context) -> Outbound:
    return Outbound(_("How can we help you?"),
                    tuple(Choice(SERVICE.of(s.id), s.button) for s in ctx.profile.services))


async def takes_yes_only(ctx: Context, event: Inbound) -> bool:
    return event.choice == YES.id


async def takes_a_misspelt_no(ctx: Context, event: Inbound) -> bool:
    return event.choice in (ANSWER.of("yes"), ANSWER.of("noo"))


async def takes_any_answer(ctx: Context, event: Inbound) -> bool:
    return ANSWER.value_of(event.choice) is not None


async def answers_everywhere(turn: Turn, call_next: Next) -> None:
    if ANSWER.value_of(turn.event.choice) is None:
        await call_next()


def test_a_button_its_step_does_not_handle_is_named() -> None:
    catalog = demo((START, yes_or_no, takes_yes_only))
    assert catalog.problems() == ["demo/start shows the button 'a:no', which its step does"
                                  " not handle"]


def test_a_misspelt_button_in_a_handler_leaves_the_real_one_unhandled() -> None:
    catalog = demo((START, yes_or_no, takes_a_misspelt_no))
    assert catalog.problems() == ["demo/start shows the button 'a:no', which its step does"
                                  " not handle"]


def test_a_kind_of_buttons_is_handled_by_a_step_that_reads_that_kind() -> None:
    assert demo((START, yes_or_no, takes_any_answer)).problems() == []
    assert demo((START, services, takes_any_answer)).problems() == [
        "demo/start shows buttons of kind 'svc' that its step does not handle"]


def test_buttons_a_check_answers_in_every_state_need_no_step() -> None:
    catalog = demo((START, yes_or_no, stay))
    assert len(catalog.problems()) == 2
    catalog.use("answers", answers_everywhere)
    assert catalog.problems() == []


def test_a_command_registered_twice_is_refused() -> None:
    first, second = Router("one"), Router("two")
    first.command("help", handler=lambda ctx, arg: to_later(ctx, None))  # type: ignore
    second.command("help", handler=lambda ctx, arg: to_later(ctx, None))  # type: ignore
    catalog = Catalog(START)
    catalog.include_router(first)
    with pytest.raises(CatalogError, match=r"command /help is registered twice \(again by"
                                           r" flow 'two'\)"):
        catalog.include_router(second)


async def test_start_up_fails_with_the_message(settings: Settings, clock: FakeClock) -> None:
    broken = demo((START, hello, to_nowhere))
    with pytest.raises(CatalogError, match="demo/start leads to demo/nowhere"):
        await build_runtime(settings, clock=clock, catalog=broken)


def test_going_to_a_step_no_flow_has_fails_loudly() -> None:
    catalog = demo((START, hello, stay))
    ctx = Context.__new__(Context)
    ctx.catalog = catalog
    with pytest.raises(UnknownStep, match="demo/nowhere"):
        ctx.goto(NOWHERE)


def test_the_checks_run_in_their_order() -> None:
    assert default_catalog().middleware_names == (
        "safeguarding", "commands", "first_contact", "idle_return", "typed_choices",
        "faq_buttons", "stale_buttons")


def test_the_graph_shows_every_flow_and_the_ways_in() -> None:
    graph = default_catalog().mermaid()
    assert graph.startswith("flowchart LR\n")
    for flow in ("menu", "language", "enquiry", "booking", "handoff", "about"):
        assert f"  subgraph {flow}\n" in graph
    assert ("  menu_main --> about_info & booking_mine & booking_service & enquiry_overview"
            " & handoff_talking & language_pick\n") in graph
    assert "  enquiry_summary --> enquiry_edit & menu_main\n" in graph
    assert '  in_human(["/human"]) --> handoff_talking\n' in graph
    assert '  in_event_reminder(["event reminder"]) --> booking_reminder\n' in graph
    assert '  in_check_safeguarding(["check safeguarding"]) --> handoff_talking\n' in graph
    # Mermaid reads "end" as the end of a subgraph: no node may be called that.
    assert not re.search(r"^\s*end\W", graph.replace("  end\n", ""), re.MULTILINE)


def test_readme_shows_the_graph_the_catalog_draws() -> None:
    block = re.search(r"```mermaid\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    assert block is not None, "README has no mermaid block"
    assert block.group(1) == default_catalog().mermaid(), (
        "README's flow graph is out of date: paste `carebot flows graph` into it")


async def test_a_session_at_a_step_that_no_longer_exists_restarts_at_the_menu(
    person: Person,
) -> None:
    await person.send("/start")
    async with person.runtime.db.transaction() as conn:
        await conn.execute("UPDATE sessions SET flow = 'enquiry', step = 'gone'")
    replies = await person.send("hello")
    assert replies[-1].text == "How can we help you?"


@dataclass
class Notes(Draft):
    seen: list[str] = field(default_factory=list)


OTHER = StepRef("other", "start")


async def note_and_refuse(ctx: Context, event: Inbound) -> bool:
    """Takes "note", and refuses anything else after starting to leave."""
    if event.text == "note":
        ctx.draft(Notes).seen.append("note")
        return True
    ctx.goto(OTHER)
    return False


async def test_a_step_that_refuses_the_input_keeps_the_person_and_the_draft(
    settings: Settings, clock: FakeClock
) -> None:
    first, other = Router("demo", draft=Notes), Router("other")
    first.step(START, hello, note_and_refuse)
    other.step(OTHER, hello, stay)
    catalog = Catalog(START)
    catalog.include_router(first)
    first.command("other", handler=lambda ctx, arg: to_other(ctx))
    catalog.include_router(other)
    runtime = await build_runtime(settings, clock=clock, catalog=catalog)
    try:
        person = Person(runtime)
        await person.send("hi")  # first contact: nothing but the home step's prompt
        await person.send("note")
        note, again = await person.send("something else")
        assert note.text == "Sorry, I didn't quite understand."
        assert again.text == "How can we help you?"
        async with runtime.db.reading() as conn:
            session = await Repos(conn).sessions.load(1)
        assert session is not None
        assert (session.flow, session.step, session.data) == ("demo", "start",
                                                              {"seen": ["note"]})
    finally:
        await runtime.close()


async def to_other(ctx: Context) -> None:
    ctx.goto(OTHER)
