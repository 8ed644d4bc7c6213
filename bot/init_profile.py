"""``carebot init --country PL``: a starting agency profile, copied from the shipped example
of that country with the agency's own name and contacts, checked before it is written.

The example's TOML is edited line by line inside ``[agency]`` (so that its comments and
layout stay for the reader), then parsed back and compared with what was asked for: a
file is only written when it passes ``check-profile`` and carries the given values.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import phonenumbers

from flows.profile import ProfileError, builtin_profile_path, load_profile

COUNTRIES = ("GE", "UA", "LT", "PL")
EXAMPLES = {"GE": "demo", "UA": "ua", "LT": "lt", "PL": "pl"}
COUNTRY_NAMES = {"GE": "Georgian", "UA": "Ukrainian", "LT": "Lithuanian", "PL": "Polish"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTACT_KEY = re.compile(r"^(phone|email|website)\s*=")
_NAME_KEY = re.compile(r"^name(\.[a-z]+)?\s*=")


class InitError(Exception):
    """What stops the profile from being written; the message says what to do."""


@dataclass(frozen=True)
class Contacts:
    name: str
    phone: str
    email: str
    website: str | None = None


# -- checking what was typed --------------------------------------------------------------

def name_problem(value: str) -> str | None:
    if not value.strip():
        return "the name is empty"
    if _CONTROL.search(value):
        return "the name contains control characters"
    if len(value) > 120:
        return "the name is longer than 120 characters"
    return None


def phone_problem(value: str, country: str) -> str | None:
    try:
        number = phonenumbers.parse(value, country)
    except phonenumbers.NumberParseException:
        return f"{value!r} is not a phone number"
    if not phonenumbers.is_possible_number(number):
        return f"{value!r} is not a possible phone number in {country}"
    return None


def email_problem(value: str) -> str | None:
    return None if _EMAIL.match(value.strip()) else f"{value!r} is not an e-mail address"


def website_problem(value: str) -> str | None:
    if not value.startswith(("https://", "http://")) or _CONTROL.search(value) or " " in value:
        return f"{value!r} is not a web address like https://example.org"
    return None


def contacts_problems(contacts: Contacts, country: str) -> list[str]:
    found = [name_problem(contacts.name), phone_problem(contacts.phone, country),
             email_problem(contacts.email)]
    if contacts.website:
        found.append(website_problem(contacts.website))
    return [problem for problem in found if problem]


# -- editing the example ------------------------------------------------------------------

def agency_id(name: str, country: str) -> str:
    """A Latin slug of the name (``sunny-families``), or ``pl-agency`` when the name is in
    another script: a stable id for exports, rarely read by anybody."""
    letters = "".join(c for c in unicodedata.normalize("NFKD", name)
                      if unicodedata.category(c) != "Mn")
    if any(c.isalpha() and not c.isascii() for c in letters):
        return f"{country.lower()}-agency"
    slug = re.sub(r"[^a-z0-9]+", "-", letters.lower()).strip("-")[:32].strip("-")
    return slug if len(slug) >= 3 else f"{country.lower()}-agency"


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def adapt(example: str, contacts: Contacts, languages: list[str], country: str) -> str:
    """The example's text with the agency's id, name and contacts in ``[agency]``."""
    lines = example.splitlines()
    start = lines.index("[agency]")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("[")
                and not lines[i].startswith("[agency.")), len(lines))
    values = {"phone": contacts.phone.strip(), "email": contacts.email.strip(),
              "website": contacts.website.strip() if contacts.website else None}
    name = ", ".join(f"{code} = {_toml_string(contacts.name.strip())}" for code in languages)
    kept: list[str] = []
    in_name_table, top_level = False, True
    for line in lines[start + 1:end]:
        if line.startswith("["):
            top_level = False
            in_name_table = line.strip() == "[agency.name]"
            if in_name_table:
                continue
        if in_name_table:
            if line.strip() and not line.lstrip().startswith("#"):
                continue
            in_name_table = False
        if top_level and _NAME_KEY.match(line):
            continue
        if top_level and line.startswith("id ="):
            line = f"id = {_toml_string(agency_id(contacts.name, country))}"
        contact = _CONTACT_KEY.match(line) if top_level else None
        if contact:
            key = contact.group(1)
            value = values.pop(key)
            if value is None:
                continue
            line = f"{key} = {_toml_string(value)}"
        kept.append(line)
    # New keys go at the end of [agency]'s own keys, before its sub-tables.
    at = next((i for i, line in enumerate(kept) if line.startswith("[")), len(kept))
    while at > 0 and (not kept[at - 1].strip() or kept[at - 1].startswith("#")):
        at -= 1
    extra = [f"{key} = {_toml_string(value)}" for key, value in values.items() if value]
    kept[at:at] = [*extra, f"name = {{ {name} }}"]
    return "\n".join([*lines[:start + 1], *kept, *lines[end:]]) + "\n"


def build_profile(country: str, contacts: Contacts) -> str:
    """The new profile's text; InitError when it would not pass check-profile."""
    problems = contacts_problems(contacts, country)
    if problems:
        raise InitError("; ".join(problems))
    source = builtin_profile_path(EXAMPLES[country])
    example = load_profile(source)
    text = adapt(source.read_text(encoding="utf-8"), contacts,
                 list(example.agency.languages), country)
    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / "profile.toml"
        trial.write_text(text, encoding="utf-8")
        try:
            written = load_profile(trial)
        except ProfileError as exc:
            raise InitError(f"the new profile would not pass check-profile: {exc}") from None
    agency = written.agency
    if (set(agency.name.root.values()) != {contacts.name.strip()}
            or agency.phone != contacts.phone.strip()
            or agency.email != contacts.email.strip()
            or agency.website != (contacts.website.strip() if contacts.website else None)):
        raise InitError(f"could not adapt {source.name}; copy it by hand and edit [agency]")
    return text


