"""Staff commands and card buttons: claiming, /queue and /mine, canned replies, urgent and
false alarms, reopening, files for Viber people, and updates Telegram sends twice."""

from __future__ import annotations

from flows.booking.slots import consultant_of
from flows.staff import texts
from flows.staff.listing import waiting
from flows.text import When
from storage.times import from_db
from tests.bot.desk.conftest import STAFF_CHAT, Rig
from tests.conftest import Person
from tests.fakes import viber_api as v
from tests.flows.booking_kit import ids_with, to_days


def answers(rig: Rig, query_id: str) -> list[str | None]:
    return [c.params.get("text") for c in rig.fake.calls_to("answerCallbackQuery")
            if c.params.get("callback_query_id") == query_id]


async def test_the_first_claim_wins_and_others_learn_who_has_it(rig: Rig) -> None:
    olena = rig.fake.person(380501110001, language_code="uk")
    ticket, thread = await rig.quick_ticket(olena)
    mariam = await rig.add_staff(7001, "Mariam")
    giorgi = await rig.add_staff(7002, "Giorgi")
    guest = rig.fake.person(7999, first_name="Guest")

    refused = await rig.press(guest, rig.card(thread), rig.staff_text(texts.CLAIM))
    first = await rig.press(mariam, rig.card(thread), rig.staff_text(texts.CLAIM))
    second = await rig.press(giorgi, rig.card(thread), rig.staff_text(texts.CLAIM))
    again = await rig.press(mariam, rig.card(thread), rig.staff_text(texts.CLAIM))
    await rig.until(lambda: not rig.fake.unanswered_callbacks(), "every press answered")
    assert answers(rig, refused) == [rig.staff_text(texts.NOT_STAFF_SHORT)]
    assert answers(rig, first) == [rig.staff_text(texts.you_claimed(ticket.id))]
    assert answers(rig, second) == [rig.staff_text(texts.taken_by(ticket.id, "Mariam"))]
    assert answers(rig, again) == [rig.staff_text(texts.already_yours(ticket.id))]
    assert (await rig.ticket(ticket.id)).assignee == "7001"
    claimed = rig.staff_text(texts.claimed("Mariam"))
    await rig.until(lambda: claimed in rig.in_topic(thread), "the claim in the topic")

    # Giorgi may still answer; the ticket stays Mariam's.
    await rig.says(giorgi, thread, "Добрий день!")
    await rig.until(lambda: olena.messages[-1].body == "Добрий день!", "the answer")
    assert (await rig.ticket(ticket.id)).assignee == "7001"


async def test_the_first_reply_claims_an_unclaimed_ticket(rig: Rig) -> None:
    ona = v.user("OnaFirstReply0000000000==", language="lt")
    ticket, thread = await rig.quick_ticket(ona)
    giorgi = await rig.add_staff(7002, "Giorgi")
    mariam = await rig.add_staff(7001, "Mariam")
    await rig.says(giorgi, thread, "Labas")
    await rig.says(mariam, thread, "Ir aš čia")
    answered = await rig.ticket(ticket.id)
    assert answered.assignee == "7002" and answered.first_response_at is not None
    await rig.viber.wait_for(ona["id"], 4)
    assert [b.get("text") for b in rig.viber.sent_to(ona["id"])][-2:] == ["Labas", "Ir aš čia"]


