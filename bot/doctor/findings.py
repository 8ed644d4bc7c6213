"""One line of the doctor's report: what was found about one thing, and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    OK = "ok"
    WARN = "warn"  # works, but deserves a look
    BLOCK = "block"  # going live would fail: people or staff would not be reached
    SKIP = "skip"  # not configured, so not checked


@dataclass(frozen=True)
class Finding:
    level: Level
    topic: str  # "Telegram", "Staff group", "Database"...
    text: str  # plain words: what was found and, unless it is fine, what to do

    @property
    def line(self) -> str:
        return f"{self.level.upper():<5}  {self.topic}: {self.text}"


def ok(topic: str, text: str) -> Finding:
    return Finding(Level.OK, topic, text)


def warn(topic: str, text: str) -> Finding:
    return Finding(Level.WARN, topic, text)


def block(topic: str, text: str) -> Finding:
    return Finding(Level.BLOCK, topic, text)


def skip(topic: str, text: str) -> Finding:
    return Finding(Level.SKIP, topic, text)
