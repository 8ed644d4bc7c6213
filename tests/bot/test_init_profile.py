"""``carebot init``: a newcomer's first profile, from their country's example, with their
agency's name and contacts, passing check-profile from the start."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest

from bot.init_profile import init_profile
from flows.profile import load_profile
from tests.cli import carebot

CONTACTS = {  # phone, name, the id made of the name
    "GE": ("+995 32 211 22 33", "ოჯახის სახლი", "ge-agency"),
    "UA": ("+380 32 200 14 16", 'Родинне коло "Поруч" \\', "ua-agency"),
    "LT": ("+370 5 210 0001", "Šeimų namai", "seimu-namai"),
    "PL": ("+48 12 345 67 01", "Rodzinny Dom „Słoneczko”", "pl-agency"),
}


@pytest.mark.parametrize("country", list(CONTACTS))
def test_init_writes_a_profile_that_passes_check_profile(tmp_path: Path, country: str) -> None:
    phone, name, agency_id = CONTACTS[country]
    result = carebot("init", "--country", country.lower(), "--name", name, "--phone", phone,
                     "--email", "hello@agency.example", "--website", "https://agency.example",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "my-agency.toml"
    assert f"Wrote {written.name} for {name}" in result.stdout
    checked = carebot("check-profile", str(written), cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert ": OK (" in checked.stdout and checked.stderr == ""
    agency = load_profile(written).agency
    assert agency.country == country and agency.id == agency_id
    assert agency.name.root == dict.fromkeys(agency.languages, name)
    assert (agency.phone, agency.email, agency.website) == (
        phone, "hello@agency.example", "https://agency.example")
    # The example's explanations stay for the reader to follow.
    assert written.read_text(encoding="utf-8").count("\n#") > 3


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text("# my work\n", encoding="utf-8")
    args = ["init", "--country", "PL", "--out", str(mine), "--name", "Dom", "--phone",
            "+48 12 345 67 01", "--email", "a@b.pl"]
    refused = carebot(*args, cwd=tmp_path)
    assert refused.returncode == 1 and "already exists" in refused.stderr
    assert mine.read_text(encoding="utf-8") == "# my work\n"
    forced = carebot(*args, "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert load_profile(mine).agency.name.root["pl"] == "Dom"
    assert "website" not in tomllib.loads(mine.read_text(encoding="utf-8"))["agency"], (
        "the example's website is not kept for an agency that has none")


def test_init_without_a_terminal_names_what_is_missing(tmp_path: Path) -> None:
    result = carebot("init", "--country", "LT", "--name", "Šeimų namai", cwd=tmp_path)
    assert result.returncode == 2
    assert "missing --phone, --email" in result.stderr
    assert not (tmp_path / "my-agency.toml").exists()


def test_init_refuses_contacts_that_would_mislead_people(tmp_path: Path) -> None:
    result = carebot("init", "--country", "UA", "--name", "Коло", "--phone", "12",
                     "--email", "nobody", cwd=tmp_path)
    assert result.returncode == 2
    assert "'12' is not a possible phone number in UA" in result.stderr
    assert "'nobody' is not an e-mail address" in result.stderr
    assert not (tmp_path / "my-agency.toml").exists()


def test_init_asks_for_what_was_not_given_until_it_is_right(tmp_path: Path) -> None:
    answers = iter(["Sunny Families", "not a number", "+995 32 211 22 33",
                    "hello@sunny.example", ""])
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    out = io.StringIO()
    path = tmp_path / "ge.toml"
    status = init_profile("GE", path, {"name": None, "phone": None, "email": None,
                                       "website": None}, interactive=True, ask=ask, out=out)
    assert status == 0, out.getvalue()
    assert asked == [
        "The agency's name, as people should read it: ",
        "The phone number people can call: ",
        "The phone number people can call: ",
        "The e-mail address people can write to: ",
        "The website (Enter for none): ",
    ]
    assert "'not a number' is not a phone number; please try again." in out.getvalue()
    agency = load_profile(path).agency
    assert agency.name.root["ka"] == "Sunny Families" and agency.website is None
    assert agency.id == "sunny-families"
