"""Topics in the staff group: created once, recreated when deleted, marked when late, and
what people send shown in them (text, files, locations, a blocked bot)."""

from __future__ import annotations

import pytest

from bot.desk.ops import SLA_MARK
from flows.staff import texts
from tests.bot.desk.conftest import STAFF_CHAT, Rig
from tests.fakes import viber_api as v


async def test_a_deleted_topic_is_recreated_with_its_card(rig: Rig) -> None:
    olena = rig.fake.person(380501112233, language_code="uk")
    ticket, first = await rig.quick_ticket(olena)
    rig.fake.delete_topic(STAFF_CHAT, first)

    await rig.tg(olena.send("Ви ще тут?"))
    await rig.until(lambda: (len(rig.fake.open_topics(STAFF_CHAT)) == 1
                             and rig.fake.open_topics(STAFF_CHAT)[0].thread_id != first),
                    "a new topic")
    second = (await rig.ticket(ticket.id)).topic_id
    assert second is not None and second != first
    await rig.until(lambda: "💬 Ви ще тут?" in rig.in_topic(second), "the message, there")
    assert rig.card(second).body == ticket.card
    assert [c.ok for c in rig.fake.calls_to("createForumTopic")] == [True, True]

    # Staff answer in the new topic reaches her.
    mariam = await rig.add_staff(7001, "Mariam")
    await rig.says(mariam, second, "Так, я тут")
    await rig.until(lambda: olena.messages[-1].body == "Так, я тут", "the answer")


async def test_a_retry_after_a_failure_half_way_opens_no_second_topic(rig: Rig) -> None:
    rig.fake.fail("pinChatMessage", status=500)
    olena = rig.fake.person(380501112234, language_code="uk")
    ticket, thread = await rig.quick_ticket(olena)  # waits for the pinned card
    assert len(rig.fake.calls_to("createForumTopic")) == 1
    assert len([m for m in rig.fake.thread(STAFF_CHAT, thread) if m.body == ticket.card]) == 1
    assert [c.ok for c in rig.fake.calls_to("pinChatMessage")] == [False, True]


async def test_a_late_ticket_is_announced_once_and_its_title_marked(rig: Rig) -> None:
    olena = rig.fake.person(380501112235, language_code="uk")
    late, late_topic = await rig.quick_ticket(olena)
    ona = v.user("OnaAnswered00000000000==", language="lt")
    answered, answered_topic = await rig.quick_ticket(ona)
    mariam = await rig.add_staff(7001, "Mariam")
    await rig.says(mariam, answered_topic, "Labas!")

    rig.clock.advance(minutes=59)
    assert await rig.desk.sla.check() == 0
    rig.clock.advance(minutes=2)  # the general queue's target is 60 minutes
    assert await rig.desk.sla.check() == 1
    assert await rig.desk.sla.check() == 0
    rig.clock.advance(hours=5)
    assert await rig.desk.sla.check() == 0

    announcement = rig.staff_text(texts.sla(late.id, rig.staff_text(
        rig.runtime.profile.queues[0].name.text), 60))
    await rig.until(lambda: any(b.startswith(announcement) for b in rig.general()),
                    "the SLA announcement")
    await rig.idle()
    assert len([b for b in rig.general() if b.startswith("⏰")]) == 1
    topics = {t.thread_id: t for t in rig.fake.open_topics(STAFF_CHAT)}
    assert topics[late_topic].name.startswith(f"{SLA_MARK}#{late.id}")
    assert not topics[answered_topic].name.startswith(SLA_MARK)
    assert (await rig.ticket(answered.id)).sla_breached_at is None


