"""Refresh the catalogs after code changes: ``python -m locales.refresh``.

Extracts every message into messages.pot, merges it into each language's messages.po,
keeps the Georgian plural rule, makes English the identity translation, and lists what
still needs a translator.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from flows.languages import LANGUAGE_CODES

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Babel derives nplurals=1 for Georgian from CLDR data it lacks; CLDR has one/other.
GEORGIAN_PLURALS = (2, "(n != 1)")


def run(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True,
                   cwd=ROOT)


def main() -> int:
    run("extract", "-F", "locales/babel.cfg", "-o", "locales/messages.pot", "--no-location",
        "--add-comments=TRANSLATORS:",
        "--sort-output", "--project", "carebot", "--copyright-holder", "carebot developers",
        ".")
    missing_total = 0
    for code in LANGUAGE_CODES:
        po_path = HERE / code / "LC_MESSAGES" / "messages.po"
        if not po_path.exists():
            run("init", "-i", "locales/messages.pot", "-d", "locales", "-l", code)
        run("update", "-i", "locales/messages.pot", "-d", "locales", "-l", code,
            "--no-fuzzy-matching", "--ignore-obsolete")
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=code)
        if code == "ka":
            catalog._num_plurals, catalog._plural_expr = GEORGIAN_PLURALS
        for message in catalog:
            if not message.id:
                continue
            if code == "en":
                message.string = message.id
                message.flags.discard("fuzzy")
        with po_path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, sort_output=True)
        missing = [
            m.id for m in catalog
            if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
        ]
        missing_total += len(missing)
        print(f"{code}: {len(missing)} untranslated")
    return 1 if missing_total else 0


if __name__ == "__main__":
    sys.exit(main())
