"""Files for Viber people: the send_message bodies, and the folder they are served from."""

from __future__ import annotations

import os
import time
from pathlib import Path

from bot.desk.media import MediaStore, media_folder, suffix_of
from bot.viber.transport import draw
from flows.handoff import END
from flows.messages import Rendered, RenderedChoice
from storage.outbox_codec import MediaKind, MediaRef, MediaSource
from tests.fakes.viber_api import validate_message

SENDER = {"name": "Family Support Centre"}
URL = "https://bot.example.org/desk-media/abcdefghijklmnopqrstuvwxyz012345.pdf"


def bodies(rendered: Rendered) -> list[dict[str, object]]:
    found = draw(rendered, sender=SENDER)
    return [{"receiver": "someone", **body} for body in found]


def test_a_file_alone_carries_the_keyboard_and_a_caption_follows_it() -> None:
    end = (RenderedChoice(END.id, "Baigti pokalbį"),)
    leaflet = MediaRef(MediaSource.URL, MediaKind.FILE, URL, "leaflet.pdf", 2048)
    (alone,) = bodies(Rendered("", end, free_text=True, media=leaflet))
    assert (alone["type"], alone["media"], alone["size"], alone["file_name"]) == (
        "file", URL, 2048, "leaflet.pdf")
    assert alone["keyboard"]["Buttons"][0]["ActionBody"] == "handoff:end"  # type: ignore[index]
    video, caption = bodies(Rendered("Štai vaizdo įrašas", end, media=MediaRef(
        MediaSource.URL, MediaKind.VIDEO, URL, "leaflet.pdf", 2048)))
    assert video["type"] == "video" and "keyboard" not in video
    assert caption["text"] == "Štai vaizdo įrašas" and "keyboard" in caption
    for body in (alone, video, caption):
        assert validate_message(body) is None


def test_files_live_beside_the_database_and_old_ones_are_deleted(tmp_path: Path) -> None:
    assert media_folder(str(tmp_path / "data" / "carebot.db")) == (
        tmp_path / "data" / "desk-media").resolve()
    assert suffix_of("Report.PDF", ".bin") == ".pdf"
    assert suffix_of("no-suffix", ".bin") == ".bin"
    assert suffix_of("evil.p h p", ".bin") == ".bin"
    store = MediaStore(tmp_path / "desk-media", None)
    assert store.cleanup() == 0 and not store.can_serve
    store.folder.mkdir()
    old, new = store.folder / "old.jpg", store.folder / "new.jpg"
    old.write_bytes(b"old")
    new.write_bytes(b"new")
    week_ago = time.time() - 8 * 24 * 3600
    os.utime(old, (week_ago, week_ago))
    assert store.cleanup() == 1
    assert [p.name for p in store.folder.iterdir()] == ["new.jpg"]


def test_a_staff_photos_caption_goes_with_the_picture_on_viber() -> None:
    end = (RenderedChoice(END.id, "Baigti pokalbį"),)
    photo = MediaRef(MediaSource.URL, MediaKind.PICTURE, URL.replace(".pdf", ".jpg"),
                     "photo.jpg", 4096)
    (picture,) = bodies(Rendered("Štai lankstinukas", end, free_text=True, media=photo))
    assert (picture["type"], picture["text"]) == ("picture", "Štai lankstinukas")
    assert picture["keyboard"]["Buttons"][0]["ActionBody"] == "handoff:end"  # type: ignore[index]
    assert validate_message(picture) is None
    # Viber takes up to 768 characters with a picture: a longer text follows it.
    long_picture, text = bodies(Rendered("ž" * 769, end, free_text=True, media=photo))
    assert long_picture["text"] == "" and text["text"] == "ž" * 769
    assert validate_message(long_picture) is None
