"""Updates from the staff group (``STAFF_CHAT_ID``): staff messages and card buttons.

Each update is claimed by its ``update_id`` (delivery channel ``telegram-staff``) in the
same transaction as everything it does, so a redelivered update changes nothing. Work
that needs the network happens around that transaction: a file for a Viber person is
fetched before it, and the person whose conversation is closed hears it through the
engine (with a delivery id of its own, so a retry does not tell them twice) just before.

Only registered staff can act. Nothing anybody wrote is logged.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery, Message, ReactionTypeEmoji, Update

from bot.desk import texts
from bot.desk.actions import CONVERSATIONS, VIBER, Actions, Scene
from bot.desk.erase_command import erase_command
from bot.desk.listing import queue_text
from bot.desk.media import MediaStore, Stored
from bot.desk.ops import add_post, parse_callback
from bot.desk.roles import may_act, not_your_queue
from bot.desk.said import CONTENT, NOTE_PREFIX, StaffMedia, command_of, read
from bot.runtime import Runtime
from flows.messages import Inbound
from flows.text import Text, join
from storage import audit
from storage.repositories import Person, Repos
from storage.staff import StaffMember
from storage.tickets import Ticket

log = logging.getLogger(__name__)

DELIVERIES = "telegram-staff"
NOTE_REACTION = "✍"
TICKET_COMMANDS = frozenset({"note", "t", "close", "reopen", "link"})
GENERAL_COMMANDS = frozenset({"queue", "mine", "help"})

Spawn = Callable[[Coroutine[Any, Any, None]], None]


class DeskHandler:
    """``TelegramChannel.staff_handler``: True when handled, False for a duplicate."""

    def __init__(self, runtime: Runtime, bot: Bot, chat_id: int, media: MediaStore,
                 spawn: Spawn) -> None:
        self.runtime = runtime
        self.db = runtime.db
        self.bot = bot
        self.chat_id = chat_id
        self.media = media
        self.spawn = spawn
        self.actions = Actions(runtime.profile, runtime.renderer, chat_id, media)

    def t(self, text: Text) -> str:
        return self.actions.t(text)

    async def __call__(self, update: Update) -> bool:
        if update.callback_query is not None:
            return await self._press(update.update_id, update.callback_query)
        if update.message is not None:
            return await self._message(update.update_id, update.message)
        return True  # membership changes and the like: nothing for the desk

    # -- messages ---------------------------------------------------------------------------

    async def _message(self, update_id: int, message: Message) -> bool:
        user = message.from_user
        if user is None or message.content_type not in CONTENT:
            return True
        if user.is_bot and message.sender_chat is None:
            return True  # another bot
        # An anonymous admin writes as the group itself and cannot be told apart.
        user_id = None if message.sender_chat is not None else user.id
        thread = message.message_thread_id if message.is_topic_message else None
        group = self.group_of(message.chat.id)
        said = read(message)
        command = command_of(said.text)
        is_note = said.text.startswith(NOTE_PREFIX)
        if command is not None and command[0] == "erase":
            return await erase_command(self, update_id, user_id, thread, command[1], group)

        # Before the transaction: what needs the network.
        async with self.db.reading() as conn:
            repos = Repos(conn)
            if await self._processed(repos, update_id):
                return False
            actor, ticket, person = await self._load(repos, user_id, thread=thread,
                                                     group=group)
        stored: Stored | None = None
        if actor is not None and ticket is not None and ticket.status == "open" \
                and may_act(actor, ticket):
            if command is not None and command[0] == "close":
                await self._tell_person_closed(ticket.id)
            elif (command is None and not is_note and said.media is not None
                  and said.media.viber_type and person is not None
                  and person.channel == VIBER and self.media.can_serve
                  and not person.blocked and not person.unsubscribed):
                stored = await self._fetch(said.media)

        react = False
        async with self.db.transaction() as conn:
            repos = Repos(conn)
            now = self.runtime.engine.clock()
            if not await repos.deliveries.claim(DELIVERIES, str(update_id), now):
                if stored is not None:
                    self.media.discard(stored.name)
                return False
            actor, ticket, person = await self._load(repos, user_id, thread=thread,
                                                     group=group)
            if actor is None:
                if command is not None:
                    refusal = texts.not_staff(user_id) if user_id else texts.NOT_STAFF_SHORT
                    await add_post(repos, now, self.t(refusal), thread=thread, group=group)
                else:
                    log.info("staff group: a message from an unregistered member was not"
                             " relayed")
                return self._done([])
            scene = Scene(repos, now, actor, ticket, person, thread, group)
            if ticket is not None and not may_act(actor, ticket) and (
                    command is None or command[0] in TICKET_COMMANDS):
                await self._refuse(scene)
            elif command is not None:
                react = await self._command(scene, command[0], command[1])
            elif ticket is None:
                pass  # staff talking among themselves in General or another topic
            elif is_note:
                react = await self.actions.note(scene, said.text.removeprefix(NOTE_PREFIX))
            elif not await self.actions.relay(scene, said, stored) and stored is not None:
                self.media.discard(stored.name)
        return self._done([lambda: self._react(message.chat.id, message.message_id)]
                          if react else [])

    async def _command(self, scene: Scene, name: str, argument: str) -> bool:
        """Run a desk command; True when it stored an internal note."""
        repos, now = scene.repos, scene.now
        if name in GENERAL_COMMANDS:
            if name == "help":
                await self.actions.post(scene, join(texts.HELP, texts.LINK_HELP,
                                                    texts.ERASE_HELP, separator="\n"))
                return False
            text = await queue_text(repos, self.runtime.profile, self.runtime.renderer, now,
                                    assignee=scene.who if name == "mine" else None)
            await add_post(repos, now, text, thread=scene.thread,
                           ticket=scene.ticket.id if scene.ticket else None, group=scene.group)
            return False
        if name not in TICKET_COMMANDS:
            await self.actions.post(scene, texts.UNKNOWN_COMMAND)
            return False
        if scene.ticket is None:
            await self.actions.post(scene, texts.IN_TOPIC_ONLY)
            return False
        if name == "note":
            return await self.actions.note(scene, argument)
        if name == "t":
            await self.actions.canned(scene, argument)
        elif name == "link":
            await self.actions.link(scene, argument)
        elif name == "close":
            await self.actions.close(scene, argument)  # a second /close is told who closed it
        elif not await self.actions.reopen(scene):
            await self.actions.post(scene, texts.ALREADY_OPEN)
        return False

    # -- buttons ------------------------------------------------------------------------------

    async def _press(self, update_id: int, query: CallbackQuery) -> bool:
        parsed = parse_callback(query.data)
        async with self.db.reading() as conn:
            repos = Repos(conn)
            if await self._processed(repos, update_id):
                return False
            actor, ticket, _person = await self._load(
                repos, query.from_user.id, ticket_id=parsed[1] if parsed else None)
        if parsed and parsed[0] == "close" and actor is not None and ticket is not None \
                and ticket.status == "open" and may_act(actor, ticket):
            await self._tell_person_closed(ticket.id)
        answer: Text | None = None
        async with self.db.transaction() as conn:
            repos = Repos(conn)
            now = self.runtime.engine.clock()
            if not await repos.deliveries.claim(DELIVERIES, str(update_id), now):
                return False
            actor, ticket, person = await self._load(
                repos, query.from_user.id, ticket_id=parsed[1] if parsed else None)
            if parsed is None:
                answer = None
            elif actor is None:
                answer = texts.NOT_STAFF_SHORT
            elif ticket is None:
                answer = texts.NO_TICKET
            elif not may_act(actor, ticket):
                answer = await self._refuse(Scene(repos, now, actor, ticket, person,
                                                  ticket.topic_id, ticket.staff_chat_id),
                                            post=False)
            else:
                answer = await self._button(Scene(repos, now, actor, ticket, person,
                                                  ticket.topic_id, ticket.staff_chat_id),
                                            parsed[0])
        return self._done([lambda: self._answer(query.id, answer)])

    async def _button(self, scene: Scene, action: str) -> Text | None:
        if action == "claim":
            return await self.actions.claim(scene)
        if action == "close":
            if await self.actions.close(scene, None):
                return texts.DONE
            return await self.actions.already_closed(scene)
        if action == "urgent":
            await self.actions.urgent(scene)
            return texts.DONE
        if action == "fp":
            await self.actions.false_alarm(scene)
            return texts.DONE
        return None

    async def _refuse(self, scene: Scene, *, post: bool = True) -> Text:
        """An agent outside the ticket's queue: nothing is done, and they hear who can."""
        ticket = scene.ticket
        assert ticket is not None
        queue = self.runtime.profile.queue(ticket.queue)
        refusal = await not_your_queue(scene.repos,
                                       self.t(queue.name.text) if queue else ticket.queue)
        await audit.record(scene.repos.conn, staff_id=scene.actor.telegram_user_id,
                           action="refused", ticket_id=ticket.id, person_id=ticket.person_id,
                           detail=ticket.queue, now=scene.now)
        if post:
            await self.actions.post(scene, refusal)
        return refusal

    # -- around the transaction ---------------------------------------------------------------

    def group_of(self, chat_id: int) -> int | None:
        """A staff group as tickets and desk jobs name it: None for the default one."""
        return None if chat_id == self.chat_id else chat_id

    async def _load(
        self, repos: Repos, user_id: int | None, *, thread: int | None = None,
        ticket_id: int | None = None, group: int | None = None,
    ) -> tuple[StaffMember | None, Ticket | None, Person | None]:
        """Who acts (if registered staff), on which ticket (by its topic in ``group``, or
        by id), for whom."""
        actor = await repos.staff.get(user_id) if user_id is not None else None
        chat = self.chat_id if group is None else group
        ticket = (await repos.tickets.by_topic(thread, chat, self.chat_id)
                  if thread is not None
                  else await repos.tickets.get(ticket_id) if ticket_id is not None else None)
        person = await repos.people.get(ticket.person_id) \
            if ticket is not None and ticket.person_id is not None else None
        return actor, ticket, person

    @staticmethod
    async def _processed(repos: Repos, update_id: int) -> bool:
        async with repos.conn.execute(
            "SELECT 1 FROM processed_deliveries WHERE channel = ? AND delivery_id = ?",
            (DELIVERIES, str(update_id)),
        ) as cursor:
            return await cursor.fetchone() is not None

    async def _tell_person_closed(self, ticket_id: int) -> None:
        """The person hears that staff closed the conversation, and is asked to rate it.
        Done before the closing commits: if that fails, Telegram sends the update again
        and the engine recognises this event by its delivery id. The id names this
        closing of the ticket, not the update, so two staff closing it at the same moment
        tell the person once."""
        async with self.db.reading() as conn:
            repos = Repos(conn)
            _actor, ticket, person = await self._load(repos, None, ticket_id=ticket_id)
            reopened = await repos.tickets.times_reopened(ticket_id)
        if ticket is None or person is None:
            return
        if ticket.kind not in CONVERSATIONS and ticket.first_response_at is None:
            return  # a card nobody talked about: there is nothing to rate
        await self.runtime.engine.handle(Inbound(
            person.channel, person.external_id,
            delivery_id=f"desk-close:{ticket_id}:{reopened}",
            system=f"ticket_closed:{ticket_id}",
        ))

    async def _fetch(self, media: StaffMedia) -> Stored | None:
        try:
            return await self.media.fetch(self.bot, media.file_id, media.file_name,
                                          media.default_suffix)
        except Exception as exc:  # too large for the Bot API, or Telegram is away
            log.warning("staff file not fetched for a Viber person: %s", type(exc).__name__)
            return None

    def _done(self, chores: list[Callable[[], Coroutine[Any, Any, None]]]) -> bool:
        self.runtime.engine.committed.set()  # wake the sender: there is work
        for chore in chores:
            self.spawn(chore())
        return True

    async def _react(self, chat_id: int, message_id: int) -> None:
        """A quiet ✍ on an internal note: stored, and not sent to anybody."""
        with contextlib.suppress(Exception):
            await self.bot.set_message_reaction(
                chat_id=chat_id, message_id=message_id,
                reaction=[ReactionTypeEmoji(emoji=NOTE_REACTION)])

    async def _answer(self, query_id: str, text: Text | None) -> None:
        with contextlib.suppress(Exception):
            await self.bot.answer_callback_query(
                query_id, text=self.t(text)[:200] if text is not None else None)

