"""Every kind of message a step can produce reaches a person on every channel: rendered in
their language at commit (the share-phone button's label too), stored in the outbox's
versioned encoding, and drawn by each transport. mypy (``assert_never`` in every
``match``) makes a new kind a type error until each of them handles it; this test makes
it a failure until it has a sample here, and then runs the sample through them all."""

from __future__ import annotations

from typing import get_args

import pytest

from bot.console.chat import draw as console_draw
from bot.i18n import Renderer, load_catalogs
from bot.sender import Rejected
from bot.telegram.store import ChatState
from bot.telegram.transport import draw as telegram_draw
from bot.viber.transport import draw as viber_draw
from flows.effects import SHARE_PHONE, Choice, Copy, PersonEffect, Relay, Say
from flows.handoff import END
from flows.menu import TO_MENU
from flows.text import Verbatim, _
from storage.outbox_codec import (
    FileBody,
    MediaKind,
    MediaRef,
    MediaSource,
    PersonPayload,
    Rendered,
    decode,
    encode,
    row_kind,
)

RENDERER = Renderer(load_catalogs(), fallback="en")
LEAFLET = MediaRef(MediaSource.URL, MediaKind.PICTURE, "https://bot.example.org/m/a.jpg",
                   "leaflet.jpg", 2048)
EFFECTS: dict[type, PersonEffect] = {
    Say: Say(_("Back to the main menu"), (Choice(TO_MENU, _("Back to the main menu")),),
             ask_phone=True, free_text=True,
             attachment=FileBody("booking.ics", "text/calendar", b"BEGIN:VCALENDAR")),
    Relay: Relay(Verbatim("Ось наш буклет"), LEAFLET,
                 (Choice(END.id, _("Back to the main menu")),)),
    Copy: Copy(-100500, 77),
}
SENDER = {"name": "Family Support Centre"}


def test_every_effect_and_every_payload_has_a_sample_here() -> None:
    assert set(EFFECTS) == set(get_args(PersonEffect))
    rendered_kinds = {type(RENDERER.render(effect, "uk")) for effect in EFFECTS.values()}
    assert rendered_kinds == set(get_args(PersonPayload))


@pytest.mark.parametrize("kind", list(EFFECTS), ids=lambda kind: kind.__name__)
def test_an_effect_is_rendered_stored_and_drawn_by_every_channel(kind: type) -> None:
    payload = RENDERER.render(EFFECTS[kind], "uk")
    assert decode(row_kind(payload), dict(encode(payload))) == payload
    assert telegram_draw(payload, ChatState()).steps
    assert console_draw(payload).strip()
    if isinstance(payload, Copy):
        with pytest.raises(Rejected, match="cannot go to Viber"):
            viber_draw(payload, sender=SENDER)
    else:
        assert viber_draw(payload, sender=SENDER)


def test_the_share_phone_label_is_rendered_at_commit_and_only_drawn_after() -> None:
    payload = RENDERER.render(Say(_("Back to the main menu"), ask_phone=True), "uk")
    assert isinstance(payload, Rendered)
    label = RENDERER.text(SHARE_PHONE, "uk")
    assert label != SHARE_PHONE.msgid, "the Ukrainian label, not the English fallback"
    assert encode(payload).get("share_phone") == label
    (telegram,) = telegram_draw(payload, ChatState()).steps
    assert telegram.markup is not None
    assert telegram.markup.model_dump()["keyboard"][0][0]["text"] == label
    (viber,) = viber_draw(payload, sender=SENDER)
    assert viber["keyboard"]["Buttons"][0]["Text"] == label


def test_staff_words_relayed_keep_their_file_and_the_button_that_ends_the_talk() -> None:
    payload = RENDERER.render(EFFECTS[Relay], "uk")
    assert isinstance(payload, Rendered)
    assert payload.text == "Ось наш буклет" and payload.media == LEAFLET
    assert payload.free_text, "a conversation: typed words are words, not button numbers"
    (picture,) = viber_draw(payload, sender=SENDER)
    assert (picture["type"], picture["media"], picture["text"]) == (
        "picture", LEAFLET.handle, "Ось наш буклет")
    assert picture["keyboard"]["Buttons"][0]["ActionBody"] == "handoff:end"
