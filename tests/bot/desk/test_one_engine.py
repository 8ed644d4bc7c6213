"""Staff actions go the way a person's messages go: one person at a time, one transaction,
each update once; a staff file for a Viber person is fetched when it is sent."""

from __future__ import annotations

import asyncio

import pytest

from bot.telegram.channel import SECRET_HEADER, WEBHOOK_PATH
from flows.staff import texts
from storage.tickets import Tickets
from tests.bot.desk.conftest import SECRET, STAFF_CHAT, Rig
from tests.bot.desk.test_at_the_same_moment import CLOSED_NOTE
from tests.fakes import viber_api as v

THANKS = "Thank you for talking with us."


async def test_a_staff_reply_waits_while_the_persons_own_message_is_handled(
    rig: Rig,
) -> None:
    mariam = await rig.add_staff(7001, "Mariam")
    olena = rig.fake.person(380501120001, language_code="uk")
    _ticket, thread = await rig.quick_ticket(olena)
    await rig.idle()
    before = len(olena.messages)

    # The engine is in the middle of Olena's own message (it holds her lock)...
    lock = rig.runtime.engine._lock_for("telegram", str(olena.chat_id))
    await lock.acquire()
    reply = asyncio.create_task(rig.says(mariam, thread, "Добрий день, я Маріам"))
    await asyncio.sleep(0.5)
    # ... so Mariam's reply is not committed on top of a state about to change.
    assert not reply.done()
    assert await rig.rows("SELECT id FROM outbox WHERE recipient = ? AND status = 'pending'",
                          str(olena.chat_id)) == []
    lock.release()
    await reply
    await rig.until(lambda: olena.messages[-1].body == "Добрий день, я Маріам", "the reply")
    assert len(olena.messages) == before + 1


@pytest.mark.parametrize("staff_first", [True, False])
async def test_staff_closing_as_the_person_ends_it_tells_them_one_thing(
    rig: Rig, staff_first: bool,
) -> None:
    mariam = await rig.add_staff(7001, "Mariam")
    olena = rig.fake.person(380501120002 + staff_first, language_code="uk")
    ticket, thread = await rig.quick_ticket(olena)
    await rig.says(mariam, thread, "Чим можу допомогти?")
    await rig.until(lambda: olena.messages[-1].body == "Чим можу допомогти?", "the reply")
    end = rig.t("uk", "End the conversation")
    close = rig.staff_text(texts.CLOSE)
    card = rig.card(thread)

    staff = rig.press(mariam, card, close)
    person = rig.tg(olena.send(end))
    await asyncio.gather(*((staff, person) if staff_first else (person, staff)))
    await rig.idle()

    said = [m.body for m in olena.messages]
    closings = said.count(rig.t("uk", CLOSED_NOTE)) + said.count(rig.t("uk", THANKS))
    assert closings == 1, said[-4:]
    assert len([m for m in olena.messages if m.buttons[:1] == ["⭐"]]) == 1, "asked to rate once"
    assert (await rig.ticket(ticket.id)).status == "closed"


