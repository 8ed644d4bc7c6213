"""Safeguarding: notice a message that suggests a child is in danger, abuse, neglect, a
threat, self-harm or suicidal thoughts, in any of the six languages, in any state.

``detect(text, locale)`` is pure, linear in the message and cheap enough to run on every
inbound text. Word lists and rules are data (``data/``), readable by a social worker;
``normalise`` prepares the text, ``lexicon`` finds the words, ``rules`` decides,
``model`` is the second signal for what the rules do not name (trained by ``train``), and
``answers`` says what the person reads.
"""

from __future__ import annotations

from flows.safeguarding.detector import Alert, Voice, detect
from flows.safeguarding.rules import Category

__all__ = ["Alert", "Category", "Voice", "detect"]
