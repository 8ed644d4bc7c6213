"""The outbox's encoding: what one version writes, the next one reads; what it cannot
read, it says so plainly instead of guessing."""

from __future__ import annotations

import pytest

from storage.choice_id import UNKNOWN_BUTTON, ChoiceKind
from storage.outbox_codec import (
    LEGACY_PHONE_LABEL,
    Copy,
    FileBody,
    MediaKind,
    MediaRef,
    MediaSource,
    PayloadError,
    Rendered,
    RenderedChoice,
    decode,
    encode,
    row_kind,
)

FULL = Rendered(
    "Оберіть час",
    (RenderedChoice(ChoiceKind("time").of("202611301000"), "Пн, 30 листопада, 10:00"),
     RenderedChoice(ChoiceKind("nav").of("menu"), "Меню")),
    free_text=True,
    share_phone="Поділитися номером",
    file=FileBody("запис.ics", "text/calendar", b"BEGIN:VCALENDAR\r\n\x00\xff"),
    media=MediaRef(MediaSource.TELEGRAM, MediaKind.VIDEO, "BAACAgIAAx", "video.mp4", 10_000),
)


@pytest.mark.parametrize("payload", [FULL, Rendered(""), Copy(-1001234567890, 42)],
                         ids=["everything", "empty", "copy"])
def test_what_is_written_reads_back_the_same(payload: Rendered | Copy) -> None:
    stored = dict(encode(payload))
    assert stored["v"] == 1
    assert decode(row_kind(payload), stored) == payload


def test_rows_from_before_versioning_still_read() -> None:
    old = {"text": "Your number?", "ask_phone": True, "free_text": True,
           "choices": [{"id": "skip", "label": "Skip"}],
           "attachment": {"name": "a.ics", "mime": "text/calendar", "b64": "QkVHSU4="},
           "extra": {"media_url": "https://x.example/m/1.jpg", "media_type": "picture",
                     "file_name": "photo.jpg", "media_size": "4096"}}
    assert decode("message", old) == Rendered(
        "Your number?", (RenderedChoice(UNKNOWN_BUTTON, "Skip"),), free_text=True,
        share_phone=LEGACY_PHONE_LABEL, file=FileBody("a.ics", "text/calendar", b"BEGIN"),
        media=MediaRef(MediaSource.URL, MediaKind.PICTURE, "https://x.example/m/1.jpg",
                       "photo.jpg", 4096))
    assert decode("copy", {"from_chat_id": -100500, "message_id": 7}) == Copy(-100500, 7)
    assert decode("message", {"text": "", "scrubbed": True}) == Rendered("")
    assert decode("message", {"text": "Hi", "extra": {"media_url": "https://x.example/f",
                                                      "media_size": "²"}}).media == MediaRef(
        MediaSource.URL, MediaKind.FILE, "https://x.example/f")


@pytest.mark.parametrize(("payload", "problem"), [
    ({"v": 2, "kind": "say", "text": "?"}, "version 2 is not one this carebot reads"),
    ({"v": 1, "kind": "poll", "text": "?"}, "unknown kind 'poll'"),
    ({"v": 1, "text": "?"}, "unknown kind None"),
    ({"v": 1, "kind": "say", "text": 5}, "text is not a text"),
    ({"v": 1, "kind": "say", "text": "?", "choices": "yes"}, "choices is not a list"),
    ({"v": 1, "kind": "say", "text": "?", "free_text": "1"}, "free_text is not true or false"),
    ({"v": 1, "kind": "say", "text": "?", "file": {"name": "a", "mime": "b", "b64": "!!"}},
     "not base64"),
    ({"v": 1, "kind": "say", "text": "?", "media": {"source": "ftp", "kind": "file",
                                                    "handle": "x", "file_name": "f",
                                                    "size": 1}}, "'ftp'/'file' is not known"),
    ({"v": 1, "kind": "say", "text": "?", "choices": [{"id": 5, "label": "?"}]},
     "id is not a text"),
    ({"v": 1, "kind": "copy", "from_chat": "x", "message_id": 1}, "from_chat is not a number"),
    ({"text": None}, "text is not a text"),
])
def test_a_payload_it_cannot_read_is_refused_with_the_reason(
    payload: dict[str, object], problem: str
) -> None:
    with pytest.raises(PayloadError, match=problem.replace("(", r"\(")):
        decode("message", payload)


def test_a_row_queued_with_string_ids_reads_as_typed_buttons() -> None:
    """A row written before ids were typed stores each button's id as its wire text; it
    reads as the same typed id the flows make now, and is written back the same way."""
    stored = {"v": 1, "kind": "say", "text": "Оберіть", "choices": [
        {"id": "svc:family", "label": "Сім'я"}, {"id": "privacy:forget:no", "label": "Ні"},
        {"id": "time:202611301000", "label": "10:00"}]}
    message = decode("message", stored)
    assert isinstance(message, Rendered)
    assert [c.id for c in message.choices] == [
        ChoiceKind("svc").of("family"), ChoiceKind("privacy").of("forget:no"),
        ChoiceKind("time").of("202611301000")]
    assert dict(encode(message)) == stored