async def test_a_failure_half_way_through_a_close_commits_nothing_and_the_retry_tells_once(
    rig: Rig, monkeypatch: pytest.MonkeyPatch,
) -> None:
    mariam = await rig.add_staff(7001, "Mariam")
    olena = rig.fake.person(380501120004, language_code="uk")
    ticket, thread = await rig.quick_ticket(olena)
    await rig.says(mariam, thread, "Чим можу допомогти?")
    await rig.until(lambda: olena.messages[-1].body == "Чим можу допомогти?", "the reply")
    before = len(olena.messages)

    add_event = Tickets.add_event
    failures = [RuntimeError("the disk is full")]

    async def failing(self: Tickets, ticket_id: int, kind: str, *args: object,
                      **kwargs: object) -> None:
        if kind == "closed" and failures:
            raise failures.pop()
        await add_event(self, ticket_id, kind, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Tickets, "add_event", failing)
    update = rig.fake.group_message(STAFF_CHAT, mariam, "/close", thread_id=thread)
    first = await rig.client.post(WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET})
    assert first.status == 500, "Telegram is asked to deliver it again"
    await asyncio.sleep(0.3)
    await rig.idle()
    assert len(olena.messages) == before, "nothing reached her from the failed attempt"
    assert (await rig.ticket(ticket.id)).status == "open"

    await rig.tg(update)  # Telegram delivers it again
    await rig.idle()
    await rig.tg(update)  # and, by mistake, once more
    await rig.idle()
    said = [m.body for m in olena.messages]
    assert said.count(rig.t("uk", CLOSED_NOTE)) == 1
    assert len([m for m in olena.messages if m.buttons[:1] == ["⭐"]]) == 1
    assert (await rig.ticket(ticket.id)).status == "closed"
    assert rig.in_topic(thread).count(rig.staff_text(texts.closed_by_staff("Mariam"))) == 1


async def test_a_redelivered_staff_update_shares_the_peoples_delivery_ids(rig: Rig) -> None:
    mariam = await rig.add_staff(7001, "Mariam")
    olena = rig.fake.person(380501120005, language_code="uk")
    ticket, thread = await rig.quick_ticket(olena)
    card = rig.card(thread)
    claim = rig.fake.group_press(STAFF_CHAT, mariam, card, rig.staff_text(texts.CLAIM))
    await rig.tg(claim)
    await rig.tg(claim)
    reply = await rig.says(mariam, thread, "Один раз")
    await rig.tg(reply)
    await rig.idle()
    assert [m.body for m in olena.messages].count("Один раз") == 1
    assert rig.in_topic(thread).count(rig.staff_text(texts.claimed("Mariam"))) == 1
    claimed = await rig.rows("SELECT kind FROM ticket_events WHERE ticket_id = ? AND"
                             " kind IN ('claimed', 'reply')", ticket.id)
    assert [row["kind"] for row in claimed] == ["claimed", "reply"]
    ids = {str(claim["update_id"]), str(reply["update_id"])}
    rows = await rig.rows("SELECT channel, delivery_id FROM processed_deliveries")
    assert {(r["channel"], r["delivery_id"]) for r in rows if r["delivery_id"] in ids} == {
        ("telegram", i) for i in ids}


async def test_a_staff_file_for_viber_is_fetched_only_when_it_is_sent(rig: Rig) -> None:
    mariam = await rig.add_staff(7001, "Mariam")
    ona = v.user("OnaLater0000000000000000==", language="lt")
    _ticket, thread = await rig.quick_ticket(ona)
    await rig.idle()
    sent_before = len(rig.viber.sent_to(ona["id"]))
    rig.fake.add_file("AgAClater", b"\xff\xd8 later")
    photo = [{"file_id": "AgAClater", "file_unique_id": "u9", "width": 800, "height": 600}]

    # Telegram is away when the sender gets to it: the reply is committed all the same,
    # and goes once Telegram gives the file.
    rig.fake.fail("getFile", status=502, times=1)
    await rig.tg(rig.fake.group_content(STAFF_CHAT, mariam, thread_id=thread, photo=photo))
    bodies = await rig.viber.wait_for(ona["id"], sent_before + 1)
    assert bodies[-1]["type"] == "picture"
    assert len(rig.fake.calls_to("getFile")) == 2

    # A file the Bot API will not give: the person gets nothing, staff are told.
    rig.fake.fail("getFile", status=400, description="Bad Request: file is too big")
    await rig.tg(rig.fake.group_content(STAFF_CHAT, mariam, thread_id=thread, photo=photo))
    told = rig.staff_text(texts.MEDIA_FAILED)
    await rig.until(lambda: told in rig.in_topic(thread), "the note")
    await rig.idle()
    assert len(rig.viber.sent_to(ona["id"])) == sent_before + 1