# -- the command --------------------------------------------------------------------------

Ask = Callable[[str], str]


def ask_contacts(
    country: str, given: dict[str, str | None], ask: Ask, out: TextIO
) -> Contacts:
    """Ask for what was not given as an option, again until it is right."""
    checks: dict[str, Callable[[str], str | None]] = {
        "name": name_problem,
        "phone": lambda value: phone_problem(value, country),
        "email": email_problem,
        "website": lambda value: website_problem(value) if value else None,
    }
    prompts = {
        "name": "The agency's name, as people should read it: ",
        "phone": "The phone number people can call: ",
        "email": "The e-mail address people can write to: ",
        "website": "The website (Enter for none): ",
    }
    answers: dict[str, str | None] = {}
    for key, check in checks.items():
        value = given.get(key)
        while value is None:
            typed = ask(prompts[key]).strip()
            problem = check(typed)
            if problem:
                out.write(f"  {problem}; please try again.\n")
                continue
            value = typed
        answers[key] = value or None
    return Contacts(answers["name"] or "", answers["phone"] or "", answers["email"] or "",
                    answers["website"])


def init_profile(
    country: str,
    out_path: Path,
    given: dict[str, str | None],
    *,
    force: bool = False,
    interactive: bool | None = None,
    ask: Ask = input,
    out: TextIO | None = None,
) -> int:
    out = out or sys.stdout  # the stdout of this call, not of the import
    if out_path.exists() and not force:
        print(f"{out_path} already exists: choose another --out, or add --force to replace"
              " it", file=sys.stderr)
        return 1
    interactive = sys.stdin.isatty() if interactive is None else interactive
    missing = [f"--{key}" for key in ("name", "phone", "email") if not given.get(key)]
    if missing and not interactive:
        print(f"missing {', '.join(missing)} (the input is not a terminal, so nothing can be"
              " asked)", file=sys.stderr)
        return 2
    if interactive:
        example = builtin_profile_path(EXAMPLES[country]).name
        out.write(f"A new profile from the {COUNTRY_NAMES[country]} example ({example}).\n")
        contacts = ask_contacts(country, given, ask, out)
    else:
        contacts = Contacts(given["name"] or "", given["phone"] or "", given["email"] or "",
                            given.get("website"))
    try:
        text = build_profile(country, contacts)
    except InitError as exc:
        print(f"{out_path} was not written: {exc}", file=sys.stderr)
        return 2
    out_path.parent.mkdir(parents=True, exist_ok=True)
    partial = out_path.with_name(out_path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, out_path)
    out.write(
        f"Wrote {out_path} for {contacts.name} (it passes check-profile).\n"
        "Next: rewrite [agency] about and privacy, then the centres, consultants, queues"
        " and hotlines for your agency;\n"
        f"check it with `carebot check-profile {out_path}` and use it with"
        f" AGENCY_PROFILE={out_path}.\n"
    )
    return 0
