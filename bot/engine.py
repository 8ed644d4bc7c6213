"""The effect runner: one inbound event in, one transaction of effects out.

For each event it takes the person's lock (this process's asyncio lock, then, inside the
transaction, the one all processes share: storage/locks.py), loads their session, runs
the current step and commits the new session, the flow's domain writes and the outgoing
messages together (a transactional outbox). Delivery happens later, in the sender, so a
crash at any point loses no answer and sends nothing twice.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from bot.i18n import Renderer
from flows import router
from flows.catalog import Catalog, default_catalog
from flows.effects import PersonEffect
from flows.framework import Context
from flows.languages import negotiate
from flows.messages import Choice, ChoiceId, Inbound, Outbound
from flows.profile import Profile
from flows.staff.context import DeskSetup, StaffOutcome
from flows.staff.effects import DeskEffect, TicketErased, encode
from flows.staff.event import StaffEvent
from flows.text import _
from storage.db import Database
from storage.locks import lock_person
from storage.outbox_codec import PersonPayload
from storage.privacy import Erasure, erase_person, scrub_delivered
from storage.repositories import Person, Repos, Session

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
# Outbox rows for the staff desk; delivered by the desk's transport when it is configured.
DESK_CHANNEL = "desk"
DESK_RECIPIENT = "staff"


class Outcome(StrEnum):
    """What became of one inbound event."""

    HANDLED = "handled"  # committed: the answer is in the outbox
    DUPLICATE = "duplicate"  # its delivery id was handled before: nothing done
    IGNORED = "ignored"  # nobody to act for (an internal event for an erased person)
    FAILED = "failed"  # nothing committed, not even an apology: deliver it again


@dataclass(frozen=True)
class InlineAnswer:
    """``handle_inline``'s result: what became of the event, and the messages to put in
    the HTTP response (stored as already sent)."""

    outcome: Outcome
    messages: tuple[PersonPayload, ...] = ()


def utc_now() -> datetime:
    return datetime.now(UTC)


async def add_desk_effects(repos: Repos, effects: Iterable[DeskEffect], now: datetime) -> None:
    """Queue desk effects in the caller's transaction. No person_id: the desk's work must
    go on even if the person blocks us."""
    for effect in effects:
        await repos.outbox.add(person_id=None, channel=DESK_CHANNEL, recipient=DESK_RECIPIENT,
                               payload=encode(effect), now=now)


def erased_tickets(erasure: Erasure, by: str) -> list[DeskEffect]:
    """The erased person's tickets leave the staff group."""
    return [TicketErased(ticket.id, ticket.topic_id, ticket.card_message_id,
                         ticket.staff_chat_id, by) for ticket in erasure.tickets]


async def after_erasure(db: Database, erasure: Erasure) -> None:
    """Outside the transaction: files served to the person go, and the WAL is emptied so the
    deleted text is not left in it."""
    from bot.desk.media import media_folder

    folder = media_folder(db.path)
    for url in erasure.media_urls:
        name = url.rstrip("/").rsplit("/", 1)[-1]
        if name and "/" not in name and not name.startswith("."):
            (folder / name).unlink(missing_ok=True)
    if not await db.checkpoint():
        log.warning("after an erasure, the WAL could not be emptied yet (a reader is busy)")


