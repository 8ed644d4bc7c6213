"""A staff member's words for a person, as the outbox keeps them until the sender runs.

The staff flow writes one ``StaffReply`` row (kind ``staff_reply``) on the person's own
channel; each channel draws it in its own way when it is sent (``bot/desk/relay.py``): a
channel that can copy the staff message copies the original as it is, another sends the
text and fetches the file only then, after the commit. Nothing here knows a messenger.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flows.messages import UNKNOWN_BUTTON, ChoiceId, RenderedChoice

VERSION = 1
ROW_KIND = "staff_reply"
# How a channel without copies shows a staff file; "" when it cannot.
ShownAs = Literal["picture", "video", "file", ""]


class UndecodableReply(ValueError):
    """A staff_reply row this version cannot read."""


@dataclass(frozen=True)
class StaffMediaRef:
    """A file in a staff member's message, by the staff channel's own handle."""

    file_id: str
    file_name: str
    default_suffix: str
    shown_as: ShownAs


@dataclass(frozen=True)
class Original:
    """Where the staff member's message is, for a channel that can copy it."""

    chat_id: int
    message_id: int


@dataclass(frozen=True)
class StaffReply:
    text: str
    original: Original | None = None
    media: StaffMediaRef | None = None
    # The button that ends the conversation, in the person's language, for channels whose
    # keyboards do not stay on screen; None outside a conversation.
    end: RenderedChoice | None = None
    # The ticket it answers: where staff hear it if the file cannot be fetched.
    ticket: int | None = None

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"v": VERSION, "kind": ROW_KIND, "text": self.text}
        if self.original is not None:
            data["original"] = {"chat_id": self.original.chat_id,
                                "message_id": self.original.message_id}
        if self.media is not None:
            data["media"] = {"file_id": self.media.file_id, "file_name": self.media.file_name,
                             "default_suffix": self.media.default_suffix,
                             "shown_as": self.media.shown_as}
        if self.end is not None:
            data["end"] = {"id": self.end.id.wire, "label": self.end.label}
        if self.ticket is not None:
            data["ticket"] = self.ticket
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> StaffReply:
        if data.get("v") != VERSION or data.get("kind") != ROW_KIND:
            raise UndecodableReply(f"staff reply {data.get('v')!r}/{data.get('kind')!r}")
        original, media, end = data.get("original"), data.get("media"), data.get("end")
        ticket = data.get("ticket")
        try:
            return cls(
                text=str(data.get("text") or ""),
                original=Original(int(original["chat_id"]), int(original["message_id"]))
                if isinstance(original, dict) else None,
                media=StaffMediaRef(str(media["file_id"]), str(media["file_name"]),
                                    str(media["default_suffix"]), _shown_as(media))
                if isinstance(media, dict) else None,
                end=RenderedChoice(ChoiceId.parse(str(end["id"])) or UNKNOWN_BUTTON,
                                   str(end["label"]))
                if isinstance(end, dict) else None,
                ticket=int(ticket) if isinstance(ticket, int | str) else None,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise UndecodableReply(type(exc).__name__) from None


def _shown_as(media: dict[str, object]) -> ShownAs:
    value = media.get("shown_as")
    if value == "picture":
        return "picture"
    if value == "video":
        return "video"
    if value == "file":
        return "file"
    return ""
