"""The doctor's checks on this server: the profile, the database, the time zones and the
public URL as seen from here."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp

from bot.config import Settings
from bot.doctor.findings import Finding, block, ok, skip, warn
from flows.profile import Profile, ProfileError, load_profile
from flows.profile_check import hours_warnings, timezone_warnings
from storage.db import Database, available_migrations

PROFILE, DATABASE, ZONES, PUBLIC = "Profile", "Database", "Time zones", "Public URL"


def check_profile(settings: Settings) -> tuple[Profile | None, list[Finding]]:
    path = settings.agency_profile
    try:
        profile = load_profile(path)
    except ProfileError as exc:
        problems = str(exc).splitlines()
        return None, [block(PROFILE, f"{len(problems)} problem(s), the first: {problems[0]};"
                                     f" run `carebot check-profile {path}` to see them all")]
    findings: list[Finding] = []
    if path is None:
        findings.append(block(PROFILE, "AGENCY_PROFILE is not set, so the built-in demo (an"
                                       " example Georgian agency with example phone numbers)"
                                       " would answer people: `carebot init --country XX`"
                                       " writes your own"))
    else:
        agency = profile.agency
        name = agency.name.root.get(agency.default_locale, agency.id)
        findings.append(ok(PROFILE, f"{path}: “{name}”, {len(profile.centres)} centre(s),"
                                    f" {len(profile.consultants)} consultant(s)"))
    findings += [warn(PROFILE, text) for text in hours_warnings(profile)]
    return profile, findings


def _file_problem(path: Path) -> Finding | None:
    """What keeps this user from creating or writing the database file, if anything
    (``path`` is absolute)."""
    folder = path.parent
    if not path.exists():
        nearest = next((p for p in (folder, *folder.parents) if p.exists()), Path("."))
        if os.access(nearest, os.W_OK):
            return ok(DATABASE, f"{path} does not exist yet: carebot run (or carebot"
                                " migrate) creates it")
        return block(DATABASE, f"cannot create {path}: the folder {nearest} is not writable"
                               " by this user; choose another DATABASE_URL or give write"
                               " access")
    if not os.access(path, os.R_OK | os.W_OK) or not os.access(folder, os.W_OK):
        return block(DATABASE, f"{path} or its folder is not writable by this user (SQLite"
                               " writes its -wal and -shm files beside it): give write"
                               " access to both")
    return None


async def check_database(settings: Settings) -> list[Finding]:
    url = settings.database_path
    on_file = "://" not in url  # else PostgreSQL: no file to check
    path: Path | str = Path.cwd() / url if on_file else url
    latest = max((number for number, _sql in available_migrations()), default=0)
    problem = await asyncio.to_thread(_file_problem, Path(path)) if on_file else None
    if problem is not None:
        return [problem]
    try:
        db = await Database.open(path, migrate=False)
        path = db.path  # a PostgreSQL URL without its password
    except Exception as exc:  # a report line, whatever SQLite says
        return [block(DATABASE, f"cannot open {path}: {exc}")]
    try:
        version = await db.schema_version()
        mode = await db.journal_mode()
    except Exception as exc:  # not a database, or a damaged one
        return [block(DATABASE, f"{path} cannot be read as a database: {exc}")]
    finally:
        await db.close()
    findings: list[Finding] = []
    if version > latest:
        findings.append(block(DATABASE, f"{path} has schema version {version}, newer than"
                                        f" this carebot knows ({latest}): install the"
                                        " carebot version that wrote it"))
    elif version < latest:
        findings.append(warn(DATABASE, f"{path} has schema version {version} of {latest}:"
                                       " carebot run upgrades it at start, or run carebot"
                                       " migrate now"))
    else:
        findings.append(ok(DATABASE, f"{path} is writable and up to date (schema version"
                                     f" {version})"))
    if mode != "wal":
        findings.append(warn(DATABASE, f"journal mode is {mode or 'unknown'}, not WAL (is the"
                                       " file on a network drive?): keep the database on a"
                                       " local disk, or staff commands will wait for the bot"))
    return findings


def check_timezones(profile: Profile | None, now: datetime | None = None) -> list[Finding]:
    if profile is None:
        return [skip(ZONES, "not checked: the profile does not load")]
    now = now or datetime.now(UTC)
    zones = sorted({c.timezone for c in profile.centres} | {q.timezone for q in profile.queues})
    shown = ", ".join(f"{zone} (now {now.astimezone(ZoneInfo(zone)):%H:%M})" for zone in zones)
    findings = [ok(ZONES, f"centres and queues use {shown}")]
    findings += [warn(ZONES, text) for text in timezone_warnings(profile)]
    return findings


async def check_public_url(settings: Settings, limit: float) -> list[Finding]:
    base = settings.webhook_base_url
    if not base:
        return [skip(PUBLIC, "WEBHOOK_BASE_URL is not set: Telegram uses long polling, and"
                             " Viber cannot deliver")]
    url = f"{base}/healthz"
    bound = aiohttp.ClientTimeout(total=limit)
    try:
        async with aiohttp.ClientSession(timeout=bound) as http, http.get(url) as response:
            status = response.status
            try:
                report = await response.json(content_type=None)
            except ValueError:
                report = None
    except aiohttp.ClientSSLError as exc:
        return [block(PUBLIC, f"{url}: the certificate is not accepted ({exc}); Telegram and"
                              " Viber need a valid https certificate")]
    except (aiohttp.ClientError, TimeoutError, OSError) as exc:
        reason = "no answer in time" if isinstance(exc, asyncio.TimeoutError) else str(exc)
        return [block(PUBLIC, f"{url} cannot be reached from this server ({reason}): check the"
                              " DNS name, the proxy or tunnel, and that carebot run is running")]
    if isinstance(report, dict) and "status" in report:
        state = report.get("status")
        return [ok(PUBLIC, f"{url} reaches carebot (it reports “{state}”)")]
    return [block(PUBLIC, f"{url} answers HTTP {status}, not carebot's health report: is"
                          " carebot run running, and does the proxy forward to"
                          f" {settings.http_host}:{settings.http_port}?")]