class Engine:
    def __init__(
        self,
        db: Database,
        profile: Profile,
        renderer: Renderer,
        *,
        default_locale: str = "en",
        idle: timedelta = timedelta(days=3),
        clock: Clock = utc_now,
        catalog: Catalog | None = None,
    ) -> None:
        self.db = db
        self.catalog = catalog or default_catalog()
        self.profile = profile
        self.renderer = renderer
        self.idle = idle
        self.clock = clock
        languages = profile.agency.languages
        self.default_locale = (
            default_locale if default_locale in languages else profile.agency.default_locale
        )
        self._locks: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        # Senders wait on this so that a committed answer leaves at once.
        self.committed = asyncio.Event()
        self.handled_count = 0

    def _home_session(self, person_id: int, now: datetime) -> Session:
        """A fresh session at the catalog's home step."""
        home = self.catalog.home
        return Session(person_id, home.flow, home.step, {}, now, now + self.idle)

    def _lock_for(self, channel: str, external_id: str) -> asyncio.Lock:
        key = (channel, external_id)
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    async def handle(self, event: Inbound) -> Outcome:
        """Process one event. Never raises for a flow's bug: the person gets an apology
        and the main menu instead (HANDLED); FAILED only when even that was not stored."""
        return await self._handle(event, None)

    async def handle_inline(self, event: Inbound) -> InlineAnswer:
        """Process one event whose answer must travel in the HTTP response (Viber's
        ``conversation_started``): the rows are stored as already sent and returned."""
        answer: list[PersonPayload] = []
        outcome = await self._handle(event, answer)
        return InlineAnswer(outcome, tuple(answer) if outcome is Outcome.HANDLED else ())

    async def _handle(self, event: Inbound, inline: list[PersonPayload] | None) -> Outcome:
        async with self._lock_for(event.channel, event.external_id):
            try:
                outcome = await self._run(event, inline)
            except Exception:
                log.exception("step failed on %s", event.channel)
                outcome = await self._apologise(event, inline)
        if outcome is Outcome.HANDLED or outcome is Outcome.IGNORED:
            self.handled_count += 1
            self.committed.set()
        return outcome

    async def _run(self, event: Inbound, inline: list[PersonPayload] | None) -> Outcome:
        async with self.db.transaction(exclusive=False) as conn:
            await lock_person(conn, event.channel, event.external_id)  # across processes
            repos = Repos(conn)
            now = self.clock()
            if not await repos.deliveries.claim(event.channel, event.delivery_id, now):
                return Outcome.DUPLICATE
            if event.system is not None and await repos.people.find(
                    event.channel, event.external_id) is None:
                return Outcome.IGNORED  # an event for somebody erased meanwhile
            person, first_contact = await self._person(repos, event, now)
            first_contact = first_contact and event.system is None
            session = await repos.sessions.load(person.id)
            idle_expired = session is not None and session.expires_at < now
            if session is None:
                session = self._home_session(person.id, now)
            ctx = self._context(person, session, repos, now)
            await router.dispatch(
                ctx,
                event,
                lambda typed, choices, numbers: self.resolve_choice(
                    typed, choices, ctx.locale, numbers=numbers
                ),
                first_contact=first_contact,
                idle_expired=idle_expired,
            )
            erasure = await self._commit_step(repos, person, ctx, now, inline)
        if erasure is not None:
            await after_erasure(self.db, erasure)
        return Outcome.HANDLED

    async def handle_staff(self, event: StaffEvent, setup: DeskSetup) -> StaffOutcome | None:
        """Process one staff event on the person path: the lock of the ticket's person,
        one transaction, its delivery id claimed with people's, effects in the same outbox.
        None when it was a duplicate delivery. A failure raises (nothing is committed and
        the channel's redelivery tries again)."""
        from bot.staff_events import handle_staff

        outcome = await handle_staff(self, event, setup)
        if outcome is not None:
            self.handled_count += 1
            self.committed.set()
        return outcome

    async def person_event(self, repos: Repos, person: Person, system: str,
                           now: datetime) -> Erasure | None:
        """Run an internal event (``"ticket_closed:12"``) through the person's own flow in
        the caller's transaction, as ``_run`` does for a person's event; the erasure, when
        the event erased them (the caller finishes it after the commit)."""
        session = await repos.sessions.load(person.id)
        if session is None:
            session = self._home_session(person.id, now)
        ctx = self._context(person, session, repos, now)
        event = Inbound(person.channel, person.external_id, delivery_id="", system=system)
        await router.dispatch(ctx, event, lambda typed, choices, numbers: None)
        return await self._commit_step(repos, person, ctx, now, None)

    async def _commit_step(self, repos: Repos, person: Person, ctx: Context, now: datetime,
                           inline: list[PersonPayload] | None) -> Erasure | None:
        """What a step left in ``ctx``, into the transaction: the erasure it asked for, the
        person's messages, the desk's effects, the session."""
        erasure = None
        if ctx.forget_person:
            # First: the erasure removes every outbox row about the person, and the last
            # message goes without their id (and is deleted once delivered).
            erasure = await erase_person(repos.conn, person.id, reason=ctx.erase_reason,
                                         now=now, staff_id=ctx.erase_staff)
        await self._queue(repos, person, ctx.outgoing, ctx.locale, now, inline,
                          person_id=None if erasure else person.id)
        await add_desk_effects(repos, ctx.for_staff, now)
        if erasure is not None:
            await add_desk_effects(repos, erased_tickets(erasure, ctx.erase_reason), now)
        else:
            await repos.sessions.save(ctx.session, now, self.idle)
        return erasure

    def _context(self, person: Person, session: Session, repos: Repos, now: datetime) -> Context:
        return Context(person, session, repos, self.profile, now, person.locale,
                       render=self.renderer.text, catalog=self.catalog)

    async def _person(self, repos: Repos, event: Inbound, now: datetime) -> tuple[Person, bool]:
        person = await repos.people.find(event.channel, event.external_id)
        if person is None:
            locale = negotiate(event.language_hint, self.default_locale)
            if locale not in self.profile.agency.languages:
                locale = self.default_locale
            return await repos.people.create(event.channel, event.external_id, locale, now,
                                             None), True
        if event.system is None:  # only the person's own message shows they are there
            await repos.people.touch(person.id, now)
        return person, False

    async def _queue(
        self,
        repos: Repos,
        person: Person,
        effects: list[PersonEffect],
        locale: str,
        now: datetime,
        inline: list[PersonPayload] | None,
        *,
        person_id: int | None = -1,
    ) -> None:
        for effect in effects:
            rendered = self.renderer.render(effect, locale)
            row_id = await repos.outbox.add_message(
                person_id=person.id if person_id == -1 else person_id,
                channel=person.channel,
                recipient=person.external_id,
                message=rendered,
                now=now,
            )
            if inline is not None:
                await repos.outbox.mark_sent(row_id, now, "inline")
                await scrub_delivered(repos.conn, row_id, now)
                inline.append(rendered)

    async def _apologise(self, event: Inbound, inline: list[PersonPayload] | None
                         ) -> Outcome:
        """Answer a failed step kindly and put the person back on the main menu."""
        try:
            async with self.db.transaction(exclusive=False) as conn:
                await lock_person(conn, event.channel, event.external_id)
                repos = Repos(conn)
                now = self.clock()
                if not await repos.deliveries.claim(event.channel, event.delivery_id, now):
                    return Outcome.DUPLICATE
                person, _first = await self._person(repos, event, now)
                session = self._home_session(person.id, now)
                ctx = self._context(person, session, repos, now)
                sorry = Outbound(
                    _("Sorry, something went wrong on our side. Let's start again from the"
                      " main menu.")
                )
                await repos.sessions.save(session, now, self.idle)
                prompt = await router.current_prompt(ctx)
                await self._queue(repos, person, [sorry, prompt], person.locale, now, inline)
                return Outcome.HANDLED
        except Exception:
            log.exception("could not even apologise", extra={"channel": event.channel})
            return Outcome.FAILED

    def resolve_choice(
        self, typed: str, choices: tuple[Choice, ...], locale: str, *, numbers: bool = True
    ) -> ChoiceId | None:
        """``"2"`` or a button's own label (reply keyboards send the label) → choice id."""
        cleaned = typed.strip().rstrip(".)")
        if numbers and cleaned.isdigit() and 1 <= int(cleaned) <= len(choices):
            return choices[int(cleaned) - 1].id
        wanted = typed.strip().casefold()
        for choice in choices:
            if self.renderer.text(choice.label, locale).strip().casefold() == wanted:
                return choice.id
        return None
