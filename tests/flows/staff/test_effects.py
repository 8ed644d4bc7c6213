"""Desk effects and staff replies as the outbox keeps them: versioned, decoded once into
typed values, and rows written before the version existed still read."""

from __future__ import annotations

import json

import pytest

from flows.handoff import END
from flows.messages import Attachment, RenderedChoice
from flows.staff.effects import (
    DeskEffect,
    OpenTicket,
    PersonBlocked,
    PersonSaid,
    PinCard,
    PostToTopic,
    RaiseAlert,
    Retitle,
    SlaBreached,
    TicketClosed,
    TicketErased,
    TicketReopened,
    UndecodableEffect,
    decode,
    encode,
)
from flows.staff.reply import Original, StaffMediaRef, StaffReply, UndecodableReply

EVERY_EFFECT: list[DeskEffect] = [
    OpenTicket(12),
    PinCard(12),
    PersonSaid(12, "viber", text=None, attachment=Attachment.PHOTO,
               media_ref="https://dl-media.viber.com/x.jpg", caption="Ось"),
    PersonSaid(12, "telegram", text="Добрий день"),
    TicketClosed(12),
    TicketClosed(12, "Mariam", "resolved by phone"),
    TicketReopened(12, "Mariam"),
    RaiseAlert(12, category="physical"),
    RaiseAlert(12, category="staff", by="Giorgi"),
    SlaBreached(12, "general", 30),
    PostToTopic("Hello", thread=7, ticket=12, group=-100222),
    PostToTopic("In General"),
    PersonBlocked(12),
    Retitle(12),
    TicketErased(12, 7, 99, None, "retention"),
]


@pytest.mark.parametrize("effect", EVERY_EFFECT, ids=lambda e: type(e).__name__)
def test_every_effect_survives_the_outbox(effect: DeskEffect) -> None:
    stored = json.loads(json.dumps(encode(effect)))
    assert stored["v"] == 1 and isinstance(stored["kind"], str)
    assert decode(stored) == effect


def test_the_ticket_and_group_stay_where_the_outbox_orders_rows_by_them() -> None:
    assert encode(PostToTopic("x", ticket=12, group=-100222)) == {
        "v": 1, "kind": "post", "text": "x", "ticket": 12, "group": -100222}
    assert "ticket" not in encode(TicketErased(12, 7, 99, None, "person"))  # not a lane


def test_rows_written_before_the_version_existed_still_decode() -> None:
    old = [
        ({"op": "ticket_opened", "ticket": 3}, OpenTicket(3)),
        ({"op": "person_message", "ticket": 3, "channel": "telegram", "external_id": "42",
          "text": "Hi", "contact": None, "attachment": None, "media_ref": None,
          "caption": None}, PersonSaid(3, "telegram", text="Hi")),
        ({"op": "person_message", "ticket": 3, "channel": "viber", "text": None,
          "attachment": "location", "media_ref": "41.7,44.8"},
         PersonSaid(3, "viber", attachment=Attachment.LOCATION, media_ref="41.7,44.8")),
        ({"op": "ticket_closed", "ticket": 3, "by": "person"}, TicketClosed(3)),
        ({"op": "ticket_closed", "ticket": 3, "by": "Mariam", "resolution": None},
         TicketClosed(3, "Mariam")),
        ({"op": "alert", "ticket": 3, "category": "staff", "by": "Giorgi"},
         RaiseAlert(3, "staff", "Giorgi")),
        ({"op": "sla", "ticket": 3, "queue": "general", "minutes": 30},
         SlaBreached(3, "general", 30)),
        ({"op": "post", "thread": None, "text": "Hi", "ticket": None},
         PostToTopic("Hi")),
        ({"op": "post", "thread": 5, "text": "Hi", "ticket": 3, "group": -1002},
         PostToTopic("Hi", 5, 3, -1002)),
        ({"op": "person_blocked", "ticket": 3}, PersonBlocked(3)),
        ({"op": "retitle", "ticket": 3}, Retitle(3)),
        ({"op": "pin", "ticket": 3}, PinCard(3)),
        ({"op": "ticket_reopened", "ticket": 3, "by": "Mariam"}, TicketReopened(3, "Mariam")),
        ({"op": "ticket_erased", "number": 3, "topic": 7, "card": 9, "group": None,
          "by": "staff"}, TicketErased(3, 7, 9, None, "staff")),
    ]
    for payload, effect in old:
        assert decode(payload) == effect, payload


@pytest.mark.parametrize("payload", [
    {"v": 2, "kind": "post", "text": "from a newer version"},
    {"v": 1, "kind": "teleport", "ticket": 1},
    {"op": "post"},  # no text
    {"v": 1, "kind": "ticket_opened", "ticket": "twelve"},
    {"v": 1, "kind": "ticket_opened", "ticket": True},
    {},
])
def test_a_row_this_version_cannot_read_is_refused_not_guessed(
    payload: dict[str, object],
) -> None:
    with pytest.raises(UndecodableEffect):
        decode(payload)


def test_a_staff_reply_keeps_its_file_by_reference_until_it_is_sent() -> None:
    reply = StaffReply("Štai lankstinukas", Original(-1001234567890, 55),
                       StaffMediaRef("AgACphoto", "photo.jpg", ".jpg", "picture"),
                       RenderedChoice(END.id, "Baigti pokalbį"), ticket=12)
    stored = json.loads(json.dumps(reply.to_json()))
    assert (stored["v"], stored["kind"]) == (1, "staff_reply")
    assert "url" not in json.dumps(stored), "nothing is fetched before the commit"
    assert StaffReply.from_json(stored) == reply
    assert StaffReply.from_json(StaffReply("Hi").to_json()) == StaffReply("Hi")
    with pytest.raises(UndecodableReply):
        StaffReply.from_json({"v": 1, "kind": "staff_reply", "original": {"chat_id": "x"}})
    with pytest.raises(UndecodableReply):
        StaffReply.from_json({"text": "a person's message"})