async def test_what_people_send_is_shown_in_their_topic(rig: Rig) -> None:
    olena = rig.fake.person(380501112236, language_code="uk")
    _ticket, olena_topic = await rig.quick_ticket(olena)
    await rig.tg(olena.send_photo())
    await rig.tg(olena.send_voice())
    await rig.tg(olena.share_contact("380501112236"))
    await rig.tg(olena.send_location())
    ona = v.user("OnaMedia000000000000000==", language="lt")
    _ticket, ona_topic = await rig.quick_ticket(ona)
    await rig.vb(v.message(ona, v.picture()))
    await rig.vb(v.message(ona, v.file()))
    await rig.vb(v.message(ona, v.sticker()))
    await rig.vb(v.message(ona, v.location()))
    await rig.idle()

    photo, voice = (c.params for c in rig.fake.calls_to("sendPhoto", ok=True)[:1]
                    + rig.fake.calls_to("sendVoice", ok=True))
    assert photo["photo"] == "AgACAgIAAxk-large" and photo["message_thread_id"] == olena_topic
    assert voice["voice"] == "AwACAgIAAxk" and voice["protect_content"] is True
    olena_seen = rig.in_topic(olena_topic)
    assert "📞 +380501112236" in olena_seen
    assert rig.staff_text(texts.LOCATION_UNKNOWN) in olena_seen

    viber_photo = rig.fake.calls_to("sendPhoto", ok=True)[1].params
    assert viber_photo["photo"] == v.picture()["media"]
    assert viber_photo["message_thread_id"] == ona_topic
    document = rig.fake.calls_to("sendDocument", ok=True)[0].params
    assert document["document"] == v.file()["media"]
    ona_seen = rig.in_topic(ona_topic)
    assert rig.staff_text(texts.cannot_show("sticker")) in ona_seen
    assert rig.staff_text(texts.location("54.6872,25.2797")) in ona_seen


async def test_a_person_who_blocked_the_bot_is_reported_in_their_topic(rig: Rig) -> None:
    olena = rig.fake.person(380501112237, language_code="uk")
    ticket, thread = await rig.quick_ticket(olena)
    mariam = await rig.add_staff(7001, "Mariam")
    await rig.idle()
    rig.fake.block(olena.chat_id)

    await rig.says(mariam, thread, "Ви отримали документи?")
    blocked = rig.staff_text(texts.PERSON_BLOCKED)
    await rig.until(lambda: blocked in rig.in_topic(thread), "the report in the topic")
    (row,) = await rig.rows("SELECT blocked_at FROM people")
    assert row["blocked_at"] is not None

    # Later replies are not even tried.
    copies = len(rig.fake.calls_to("copyMessage"))
    await rig.says(mariam, thread, "Алло?")
    not_sent = rig.staff_text(texts.BLOCKED_NOT_SENT)
    await rig.until(lambda: not_sent in rig.in_topic(thread), "the note")
    assert len(rig.fake.calls_to("copyMessage")) == copies
    assert (await rig.ticket(ticket.id)).status == "open"


