"""Words that only Telegram shows: the command menu.

Written with ``flows.text._`` so ``pybabel extract`` (``python -m locales.refresh``) picks
them up, and rendered through the same catalogs as everything the flows say.
"""

from __future__ import annotations

from flows.text import Msg, _

# The command menu ("/" button) in each language; the commands are the flows' own.
COMMANDS: tuple[tuple[str, Msg], ...] = (
    ("start", _("Start again from the beginning")),
    ("menu", _("Back to the main menu")),
    ("help", _("What I can do and how to use me")),
    ("language", _("Change language")),
)
