"""Refresh the catalogs after code changes: ``python -m locales.refresh``.

Extracts every message into messages.pot, merges it into each language's messages.po,
keeps the Georgian plural rule, makes English the identity translation, and lists what
still needs a translator. A file whose messages did not change is left as it is (not even
its date stamps are renewed), so that a refresh after no change leaves git clean.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from flows.languages import LANGUAGE_CODES

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Babel derives nplurals=1 for Georgian from CLDR data it lacks; CLDR has one/other.
GEORGIAN_PLURALS = (2, "(n != 1)")
# What changes on every run (or with another Babel) although no message did.
STAMP_LINES = (b'"POT-Creation-Date:', b'"PO-Revision-Date:', b'"Generated-By:')


def run(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True,
                   cwd=ROOT)


def _without_dates(content: bytes) -> bytes:
    return b"\n".join(line for line in content.split(b"\n")
                      if not line.startswith(STAMP_LINES))


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write ``content`` unless the file already says the same, date stamps aside; whether
    it was written."""
    if path.exists() and _without_dates(path.read_bytes()) == _without_dates(content):
        return False
    path.write_bytes(content)
    return True


def render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=True,
             ignore_obsolete=True)
    return buffer.getvalue()


def merge(code: str, po_path: Path, pot: bytes) -> Catalog:
    """The language's catalog brought up to the template, as ``pybabel update`` does."""
    # A template of its own: update() adopts the template's new messages as they are.
    template = read_po(io.BytesIO(pot))
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    if code == "ka":
        catalog._num_plurals, catalog._plural_expr = GEORGIAN_PLURALS
    for message in catalog:
        if not message.id:
            continue
        if code == "en":
            message.string = message.id
            message.flags.discard("fuzzy")
    return catalog


def main() -> int:
    changed: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / "messages.pot"
        run("extract", "-F", "locales/babel.cfg", "-o", str(fresh), "--no-location",
            "--add-comments=TRANSLATORS:",
            "--sort-output", "--project", "carebot", "--copyright-holder",
            "carebot developers", ".")
        pot = fresh.read_bytes()
        if write_if_changed(HERE / "messages.pot", pot):
            changed.append("messages.pot")
    missing_total = 0
    for code in LANGUAGE_CODES:
        po_path = HERE / code / "LC_MESSAGES" / "messages.po"
        if not po_path.exists():
            run("init", "-i", "locales/messages.pot", "-d", "locales", "-l", code)
        catalog = merge(code, po_path, pot)
        before = _without_dates(po_path.read_bytes())
        if _without_dates(render(catalog)) != before:
            catalog.creation_date = read_po(io.BytesIO(pot)).creation_date
            po_path.write_bytes(render(catalog))
            changed.append(f"{code}/LC_MESSAGES/messages.po")
        missing = [
            m.id for m in catalog
            if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
        ]
        missing_total += len(missing)
        print(f"{code}: {len(missing)} untranslated")
    print(f"rewritten: {', '.join(changed)}" if changed else "no catalog changed")
    return 1 if missing_total else 0


if __name__ == "__main__":
    sys.exit(main())
