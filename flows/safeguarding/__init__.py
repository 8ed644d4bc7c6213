"""Safeguarding: notice a message that suggests a child is in danger, abuse, neglect,
violence at home or self-harm, in any of the six languages, whatever the conversation.

``detect(text)`` is pure and fast enough to run on every inbound text. The phrase lists are
in ``phrases``, the matching in ``detector``; what to answer and whom to alert is decided
by the caller.
"""

from __future__ import annotations

from flows.safeguarding.detector import Alert, detect
from flows.safeguarding.phrases import Category

__all__ = ["Alert", "Category", "detect"]