async def test_queue_and_mine_list_open_tickets_urgent_first(rig: Rig) -> None:
    mariam = await rig.add_staff(7001, "Mariam")
    olena = rig.fake.person(380501110002, language_code="uk")
    first, first_topic = await rig.quick_ticket(olena)
    ona = v.user("OnaQueue000000000000000==", language="lt")
    second, _second_topic = await rig.quick_ticket(ona)
    worried = rig.fake.person(380501110003, language_code="uk")
    await rig.tg(worried.send("Вітчим б'є мене кожен день"))
    urgent = await rig.ticket_of("telegram", str(worried.chat_id))
    await rig.topic(urgent.id)
    await rig.says(mariam, first_topic, "Добрий день")
    rig.clock.advance(minutes=25)  # waiting times in whole minutes, whatever the seconds

    await rig.says(mariam, None, "/queue")
    await rig.says(mariam, None, "/mine")
    await rig.idle()
    queue_post, mine_post = rig.general()[-2:]
    now = rig.clock()
    locale = rig.runtime.profile.agency.staff_locale
    general = rig.staff_text(rig.runtime.profile.queues[0].name.text)
    nobody = rig.staff_text(texts.NOBODY)

    def line(ticket_id: int, created: object, who: str) -> str:
        return rig.staff_text(texts.ticket_line(
            ticket_id, waiting(created, now, locale), who))  # type: ignore[arg-type]

    assert queue_post.split("\n") == [
        rig.staff_text(texts.QUEUE_HEADING), "",
        rig.staff_text(texts.queue_line(general, 3)),
        "⚠ " + line(urgent.id, urgent.created_at, nobody),
        line(first.id, first.created_at, "Mariam"),
        line(second.id, second.created_at, nobody),
    ]
    assert mine_post.split("\n") == [
        rig.staff_text(texts.MINE_HEADING), "",
        rig.staff_text(texts.queue_line(general, 1)),
        line(first.id, first.created_at, "Mariam"),
    ]
    giorgi = await rig.add_staff(7002, "Giorgi")
    await rig.says(giorgi, None, "/mine")
    await rig.until(lambda: rig.general()[-1] == rig.staff_text(texts.MINE_EMPTY),
                    "nothing for Giorgi")


async def test_a_canned_reply_goes_in_the_persons_language(rig: Rig) -> None:
    mariam = await rig.add_staff(7001, "Mariam")
    olena = rig.fake.person(380501110004, language_code="uk")
    _ticket, olena_topic = await rig.quick_ticket(olena)
    ona = v.user("OnaCanned00000000000000==", language="lt")
    _ticket, ona_topic = await rig.quick_ticket(ona)
    greeting = next(c for c in rig.runtime.profile.canned if c.id == "greeting").text.root

    await rig.says(mariam, olena_topic, "/t greeting")
    await rig.says(mariam, ona_topic, "/t greeting")
    await rig.until(lambda: olena.messages[-1].body == greeting["uk"], "Ukrainian greeting")
    await rig.until(lambda: rig.viber.sent_to(ona["id"])[-1].get("text") == greeting["lt"],
                    "Lithuanian greeting")
    sent = rig.staff_text(texts.canned_sent("greeting", greeting["uk"]))
    await rig.until(lambda: sent in rig.in_topic(olena_topic), "what was sent, in the topic")

    await rig.says(mariam, olena_topic, "/t hello")
    names = ", ".join(c.id for c in rig.runtime.profile.canned)
    unknown = rig.staff_text(texts.canned_unknown("hello", names))
    await rig.until(lambda: unknown in rig.in_topic(olena_topic), "the list of names")


async def test_urgent_and_false_alarm_buttons(rig: Rig) -> None:
    mariam = await rig.add_staff(7001, "Mariam", role="supervisor")
    olena = rig.fake.person(380501110005, language_code="uk")
    ticket, thread = await rig.quick_ticket(olena)
    await rig.press(mariam, rig.card(thread), rig.staff_text(texts.URGENT))
    headline = rig.staff_text(texts.marked_urgent(ticket.id, "Mariam"))
    await rig.until(lambda: any(b.startswith(headline) for b in rig.general()), "the alert")
    await rig.until(lambda: rig.fake.topics[(STAFF_CHAT, thread)].name.startswith("⚠ "),
                    "the ⚠ mark")
    assert (await rig.ticket(ticket.id)).urgent

    worried = rig.fake.person(380501110006, language_code="uk")
    await rig.tg(worried.send("Вітчим б'є мене кожен день"))
    alarm = await rig.ticket_of("telegram", str(worried.chat_id))
    alarm_topic = await rig.topic(alarm.id)
    await rig.press(mariam, rig.card(alarm_topic), rig.staff_text(texts.FALSE_ALARM))
    note = rig.staff_text(texts.false_alarm("Mariam"))
    await rig.until(lambda: note in rig.in_topic(alarm_topic), "the note")
    await rig.until(lambda: not rig.fake.topics[(STAFF_CHAT, alarm_topic)].name.startswith("⚠"),
                    "the ⚠ mark taken off")
    marked = await rig.ticket(alarm.id)
    assert marked.false_positive and not marked.urgent


