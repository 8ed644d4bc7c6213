"""A whole foster-carer enquiry on each messenger, end to end: the person answers on their
phone, the enquiry and its ticket are stored, and the card reaches the staff group."""

from __future__ import annotations

from typing import Any

from tests.bot.desk.conftest import STAFF_CHAT, Rig
from tests.bot.viber.conftest import action_bodies
from tests.fakes import viber_api as v
from tests.fakes.telegram_api import BotMessage, FakePerson
from tests.flows.test_enquiry import answer_for


def live_ids(person: FakePerson) -> dict[str, str]:
    """The choice ids of the buttons the person can press now, with their labels."""
    latest: BotMessage = [m for m in person.messages if m.inline][-1]
    return {str(latest.callback_data(label)): label for label in latest.buttons}


async def press_id(rig: Rig, person: FakePerson, choice: str) -> None:
    await rig.tg(person.press(live_ids(person)[choice]))
    await rig.idle()


async def stored(rig: Rig, channel: str) -> tuple[dict[str, Any], dict[str, Any]]:
    (enquiry,) = await rig.rows("SELECT * FROM enquiries WHERE channel = ?", channel)
    (ticket,) = await rig.rows("SELECT * FROM tickets WHERE kind = 'enquiry' AND channel = ?",
                               channel)
    return enquiry, ticket


async def test_a_telegram_person_sends_an_enquiry_and_staff_get_its_card(rig: Rig) -> None:
    person = rig.fake.person(555_000_111, first_name="Olena", language_code="uk-UA")
    await rig.tg(person.send("/start"))
    await rig.idle()
    await press_id(rig, person, "menu:foster")
    await press_id(rig, person, "learn:start")
    await press_id(rig, person, "consent:yes")
    for _question in rig.runtime.profile.screening.questions:
        choice, text = answer_for(list(live_ids(person)))
        if choice is not None:
            await press_id(rig, person, choice)
            if choice.startswith("t:"):
                await press_id(rig, person, "q:done")
        else:
            await rig.tg(person.send(text))
            await rig.idle()
    await rig.tg(person.send("Олена"))
    await rig.idle()
    assert person.reply_keyboard, "the phone is asked with Telegram's contact button"
    await rig.tg(person.share_contact("995555123456"))
    await rig.idle()
    await press_id(rig, person, "s:send")
    thanks = person.messages[-2].body
    assert rig.runtime.profile.screening.next_steps.root["uk"] in thanks
    enquiry, ticket = await stored(rig, "telegram")
    assert (enquiry["name"], enquiry["phone"], enquiry["locale"]) == (
        "Олена", "+995555123456", "uk")
    assert ticket["queue"] == "enquiries" and ticket["subject"] == f"enquiry:{enquiry['id']}"
    thread = await rig.topic(int(ticket["id"]))
    await rig.until(lambda: any(m.pinned for m in rig.fake.thread(STAFF_CHAT, thread)),
                    "the pinned card")
    assert "Олена" in rig.card(thread).body


async def test_a_viber_person_sends_an_enquiry_and_staff_get_its_card(rig: Rig) -> None:
    who = v.user("EnquiryViber01==", language="lt")
    welcome = await rig.vb(v.conversation_started(who))
    assert "menu:foster" in action_bodies(welcome)
    await rig.vb(v.subscribed(who))

    async def tap(choice: str) -> dict[str, Any]:
        await rig.vb(v.message(who, v.text(choice)))
        await rig.idle()
        return rig.viber.sent_to(who["id"])[-1]

    await tap("menu:foster")
    await tap("learn:start")
    latest = await tap("consent:yes")
    for _question in rig.runtime.profile.screening.questions:
        choice, text = answer_for(action_bodies(latest))
        if choice is not None:
            latest = await tap(choice)
            if choice.startswith("t:"):
                latest = await tap("q:done")
        else:
            await rig.vb(v.message(who, v.text(text)))
            await rig.idle()
            latest = rig.viber.sent_to(who["id"])[-1]
    await rig.vb(v.message(who, v.text("Rasa")))
    await rig.idle()
    await rig.vb(v.message(who, v.contact("+995555765432")))
    await rig.idle()
    await tap("s:send")
    enquiry, ticket = await stored(rig, "viber")
    assert (enquiry["name"], enquiry["phone"], enquiry["locale"]) == (
        "Rasa", "+995555765432", "lt")
    thread = await rig.topic(int(ticket["id"]))
    await rig.until(lambda: any(m.pinned for m in rig.fake.thread(STAFF_CHAT, thread)),
                    "the pinned card")
    assert "Rasa" in rig.card(thread).body