async def test_missing_rights_hold_the_desk_until_an_operator_fixes_them(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.desk.transport.OPERATOR_WAIT", 0.3)
    rig.fake.fail("createForumTopic", status=400, times=2,
                  description="Bad Request: not enough rights to create a topic")
    olena = rig.fake.person(380501112238, language_code="uk")
    await rig.tg(olena.send("/human"))
    await rig.until(lambda: len(rig.fake.calls_to("createForumTopic")) >= 1, "a first try")
    health = rig.desk.health()
    assert health["status"] == "degraded" and "not enough rights" in health["last_error"]
    await rig.tg(olena.send("Алло"))

    # Nothing was dropped: once the bot may create topics, everything arrives in order.
    ticket = await rig.ticket_of("telegram", str(olena.chat_id))
    thread = await rig.topic(ticket.id)
    await rig.until(lambda: "💬 Алло" in rig.in_topic(thread), "the message")
    assert rig.desk.health()["status"] == "ok"
    assert len(rig.fake.open_topics(STAFF_CHAT)) == 1


async def test_a_safeguarding_alert_does_not_rename_its_topic_to_the_same_name(
    rig: Rig,
) -> None:
    # The real API refuses an identical name (400 TOPIC_NOT_MODIFIED), and every call
    # counts against the staff group's limit: the topic is created with its ⚠ name once.
    worried = rig.fake.person(380501110016, language_code="uk")
    await rig.tg(worried.send("Вітчим б'є мене кожен день"))
    alarm = await rig.ticket_of("telegram", str(worried.chat_id))
    thread = await rig.topic(alarm.id)
    headline = rig.staff_text(texts.alert(alarm.id, "physical"))
    await rig.until(lambda: any(b.startswith(headline) for b in rig.general()), "the alert")
    assert rig.fake.topics[(STAFF_CHAT, thread)].name.startswith(f"⚠ #{alarm.id} · ")
    assert rig.fake.calls_to("editForumTopic") == []

    # A real change of name still goes out, once.
    mariam = await rig.add_staff(7001, "Mariam", role="supervisor")
    await rig.press(mariam, rig.card(thread), rig.staff_text(texts.FALSE_ALARM))
    await rig.until(lambda: not rig.fake.topics[(STAFF_CHAT, thread)].name.startswith("⚠"),
                    "the ⚠ mark taken off")
    await rig.idle()
    assert [c.ok for c in rig.fake.calls_to("editForumTopic")] == [True]


async def test_a_photos_caption_reaches_staff_in_the_same_post(rig: Rig) -> None:
    olena = rig.fake.person(380501112240, language_code="uk")
    _ticket, olena_topic = await rig.quick_ticket(olena)
    photo = [{"file_id": "AgACAgIAAxk-caption", "file_unique_id": "AQADc", "width": 800,
              "height": 600}]
    await rig.tg(olena.send_content(photo=photo, caption="Це довідка зі школи"))
    ona = v.user("OnaCaption00000000000000==", language="lt")
    _ticket, ona_topic = await rig.quick_ticket(ona)
    await rig.vb(v.message(ona, {**v.picture(), "text": "Štai pažyma"}))
    await rig.idle()

    from_telegram, from_viber = (c.params for c in rig.fake.calls_to("sendPhoto", ok=True))
    assert from_telegram["message_thread_id"] == olena_topic
    assert from_telegram["caption"] == "💬 Це довідка зі школи"
    assert from_viber["message_thread_id"] == ona_topic
    assert from_viber["caption"] == "💬 Štai pažyma"
    assert not [c for c in rig.fake.calls_to("sendMessage")
                if "довідка" in str(c.params.get("text"))], "one post, not two"


async def test_blocking_the_bot_in_telegram_is_reported_in_the_topic_without_a_send(
    rig: Rig,
) -> None:
    """Telegram tells the bot (``my_chat_member``) before anyone writes: staff learn it at
    once, as they do when a send is refused."""
    olena = rig.fake.person(380501112238, language_code="uk")
    _ticket, thread = await rig.quick_ticket(olena)
    await rig.idle()
    await rig.tg(olena.blocks_the_bot())
    blocked = rig.staff_text(texts.PERSON_BLOCKED)
    await rig.until(lambda: blocked in rig.in_topic(thread), "the report in the topic")
    assert rig.in_topic(thread).count(blocked) == 1
    (row,) = await rig.rows("SELECT blocked_at FROM people")
    assert row["blocked_at"] is not None


async def test_unsubscribing_on_viber_is_reported_in_the_topic_and_cancels_the_queue(
    rig: Rig,
) -> None:
    who = v.user("ZofiaUnsubscribes0000000==", language="pl")
    _ticket, thread = await rig.quick_ticket(who)
    await rig.idle()
    await rig.vb(v.unsubscribed(who["id"]))
    blocked = rig.staff_text(texts.PERSON_BLOCKED)
    await rig.until(lambda: blocked in rig.in_topic(thread), "the report in the topic")
    rows = await rig.rows("SELECT status FROM outbox WHERE recipient = ?", who["id"])
    assert "pending" not in {row["status"] for row in rows}