async def test_closing_and_reopening_and_a_reply_to_a_closed_ticket(rig: Rig) -> None:
    mariam = await rig.add_staff(7001, "Mariam")
    olena = rig.fake.person(380501110007, language_code="uk")
    ticket, thread = await rig.quick_ticket(olena)
    await rig.says(mariam, thread, "/close")
    await rig.says(mariam, thread, "/close")
    await rig.says(mariam, thread, "Ще одне питання")
    await rig.idle()
    assert rig.fake.topics[(STAFF_CHAT, thread)].closed
    seen = rig.in_topic(thread)
    assert rig.staff_text(texts.already_closed_by("Mariam")) in seen
    assert rig.staff_text(texts.CLOSED_NOT_SENT) in seen
    assert "Ще одне питання" not in [m.body for m in olena.messages]
    rating_prompts = [m for m in olena.messages if m.buttons[:1] == ["⭐"]]
    assert len(rating_prompts) == 1, "asked to rate once"

    await rig.says(mariam, thread, "/reopen")
    await rig.until(lambda: not rig.fake.topics[(STAFF_CHAT, thread)].closed, "reopened")
    assert (await rig.ticket(ticket.id)).status == "open"
    assert rig.staff_text(texts.reopened("Mariam")) in rig.in_topic(thread)
    await rig.says(mariam, thread, "Ще одне питання")
    await rig.until(lambda: olena.messages[-1].body == "Ще одне питання", "the reply")


async def test_a_staff_file_reaches_a_viber_person_by_url(rig: Rig) -> None:
    mariam = await rig.add_staff(7001, "Mariam")
    ona = v.user("OnaFile00000000000000000==", language="lt")
    _ticket, thread = await rig.quick_ticket(ona)
    rig.fake.add_file("AgACstaffphoto", b"\xff\xd8 a small jpeg")
    photo = [{"file_id": "AgACstaffphoto", "file_unique_id": "u1", "width": 800, "height": 600}]
    await rig.tg(rig.fake.group_content(STAFF_CHAT, mariam, thread_id=thread, photo=photo,
                                        caption="Štai lankstinukas"))
    bodies = await rig.viber.wait_for(ona["id"], 3)
    picture = bodies[-1]  # the caption goes with the picture, in one message
    assert picture["type"] == "picture" and picture["text"] == "Štai lankstinukas"
    url = picture["media"]
    assert url.startswith("https://bot.example.org/desk-media/") and url.endswith(".jpg")
    served = await rig.client.get(url.removeprefix("https://bot.example.org"))
    assert served.status == 200 and await served.read() == b"\xff\xd8 a small jpeg"
    assert (await rig.client.get("/desk-media/..%2Fdesk.db")).status == 404

    # Without a public address the file cannot go, and staff are told so.
    rig.desk.media.public_base = None
    await rig.tg(rig.fake.group_content(STAFF_CHAT, mariam, thread_id=thread, photo=photo))
    told = rig.staff_text(texts.NO_MEDIA_FOR_VIBER)
    await rig.until(lambda: told in rig.in_topic(thread), "the note")
    assert len(rig.viber.sent_to(ona["id"])) == 3


