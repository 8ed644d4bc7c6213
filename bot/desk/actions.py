"""What a staff member's message or button does to a ticket, inside one transaction.

Each action reads and writes through the transaction's repositories, queues desk jobs
and messages for the person in the outbox, and may leave a chore (a reaction, a button's
pop-up) for after the commit. Only internal notes keep their text in ``ticket_events``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.desk import texts
from bot.desk.listing import assignee_name
from bot.desk.media import MediaStore, Stored
from bot.desk.ops import add_op, add_post
from bot.desk.said import Said
from bot.i18n import Renderer
from flows.booking.link import link_message, valid_link
from flows.handoff import END
from flows.messages import Rendered, RenderedChoice
from flows.profile import Profile
from flows.text import Text
from storage import audit
from storage.outbox_codec import Copy, MediaKind, MediaRef, MediaSource
from storage.repositories import Person, Repos
from storage.staff import StaffMember
from storage.tickets import Ticket

# Tickets that are a conversation: the person is asked to rate it when staff close it.
CONVERSATIONS = ("handoff", "safeguarding")
TELEGRAM = "telegram"
VIBER = "viber"


@dataclass
class Scene:
    repos: Repos
    now: datetime
    actor: StaffMember
    ticket: Ticket | None
    person: Person | None
    thread: int | None
    # The staff group the staff member acts in; None: the default one (STAFF_CHAT_ID).
    group: int | None = None

    @property
    def who(self) -> str:
        return str(self.actor.telegram_user_id)

    async def audit(self, action: str) -> None:
        """One audit row for this staff action on this ticket (ids only)."""
        await audit.record(self.repos.conn, staff_id=self.actor.telegram_user_id,
                           action=action, ticket_id=self.ticket.id if self.ticket else None,
                           person_id=self.ticket.person_id if self.ticket else None,
                           now=self.now)


class Actions:
    def __init__(self, profile: Profile, renderer: Renderer, chat_id: int,
                 media: MediaStore) -> None:
        self.profile = profile
        self.renderer = renderer
        self.chat_id = chat_id
        self.media = media
        self.locale = profile.agency.staff_locale

    def t(self, text: Text) -> str:
        return self.renderer.text(text, self.locale)

    async def post(self, scene: Scene, text: Text) -> None:
        """A short answer where the staff member is: the ticket's topic, or General."""
        ticket = scene.ticket
        await add_post(scene.repos, scene.now, self.t(text), thread=scene.thread,
                       ticket=ticket.id if ticket and ticket.topic_id == scene.thread
                       else None, group=scene.group)

    # -- talking to the person --------------------------------------------------------------

    def unreachable(self, scene: Scene) -> Text | None:
        """Why nothing can go to the ticket's person now, if so."""
        ticket, person = scene.ticket, scene.person
        assert ticket is not None
        if ticket.status != "open":
            return texts.CLOSED_NOT_SENT
        if person is None:
            return texts.ERASED_NOT_SENT
        if person.blocked or person.unsubscribed:
            return texts.BLOCKED_NOT_SENT
        return None

    async def relay(self, scene: Scene, said: Said, stored: Stored | None) -> bool:
        """Deliver a staff message to the person on their own messenger; False (and a
        word to staff) when it cannot go."""
        reason = self.unreachable(scene)
        if reason is not None:
            await self.post(scene, reason)
            return False
        ticket, person = scene.ticket, scene.person
        assert ticket is not None and person is not None
        if person.channel == TELEGRAM:
            # Copied as it is: any text, photo, file, voice or sticker arrives unchanged.
            await scene.repos.outbox.add_message(
                person_id=person.id, channel=person.channel, recipient=person.external_id,
                message=Copy(scene.group or self.chat_id, said.message_id), now=scene.now)
        else:
            problem = self._viber_problem(said, stored)
            if problem is not None:
                await self.post(scene, problem)
                return False
            media = None
            if stored is not None and said.media is not None:
                media = MediaRef(MediaSource.URL, MediaKind(said.media.viber_type), stored.url,
                                 file_name=said.media.file_name, size=stored.size)
            await self._queue_text(scene, said.text, media)
        await self.answered(scene)
        return True

    def _viber_problem(self, said: Said, stored: Stored | None) -> Text | None:
        if said.media is None:
            return None if said.textual and said.text.strip() else texts.UNSUPPORTED_FOR_VIBER
        if not said.media.viber_type:
            return texts.UNSUPPORTED_FOR_VIBER
        if not self.media.can_serve:
            return texts.NO_MEDIA_FOR_VIBER
        return texts.MEDIA_FAILED if stored is None else None

    async def _queue_text(self, scene: Scene, text: str, media: MediaRef | None) -> None:
        """A text (and perhaps a file) for the person, in the outbox's neutral form. In a
        conversation, a Viber person keeps the button that ends it."""
        ticket, person = scene.ticket, scene.person
        assert ticket is not None and person is not None
        choices: tuple[RenderedChoice, ...] = ()
        if person.channel == VIBER and ticket.kind in CONVERSATIONS:
            choices = (RenderedChoice(END.id, self.renderer.text(END.label, person.locale)),)
        rendered = Rendered(text, choices, free_text=bool(choices), media=media)
        await scene.repos.outbox.add_message(person_id=person.id, channel=person.channel,
                                             recipient=person.external_id, message=rendered,
                                             now=scene.now)

    async def answered(self, scene: Scene) -> None:
        """A reply went out: the first one claims the ticket and stops its SLA clock."""
        ticket = scene.ticket
        assert ticket is not None
        if ticket.assignee is None and await scene.repos.tickets.claim(
                ticket.id, scene.who, scene.now):
            await scene.repos.tickets.add_event(ticket.id, "claimed", scene.now, scene.who)
        await scene.repos.tickets.responded(ticket.id, scene.now)
        await scene.repos.tickets.add_event(ticket.id, "reply", scene.now, scene.who)

    async def canned(self, scene: Scene, name: str) -> None:
        replies = {reply.id: reply for reply in self.profile.canned}
        if not replies:
            await self.post(scene, texts.CANNED_NONE)
            return
        reply = replies.get(name.strip())
        if reply is None:
            await self.post(scene, texts.canned_unknown(name.strip(), ", ".join(replies)))
            return
        text = await self._tell_person(scene, reply.text.text)
        if text is not None:
            await self.post(scene, texts.canned_sent(reply.id, text))

    async def _tell_person(self, scene: Scene, words: Text) -> str | None:
        """Send staff's words to the ticket's person in their language and count it as an
        answer; None (and the reason posted in the topic) when they cannot be reached."""
        reason = self.unreachable(scene)
        if reason is not None:
            await self.post(scene, reason)
            return None
        assert scene.person is not None
        text = self.renderer.text(words, scene.person.locale)
        await self._queue_text(scene, text, None)
        await self.answered(scene)
        return text

    async def link(self, scene: Scene, argument: str) -> None:
        """``/link URL`` in a booking's topic: the link and the booking's details, in the
        person's language."""
        ticket = scene.ticket
        assert ticket is not None
        subject = ticket.subject or ""
        if not subject.startswith("booking:") or not subject.removeprefix("booking:").isdigit():
            await self.post(scene, texts.LINK_NOT_BOOKING)
            return
        link = valid_link(argument)
        if link is None:
            await self.post(scene, texts.LINK_INVALID)
            return
        booking = await scene.repos.bookings.get(int(subject.removeprefix("booking:")))
        if booking is None or booking.status != "booked":
            await self.post(scene, texts.LINK_NOT_BOOKED)
            return
        if await self._tell_person(scene, link_message(self.profile, booking, link)) is None:
            return
        await self.post(scene, texts.link_sent(booking.reference))

    # -- the ticket -------------------------------------------------------------------------

    async def note(self, scene: Scene, text: str) -> bool:
        if not text.strip():
            await self.post(scene, texts.NOTE_EMPTY)
            return False
        assert scene.ticket is not None
        await scene.repos.tickets.add_event(scene.ticket.id, "note", scene.now, scene.who,
                                            note=text.strip()[:4000])
        await scene.audit("note")
        return True

    async def close(self, scene: Scene, resolution: str | None) -> bool:
        """Close an open ticket; when it is closed already (by someone a moment earlier),
        say so in its topic, and False."""
        ticket = scene.ticket
        assert ticket is not None
        resolution = (resolution or "").strip()[:500] or None
        if not await scene.repos.tickets.close(ticket.id, scene.now, resolution):
            await self.post(scene, await self.already_closed(scene))
            return False
        await scene.repos.tickets.add_event(ticket.id, "closed", scene.now, scene.who)
        await scene.audit("close")
        await add_op(scene.repos, scene.now, "ticket_closed", ticket=ticket.id,
                     by=scene.actor.name, resolution=resolution)
        return True

    async def reopen(self, scene: Scene) -> bool:
        ticket = scene.ticket
        assert ticket is not None
        if not await scene.repos.tickets.reopen(ticket.id, scene.now):
            return False
        await scene.repos.tickets.add_event(ticket.id, "reopened", scene.now, scene.who)
        await scene.audit("reopen")
        await add_op(scene.repos, scene.now, "ticket_reopened", ticket=ticket.id,
                     by=scene.actor.name)
        return True

    async def claim(self, scene: Scene) -> Text:
        ticket = scene.ticket
        assert ticket is not None
        if await scene.repos.tickets.claim(ticket.id, scene.who, scene.now):
            await scene.repos.tickets.add_event(ticket.id, "claimed", scene.now, scene.who)
            await scene.audit("claim")
            await add_post(scene.repos, scene.now, self.t(texts.claimed(scene.actor.name)),
                           thread=ticket.topic_id, ticket=ticket.id)
            return texts.you_claimed(ticket.id)
        if ticket.assignee == scene.who:
            return texts.already_yours(ticket.id)
        holder = await assignee_name(scene.repos, ticket.assignee) or "—"
        return texts.taken_by(ticket.id, holder)

    async def urgent(self, scene: Scene) -> None:
        ticket = scene.ticket
        assert ticket is not None
        if ticket.urgent and not ticket.false_positive:
            return  # already announced
        await scene.repos.tickets.mark_urgent(ticket.id, scene.now)
        await scene.repos.tickets.add_event(ticket.id, "urgent", scene.now, scene.who)
        await add_op(scene.repos, scene.now, "alert", ticket=ticket.id, category="staff",
                     by=scene.actor.name)

    async def already_closed(self, scene: Scene) -> Text:
        assert scene.ticket is not None
        closer = await assignee_name(
            scene.repos, await scene.repos.tickets.last_author(scene.ticket.id, "closed"))
        return texts.already_closed_by(closer) if closer else texts.ALREADY_CLOSED

    async def false_alarm(self, scene: Scene) -> None:
        ticket = scene.ticket
        assert ticket is not None
        if not await scene.repos.tickets.mark_false_positive(ticket.id, scene.now):
            marker = await assignee_name(
                scene.repos, await scene.repos.tickets.last_author(ticket.id, "false_positive"))
            await self.post(scene, texts.already_false_alarm(marker or "—"))
            return
        await scene.repos.tickets.add_event(ticket.id, "false_positive", scene.now, scene.who)
        await add_post(scene.repos, scene.now, self.t(texts.false_alarm(scene.actor.name)),
                       thread=ticket.topic_id, ticket=ticket.id)
        await add_op(scene.repos, scene.now, "retitle", ticket=ticket.id)
