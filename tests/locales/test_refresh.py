"""``python -m locales.refresh`` on a copy of the tree: after no change in the code it
leaves every catalog as it is; after a change it rewrites the catalogs and names them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ["locales/messages.pot",
            *(f"locales/{code}/LC_MESSAGES/messages.po"
              for code in ("ka", "uk", "lt", "pl", "en", "ru"))]


def refresh(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "locales.refresh"], cwd=tree,
                          capture_output=True, text=True, timeout=120)


def state(tree: Path) -> dict[str, tuple[int, bytes]]:
    return {name: ((tree / name).stat().st_mtime_ns, (tree / name).read_bytes())
            for name in CATALOGS}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("tree")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("bot", "flows", "locales"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=ignore)
    first = refresh(copy)  # brings the copy up to date, whatever the catalogs were
    assert first.returncode == 0, first.stdout + first.stderr
    return copy


def test_a_refresh_after_no_change_touches_no_catalog(tree: Path) -> None:
    before = state(tree)
    result = refresh(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "no catalog changed"
    assert state(tree) == before, "not even a date stamp was renewed"


def test_a_new_message_rewrites_the_catalogs_and_says_which(tree: Path) -> None:
    module = tree / "flows" / "refresh_probe.py"
    module.write_text('from flows.text import _\n\nPROBE = _("A brand-new sentence")\n',
                      encoding="utf-8")
    try:
        result = refresh(tree)
        assert result.returncode == 1, "a new message is untranslated in five languages"
        assert "uk: 1 untranslated" in result.stdout
        assert result.stdout.splitlines()[-1] == "rewritten: " + ", ".join(
            name.removeprefix("locales/") for name in CATALOGS)
        english = (tree / "locales/en/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
        assert 'msgid "A brand-new sentence"\nmsgstr "A brand-new sentence"' in english
    finally:
        module.unlink()
    assert refresh(tree).returncode == 0, "gone again, the catalogs are complete again"