async def test_a_staff_photo_reaches_a_telegram_person_as_it_is(rig: Rig) -> None:
    mariam = await rig.add_staff(7001, "Mariam")
    olena = rig.fake.person(380501110008, language_code="uk")
    _ticket, thread = await rig.quick_ticket(olena)
    photo = [{"file_id": "AgACstaffphoto", "file_unique_id": "u1", "width": 800, "height": 600}]
    update = rig.fake.group_content(STAFF_CHAT, mariam, thread_id=thread, photo=photo,
                                    caption="Ось буклет")
    await rig.tg(update)
    await rig.until(lambda: bool(olena.messages) and olena.messages[-1].copied_from is not None,
                    "the copy")
    copy = olena.messages[-1]
    assert copy.media == ("photo", "AgACstaffphoto") and copy.caption == "Ось буклет"
    assert copy.copied_from == (STAFF_CHAT, update["message"]["message_id"])


async def test_an_update_delivered_twice_is_done_once(rig: Rig) -> None:
    mariam = await rig.add_staff(7001, "Mariam")
    olena = rig.fake.person(380501110009, language_code="uk")
    _ticket, thread = await rig.quick_ticket(olena)
    update = await rig.says(mariam, thread, "Лише один раз")
    await rig.tg(update)
    close = await rig.says(mariam, thread, "/close")
    await rig.tg(close)
    await rig.idle()
    assert [m.body for m in olena.messages].count("Лише один раз") == 1
    assert len(rig.fake.calls_to("closeForumTopic")) == 1
    closed_note = rig.t("uk", "Our team has closed this conversation. You can write to us"
                        " again at any time with /human.")
    assert [m.body for m in olena.messages].count(closed_note) == 1


async def test_link_sends_the_video_link_with_the_bookings_details(rig: Rig) -> None:
    olena = rig.fake.person(380501110020, language_code="uk")
    booker = Person(rig.runtime, external_id=str(olena.chat_id), language_hint="uk",
                    channel="telegram")
    days = await to_days(booker, mode="video")
    times = (await booker.send(choice=ids_with(days, "day:")[0]))[-1]
    await booker.send(choice=ids_with(times, "time:")[0])
    await booker.send("555 12 34 56")
    await booker.send(choice="book:yes")
    (booking,) = await rig.rows("SELECT * FROM bookings")
    ticket = await rig.ticket_of("telegram", str(olena.chat_id))
    assert ticket.subject == f"booking:{booking['id']}"
    thread = await rig.topic(ticket.id)
    mariam = await rig.add_staff(7001, "Mariam")

    await rig.says(mariam, thread, "/link http://meet.example.org/abc")
    refused = rig.staff_text(texts.LINK_INVALID)
    await rig.until(lambda: refused in rig.in_topic(thread), "a polite refusal")
    await rig.says(mariam, thread, "/link https://meet.example.org/abc-123")
    sent = rig.staff_text(texts.link_sent(str(booking["reference"])))
    await rig.until(lambda: sent in rig.in_topic(thread), "what was sent, in the topic")
    await rig.until(lambda: "https://meet.example.org/abc-123" in olena.messages[-1].body,
                    "the link")
    told = olena.messages[-1].body
    assert told.startswith(rig.t("uk", "Here is the link to your video consultation: {link}",
                                 link="https://meet.example.org/abc-123"))
    assert str(booking["reference"]) in told
    starts = from_db(str(booking["starts_at"]))
    assert rig.runtime.renderer.text(When(starts, str(booking["timezone"])), "uk") in told
    consultant = consultant_of(rig.runtime.profile, str(booking["consultant"]))
    assert consultant is not None and consultant.display_name.values["uk"] in told
    assert not any("http://meet" in m.body for m in olena.messages)


async def test_link_outside_a_booking_is_refused_politely(rig: Rig) -> None:
    mariam = await rig.add_staff(7001, "Mariam")
    olena = rig.fake.person(380501110021, language_code="uk")
    _ticket, thread = await rig.quick_ticket(olena)
    await rig.says(mariam, thread, "/link https://meet.example.org/abc")
    refused = rig.staff_text(texts.LINK_NOT_BOOKING)
    await rig.until(lambda: refused in rig.in_topic(thread), "a polite refusal")
    assert not any("meet.example.org" in m.body for m in olena.messages)
