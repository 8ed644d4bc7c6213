"""The staff desk end to end: people on Telegram and on Viber, staff in the forum group.

Both messengers are on at once with ``STAFF_CHAT_ID`` set. A Telegram person and a Viber
person each ask for a person from the main menu; their tickets appear as topics with a
pinned card; staff answer in the topics and each person reads the answer on their own
messenger; notes stay in the group; a member who is not registered cannot answer or
close; closing asks the person for a rating. A worrying message in Georgian, Ukrainian,
Lithuanian or Polish gets the hotlines and an urgent ticket announced in General.
"""

from __future__ import annotations

import logging

import pytest

from flows.staff import texts
from tests.bot.desk.conftest import STAFF_CHAT, Rig
from tests.fakes import viber_api as v
from tests.flows.test_alerts import WORRYING


def viber_texts(rig: Rig, who: dict[str, object]) -> list[str]:
    return [str(body.get("text", "")) for body in rig.viber.sent_to(str(who["id"]))]


async def test_a_telegram_and_a_viber_person_each_talk_with_staff(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for noisy in ("viberbot", "aiogram.event", "aiosqlite"):  # as bot.logs sets them
        caplog.set_level(logging.INFO, logger=noisy)
    nino = rig.fake.person(995555000111, language_code="ka", first_name="Nino")
    ona = v.user("OnaK7Ybs2xQ1Z3Vq8n5r0w==", name="Ona", language="lt")
    mariam = await rig.add_staff(7001, "Mariam")
    stranger = rig.fake.person(7999, first_name="Guest")

    # Both ask for a person from the main menu: a topic each, with its card pinned.
    nino_ticket = await rig.telegram_person_asks(nino, "ka")
    ona_ticket = await rig.viber_person_asks(ona)
    nino_topic = await rig.topic(nino_ticket.id)
    ona_topic = await rig.topic(ona_ticket.id)
    assert nino_topic != ona_topic
    topics = {t.thread_id: t for t in rig.fake.open_topics(STAFF_CHAT)}
    assert topics[nino_topic].name.startswith(f"#{nino_ticket.id} · ")
    assert " · ka · telegram" in topics[nino_topic].name
    assert " · lt · viber" in topics[ona_topic].name
    card = rig.card(nino_topic)
    assert card.body == nino_ticket.card and card.protected
    assert card.buttons == [rig.staff_text(texts.CLAIM), rig.staff_text(texts.CLOSE),
                            rig.staff_text(texts.URGENT)]
    told = rig.t("ka", "A person from our team will answer you here, in this chat.") + \
        "\n\n" + rig.t("ka", "You are next in the queue.")
    await rig.until(lambda: told in [m.body for m in nino.messages], "Nino told what happens")
    await rig.until(lambda: nino.messages[-1].buttons == [rig.t("ka", "End the conversation")],
                    "the button that ends the conversation")

    # What they write goes into their own topic, and the bot stays quiet.
    seen_by_nino = len(nino.messages)
    await rig.tg(nino.send("ჩემი შვილი სკოლაში არ დადის"))
    await rig.vb(v.message(ona, v.text("Sveiki, turiu klausimą")))
    await rig.until(lambda: "💬 ჩემი შვილი სკოლაში არ დადის" in rig.in_topic(nino_topic),
                    "Nino's words in her topic")
    await rig.until(lambda: "💬 Sveiki, turiu klausimą" in rig.in_topic(ona_topic),
                    "Ona's words in her topic")
    assert len(nino.messages) == seen_by_nino

    # Staff answer in each topic; each person reads it on their own messenger.
    await rig.says(mariam, nino_topic, "გამარჯობა ნინო, მე მარიამი ვარ")
    await rig.says(mariam, ona_topic, "Laba diena, Ona!")
    await rig.until(lambda: nino.messages[-1].body == "გამარჯობა ნინო, მე მარიამი ვარ",
                    "the answer on Telegram")
    assert nino.messages[-1].copied_from is not None
    (reply,) = [b for b in await rig.viber.wait_for(ona["id"], 1)
                if b.get("text") == "Laba diena, Ona!"]
    assert reply["keyboard"]["Buttons"][0]["ActionBody"] == "handoff:end"
    assert reply["keyboard"]["Buttons"][0]["Text"] == rig.t("lt", "End the conversation")

    # The first answer claimed the tickets for Mariam.
    assert (await rig.ticket(nino_ticket.id)).assignee == "7001"
    assert (await rig.ticket(ona_ticket.id)).first_response_at is not None

    # Notes stay in the group: stored, marked with a quiet ✍, never relayed.
    note = await rig.says(mariam, nino_topic, "/note calls back on Friday")
    slashes = await rig.says(mariam, ona_topic, "// asked about training dates")
    for update in (note, slashes):
        key = (STAFF_CHAT, update["message"]["message_id"])
        await rig.until(lambda k=key: rig.fake.reactions.get(k) == ["✍"], "the ✍ reaction")
    notes = await rig.rows("SELECT ticket_id, note FROM ticket_events WHERE kind = 'note'"
                           " ORDER BY id")
    assert notes == [{"ticket_id": nino_ticket.id, "note": "calls back on Friday"},
                     {"ticket_id": ona_ticket.id, "note": "asked about training dates"}]

    # Somebody in the group who is not registered staff: not relayed, and refused.
    await rig.says(stranger, nino_topic, "I can answer this one")
    await rig.says(stranger, nino_topic, "/close")
    refusal = rig.staff_text(texts.not_staff(7999))
    await rig.until(lambda: refusal in rig.in_topic(nino_topic), "the refusal")
    await rig.idle()
    assert (await rig.ticket(nino_ticket.id)).status == "open"
    nino_bodies = [m.body for m in nino.messages]
    assert "I can answer this one" not in nino_bodies
    assert not any("calls back" in body for body in nino_bodies)
    assert not any("training" in text for text in viber_texts(rig, ona))

    # A closed conversation: the person is told and asked to rate it; the topic closes.
    await rig.says(mariam, nino_topic, "/close answered the question")
    await rig.press(mariam, rig.card(ona_topic), rig.staff_text(texts.CLOSE))
    closed_ka = rig.t("ka", "Our team has closed this conversation. You can write to us again"
                      " at any time with /human.")
    rate_ka = rig.t("ka", "How helpful was this, from 1 (not at all) to 5 (very)?")
    await rig.until(lambda: [m.body for m in nino.messages][-2:] == [closed_ka, rate_ka],
                    "Nino asked to rate")
    assert nino.messages[-1].buttons[:5] == ["⭐" * n for n in range(1, 6)]
    bodies = await rig.viber.wait_for(ona["id"], 3)
    rate_lt = rig.t("lt", "How helpful was this, from 1 (not at all) to 5 (very)?")
    await rig.until(lambda: viber_texts(rig, ona)[-1] == rate_lt, "Ona asked to rate")
    bodies = rig.viber.sent_to(ona["id"])
    assert [b["ActionBody"] for b in bodies[-1]["keyboard"]["Buttons"]][:5] == [
        f"rate:{n}" for n in range(1, 6)]
    await rig.until(lambda: all(t.closed for t in rig.fake.open_topics(STAFF_CHAT)),
                    "both topics closed")
    closed = await rig.ticket(nino_ticket.id)
    assert (closed.status, closed.resolution) == ("closed", "answered the question")
    assert rig.staff_text(texts.closed_by_staff("Mariam")) + "\n" + rig.staff_text(
        texts.resolution("answered the question")) in rig.in_topic(nino_topic)

    # The rating reaches the ticket; staff group posts were all protected.
    await rig.tg(nino.press("⭐⭐⭐⭐"))
    await rig.vb(v.message(ona, v.text("rate:5")))
    await rig.until(lambda: rig.fake.callbacks and not rig.fake.unanswered_callbacks(),
                    "button answers")
    ratings = await rig.rows("SELECT id, rating FROM tickets ORDER BY id")
    assert ratings == [{"id": nino_ticket.id, "rating": 4}, {"id": ona_ticket.id, "rating": 5}]
    group_sends = rig.fake.sends(STAFF_CHAT)
    assert group_sends and all(c.params.get("protect_content") for c in group_sends)

    # Nobody's words, names or numbers reached the log.
    for private in ("ჩემი შვილი", "Sveiki", "Laba diena", "calls back", "training", "Mariam",
                    "Nino", "Guest", "answered the question"):
        assert private not in caplog.text, f"{private!r} leaked into the log"


@pytest.mark.parametrize("lang", ["ka", "uk", "lt", "pl"])
async def test_a_worrying_message_gets_hotlines_and_an_urgent_ticket_in_general(
    rig: Rig, lang: str
) -> None:
    words = WORRYING[lang]
    hotlines = rig.runtime.profile.hotlines
    if lang in ("ka", "uk"):  # on Telegram
        person = rig.fake.person(380000000001, language_code=lang)
        await rig.tg(person.send("/start"))
        await rig.until(lambda: any(m.buttons for m in person.messages), "the menu")
        await rig.tg(person.send(words))
        await rig.until(lambda: any("116 006" in m.body for m in person.messages),
                        "the hotlines")
        answer = next(m.body for m in person.messages if "116 006" in m.body)
        ticket = await rig.ticket_of("telegram", str(person.chat_id))
    else:  # on Viber
        who = v.user(f"{lang}Worried0000000000000==", language=lang)
        await rig.vb(v.conversation_started(who))
        await rig.vb(v.subscribed(who))
        await rig.vb(v.message(who, v.text(words)))
        await rig.until(lambda: any("116 006" in t for t in viber_texts(rig, who)),
                        "the hotlines")
        answer = next(t for t in viber_texts(rig, who) if "116 006" in t)
        ticket = await rig.ticket_of("viber", who["id"])
    for hotline in hotlines:
        assert hotline.number in answer and hotline.label.root[lang] in answer

    assert (ticket.kind, ticket.urgent) == ("safeguarding", True)
    thread = await rig.topic(ticket.id)
    alert = rig.staff_text(texts.alert(ticket.id, "physical"))
    await rig.until(lambda: any(body.startswith(alert) for body in rig.general()),
                    "the alert in General")
    (announcement,) = [b for b in rig.general() if b.startswith(alert)]
    assert f"https://t.me/c/1234567890/{thread}" in announcement
    await rig.until(lambda: f"💬 {words}" in rig.in_topic(thread), "the words in the topic")
    topic = next(t for t in rig.fake.open_topics(STAFF_CHAT) if t.thread_id == thread)
    assert topic.name.startswith(f"⚠ #{ticket.id} · ")
    assert rig.staff_text(texts.FALSE_ALARM) in rig.card(thread).buttons
