"""The installed ``carebot`` command, run as a newcomer would run it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flows.profile import BUILTIN_PROFILES, builtin_profile_path
from tests.flows.test_menu import MENU_QUESTION


def carebot(*args: str, cwd: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    script = shutil.which("carebot", path=str(Path(sys.executable).parent)) or shutil.which(
        "carebot"
    )
    assert script, "carebot is not installed: pip install ."
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "VIBER_"))}
    return subprocess.run(
        [script, *args], input=stdin, capture_output=True, text=True, timeout=60, cwd=cwd,
        env={**clean, **env},
    )


@pytest.mark.parametrize("lang", list(MENU_QUESTION))
def test_chat_prints_the_main_menu_in_each_language(tmp_path: Path, lang: str) -> None:
    result = carebot("chat", "--lang", lang, cwd=tmp_path, stdin="/start\n")
    assert result.returncode == 0, result.stderr
    assert MENU_QUESTION[lang] in result.stdout
    assert "  5. " in result.stdout
    assert (tmp_path / "carebot.db").exists(), "DATABASE_URL's default is in the working dir"


def test_chat_answers_a_typed_number(tmp_path: Path) -> None:
    from tests.flows.test_menu import MENU_IDS

    language_entry = MENU_IDS.index("menu:language") + 1
    result = carebot("chat", "--lang", "uk", "--db", str(tmp_path / "x.db"), cwd=tmp_path,
                     stdin=f"/start\n{language_entry}\n")
    assert result.returncode == 0, result.stderr
    assert "Українська" in result.stdout and "ქართული" in result.stdout


def test_run_without_tokens_says_how_to_connect_and_starts_the_terminal_chat(
    tmp_path: Path,
) -> None:
    result = carebot("run", cwd=tmp_path, stdin="/start\n")
    assert result.returncode == 0, result.stderr
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "VIBER_AUTH_TOKEN" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert MENU_QUESTION["en"] in result.stdout


def test_migrate_creates_the_schema(tmp_path: Path) -> None:
    result = carebot("migrate", cwd=tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/m.db")
    assert result.returncode == 0, result.stderr
    assert "schema version" in result.stdout
    again = carebot("migrate", cwd=tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/m.db")
    assert "already up to date" in again.stdout


@pytest.mark.parametrize("name", BUILTIN_PROFILES)
def test_check_profile_accepts_the_shipped_profiles(tmp_path: Path, name: str) -> None:
    result = carebot("check-profile", str(builtin_profile_path(name)), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ": OK (" in result.stdout


def test_check_profile_rejects_a_broken_file_naming_the_field(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    text = builtin_profile_path().read_text(encoding="utf-8")
    broken.write_text(text.replace('country = "GE"', 'country = "FR"', 1), encoding="utf-8")
    result = carebot("check-profile", str(broken), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{broken}: agency.country:" in result.stderr


def test_a_bad_setting_stops_the_start_with_a_clear_message(tmp_path: Path) -> None:
    result = carebot("run", cwd=tmp_path, HTTP_PORT="eighty")
    assert result.returncode == 2
    assert "Bad configuration: HTTP_PORT" in result.stderr
