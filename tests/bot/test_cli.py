"""The ``carebot`` command, run as a newcomer would run it: the installed script for the
README's first command, ``bot.cli.main`` in this process for the rest (tests/cli.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.profile import BUILTIN_PROFILES, builtin_profile_path
from tests.cli import carebot, carebot_process
from tests.flows.test_menu import MENU_QUESTION


@pytest.mark.sqlite_only(reason="the practice chat's own SQLite file; in this process the"
                         " PostgreSQL run maps SQLite files to its databases")
@pytest.mark.parametrize("lang", list(MENU_QUESTION))
def test_chat_prints_the_main_menu_in_each_language(tmp_path: Path, lang: str) -> None:
    result = carebot("chat", "--lang", lang, cwd=tmp_path, stdin="/start\n")
    assert result.returncode == 0, result.stderr
    assert MENU_QUESTION[lang] in result.stdout
    assert "  5. " in result.stdout
    assert (tmp_path / "carebot-chat.db").exists(), "a practice file beside the bot's database"
    assert not (tmp_path / "carebot.db").exists(), "the bot's own database is not touched"


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
    result = carebot_process("run", cwd=tmp_path, stdin="/start\n")
    assert result.returncode == 0, result.stderr
    said = result.stderr.strip().splitlines()
    assert "TELEGRAM_BOT_TOKEN" in said[0] and "VIBER_AUTH_TOKEN" in said[0]
    assert said[1].startswith(f"Practice chat: everything is kept in {tmp_path}/carebot-chat.db")
    assert len(said) == 2
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


@pytest.mark.sqlite_only(reason="the practice SQLite file goes beside the bot's")
def test_chat_keeps_away_from_the_database_of_a_running_bot(tmp_path: Path) -> None:
    production = tmp_path / "srv" / "carebot.db"
    result = carebot("chat", "--lang", "en", cwd=tmp_path, stdin="/start\n",
                     DATABASE_URL=f"sqlite:///{production}")
    assert result.returncode == 0, result.stderr
    practice = tmp_path / "srv" / "carebot-chat.db"
    assert result.stderr.startswith(f"Practice chat: everything is kept in {practice}, not in"
                                    " the bot's database (DATABASE_URL)")
    assert practice.exists() and not production.exists()
    chosen = tmp_path / "try.db"
    explicit = carebot("chat", "--db", str(chosen), cwd=tmp_path, stdin="/start\n",
                       DATABASE_URL=f"sqlite:///{production}")
    assert explicit.returncode == 0 and chosen.exists() and "Practice" not in explicit.stderr


def test_version() -> None:
    from importlib.metadata import version

    result = carebot("--version", cwd=Path.cwd())
    assert result.returncode == 0
    assert result.stdout.strip() == f"carebot {version('carebot')}"


@pytest.mark.parametrize(("args", "said"), [
    (["-1001234567890", "--name", "Desk"], "-1001234567890 is a group or channel id"),
    (["0", "--name", "Mariam"], "0 is not a user id"),
    (["123456789", "--name", "  "], "--name is empty"),
])
def test_staff_add_refuses_a_group_id_and_an_empty_name(
    tmp_path: Path, args: list[str], said: str
) -> None:
    url = f"sqlite:///{tmp_path}/s.db"
    result = carebot("staff", "add", *args, cwd=tmp_path, DATABASE_URL=url)
    assert result.returncode == 2 and said in result.stderr, result.stderr
    listed = carebot("staff", "list", cwd=tmp_path, DATABASE_URL=url)
    assert listed.returncode == 0 and listed.stdout == "", "nobody was registered"
    good = carebot("staff", "add", "123456789", "--name", " Mariam ", cwd=tmp_path,
                   DATABASE_URL=url)
    assert good.returncode == 0, good.stderr
    assert carebot("staff", "list", cwd=tmp_path, DATABASE_URL=url).stdout.startswith(
        "123456789\tMariam\tagent")


def test_check_profile_names_every_problem_and_warns_about_hours(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    text = builtin_profile_path().read_text(encoding="utf-8")
    text = text.replace('country = "GE"', 'country = "FR"', 1)
    text = text.replace('timezone = "Asia/Tbilisi"', 'timezone = "Tbilisi"', 1)
    text = text.replace('[agency.name]\nka = "ოჯახის დახმარების ცენტრი"\n', "[agency.name]\n")
    broken.write_text(text, encoding="utf-8")
    result = carebot("check-profile", str(broken), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{broken}: agency.country: Input should be 'GE', 'UA', 'LT' or 'PL'",
        f"{broken}: centres.0.timezone: unknown time zone 'Tbilisi'",
        f"{broken}: agency.name: missing translation for ka",
    ]
    late = tmp_path / "late.toml"
    late.write_text(builtin_profile_path().read_text(encoding="utf-8").replace(
        '{ weekday = "mon", hours = "10:00-14:00", centre = "tbilisi" }',
        '{ weekday = "mon", hours = "17:00-20:00", centre = "tbilisi" }', 1), encoding="utf-8")
    warned = carebot("check-profile", str(late), cwd=tmp_path)
    assert warned.returncode == 0, warned.stderr
    assert "fall outside the centre's opening hours (10:00-18:00)" in warned.stderr
    assert warned.stderr.startswith(f"{late}: warning: consultants.0.availability.0:")
    assert warned.stdout.strip().endswith(", 1 warning(s)")


def test_flows_graph_prints_the_catalog_as_mermaid(tmp_path: Path) -> None:
    from flows.catalog import default_catalog

    result = carebot("flows", "graph", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == default_catalog().mermaid()


def test_flows_check_passes_for_the_shipped_flows(tmp_path: Path) -> None:
    result = carebot("flows", "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("6 flows, 36 steps: all reachable, every target exists, every"
                             " message translated\n")
