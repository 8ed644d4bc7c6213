"""A ticket whose person was erased (or whose retention period ended) leaves the staff
group: its topic is deleted with everything in it; where the bot lacks the right to
delete topics, the topic is closed and its card says "erased". General gets one line."""

from __future__ import annotations

import contextlib
import logging

from aiogram.exceptions import TelegramBadRequest

from bot.desk.topics import Group, thread_gone
from flows.staff.effects import TicketErased
from flows.text import Msg, _

log = logging.getLogger(__name__)

# TRANSLATORS: staff only: the pinned card of a ticket whose person's data was erased.
ERASED_CARD = _("🗑 Erased: everything stored about this person was deleted.")


def note(number: int, by: str) -> Msg:
    if by == "retention":
        # TRANSLATORS: staff only: one line in General.
        return _("🗑 Ticket #{number}: deleted at the end of the retention period.",
                 number=number)
    if by == "staff":
        # TRANSLATORS: staff only: one line in General.
        return _("🗑 Ticket #{number}: the person's data was erased by staff.", number=number)
    # TRANSLATORS: staff only: one line in General.
    return _("🗑 Ticket #{number}: the person erased their data.", number=number)


async def ticket_erased(group: Group, effect: TicketErased) -> str | None:
    topic, card = effect.topic, effect.card
    if topic:
        try:
            await group.bot.delete_forum_topic(chat_id=group.chat_id,
                                               message_thread_id=int(topic))
        except TelegramBadRequest as exc:
            if not thread_gone(exc):
                log.warning("topic of an erased ticket not deleted (%s): closing it instead",
                            type(exc).__name__)
                with contextlib.suppress(TelegramBadRequest):
                    await group.close_topic(int(topic))
                if card:
                    with contextlib.suppress(TelegramBadRequest):
                        await group.bot.edit_message_text(
                            chat_id=group.chat_id, message_id=int(card),
                            text=group.t(ERASED_CARD), reply_markup=None)
    return await group.say(group.t(note(effect.number, effect.by)), None)
