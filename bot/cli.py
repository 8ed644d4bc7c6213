"""The ``carebot`` command."""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

from bot.booking_list import WINDOW_DAYS
from bot.config import ConfigError, Settings, load_settings
from bot.db_cli import COMMANDS as DB_COMMANDS
from bot.db_cli import add_parsers as add_db_parsers
from bot.flows_cli import COMMANDS as FLOWS_COMMANDS
from bot.flows_cli import add_parsers as add_flows_parsers
from bot.init_profile import COUNTRIES
from bot.logs import setup_logging
from bot.people_cli import COMMANDS as PRIVACY_COMMANDS
from bot.people_cli import add_parsers as add_privacy_parsers
from flows.catalog import CatalogError
from flows.languages import LANGUAGE_CODES
from flows.profile import ProfileError, load_profile
from storage.db import Database, StorageError

Command = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]
COMMANDS: dict[str, Command] = {}


def subcommand(name: str) -> Callable[[Command], Command]:
    def add(handler: Command) -> Command:
        COMMANDS[name] = handler
        return handler

    return add


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="carebot", description="Telegram and Viber chatbot for foster care and families."
    )
    root.add_argument("--version", action="version", version=f"carebot {_version()}")
    sub = root.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start the configured channels (the terminal chat without any)")
    chat = sub.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--lang", choices=LANGUAGE_CODES, help="your language")
    chat.add_argument("--profile", type=Path, help="agency profile TOML (default: demo)")
    chat.add_argument("--db", type=Path, help="SQLite file (default: a practice file,"
                      " carebot-chat.db beside DATABASE_URL's database)")
    sub.add_parser("migrate", help="create or upgrade the database")
    check = sub.add_parser("check-profile", help="validate an agency profile TOML")
    check.add_argument("path", type=Path, nargs="?", help="profile file (default: demo)")
    enquiries = sub.add_parser("enquiries", help="foster-carer enquiries")
    enquiries_sub = enquiries.add_subparsers(dest="action", required=True)
    export = enquiries_sub.add_parser("export", help="write enquiries as CSV or JSON")
    export.add_argument("--since", type=_date, help="YYYY-MM-DD (UTC; default: the first)")
    export.add_argument("--until", type=_date,
                        help="YYYY-MM-DD, included (UTC; default: up to now)")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    bookings = sub.add_parser("bookings", help="consultation bookings")
    bookings_sub = bookings.add_subparsers(dest="action", required=True)
    listing = bookings_sub.add_parser("list", help="the coming consultations, or one day's")
    listing.add_argument("--date", type=_date,
                         help="YYYY-MM-DD (the day in each centre's time zone; default: today"
                              f" and the {WINDOW_DAYS - 1} days after it)")
    listing.add_argument("--centre", help="a centre id from the profile, or 'remote'")
    listing.add_argument("--all", action="store_true",
                         help="include cancelled and moved bookings")
    staff = sub.add_parser("staff", help="who may act in the staff group")
    staff_sub = staff.add_subparsers(dest="action", required=True)
    add = staff_sub.add_parser("add", help="register (or update) a staff member")
    add.add_argument("telegram_user_id", type=int)
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=("agent", "supervisor"), default="agent")
    add.add_argument("--queues", nargs="*", default=[], help="queue ids (default: all)")
    staff_sub.add_parser("list", help="list registered staff")
    remove = staff_sub.add_parser("remove", help="unregister a staff member")
    remove.add_argument("telegram_user_id", type=int)
    doctor = sub.add_parser("doctor", help="check the configuration before going live")
    doctor.add_argument("--timeout", type=float, default=10.0, help="seconds per check")
    init = sub.add_parser("init", help="write a starting agency profile for your country")
    init.add_argument("--country", required=True, type=str.upper, choices=COUNTRIES)
    init.add_argument("--out", type=Path, default=Path("my-agency.toml"))
    init.add_argument("--name", help="the agency's name, as people should read it")
    init.add_argument("--phone", help="the agency's phone number")
    init.add_argument("--email", help="the agency's e-mail address")
    init.add_argument("--website", help="the agency's website (optional)")
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    safeguarding = sub.add_parser("safeguarding", help="safeguarding alerts")
    report = safeguarding.add_subparsers(dest="action", required=True).add_parser(
        "report", help="alerts and false alarms per language and category")
    report.add_argument("--since", type=_date, help="YYYY-MM-DD (UTC; default: 30 days ago)")
    report.add_argument("--until", type=_date, help="YYYY-MM-DD (UTC, exclusive; default: now)")
    add_privacy_parsers(sub)
    add_flows_parsers(sub)
    add_db_parsers(sub)
    return root


def _version() -> str:
    try:
        return metadata.version("carebot")
    except metadata.PackageNotFoundError:
        return "(not installed)"


def _date(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-11-01") from None


@subcommand("enquiries")
async def enquiries_command(args: argparse.Namespace, settings: Settings) -> int:
    from bot.exports import export_enquiries
    from bot.runtime import build_runtime

    until = args.until + timedelta(days=1) if args.until else None  # the whole day
    runtime = await build_runtime(settings)
    # UTF-8 whatever the terminal's locale; csv writes its own line ends.
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    try:
        count = await export_enquiries(runtime.db, runtime.profile, runtime.renderer,
                                       args.since, args.format, out, until=until)
    finally:
        out.flush()
        out.detach()
        await runtime.close()
    span = " ".join(part for part in (
        f"since {args.since.date()}" if args.since else "",
        f"until {args.until.date()}" if args.until else "") if part)
    print(f"enquiries exported: {count}" + (f" ({span})" if span else ""), file=sys.stderr)
    return 0


@subcommand("bookings")
async def bookings_command(args: argparse.Namespace, settings: Settings) -> int:
    from bot.booking_list import REMOTE, list_bookings
    from bot.runtime import build_runtime

    runtime = await build_runtime(settings)
    try:
        known = [c.id for c in runtime.profile.centres]
        if args.centre is not None and args.centre not in (*known, REMOTE):
            print(f"unknown centre {args.centre!r}; the profile has: {', '.join(known)},"
                  f" {REMOTE}", file=sys.stderr)
            return 2
        first = args.date.date() if args.date else datetime.now(UTC).date()
        days = 1 if args.date else WINDOW_DAYS
        count = await list_bookings(runtime.db, runtime.profile, runtime.renderer,
                                    first, sys.stdout, centre=args.centre,
                                    every_status=args.all, days=days)
    finally:
        await runtime.close()
    when = f"on {first}" if days == 1 else f"from {first} to {first + timedelta(days - 1)}"
    print(f"bookings {when}: {count}", file=sys.stderr)
    return 0


@subcommand("staff")
async def staff_command(args: argparse.Namespace, settings: Settings) -> int:
    from flows.profile import load_profile
    from storage.repositories import Repos

    refused = staff_add_problem(args) if args.action == "add" else None
    if refused:
        print(refused, file=sys.stderr)
        return 2
    known_queues = {q.id for q in load_profile(settings.agency_profile).queues}
    unknown = sorted(set(getattr(args, "queues", [])) - known_queues)
    if unknown:
        print(f"unknown queue(s): {', '.join(unknown)}; the profile has"
              f" {', '.join(sorted(known_queues))}", file=sys.stderr)
        return 2
    db = await Database.open(settings.database_path)
    try:
        async with db.transaction() as conn:
            staff = Repos(conn).staff
            if args.action == "add":
                await staff.add(args.telegram_user_id, args.name.strip(), args.role, args.queues,
                                datetime.now(UTC))
                print(f"{args.name.strip()} ({args.telegram_user_id}) is registered as"
                      f" {args.role}")
            elif args.action == "remove":
                if not await staff.remove(args.telegram_user_id):
                    print(f"{args.telegram_user_id} is not registered", file=sys.stderr)
                    return 1
                print(f"{args.telegram_user_id} is no longer registered")
            else:
                for member in await staff.all():
                    queues = ", ".join(member.queues) or "all queues"
                    print(f"{member.telegram_user_id}\t{member.name}\t{member.role}\t{queues}")
    finally:
        await db.close()
    return 0


def staff_add_problem(args: argparse.Namespace) -> str | None:
    if args.telegram_user_id <= 0:
        what = "a group or channel id" if args.telegram_user_id < 0 else "not a user id"
        return (f"{args.telegram_user_id} is {what}, not a person's: staff add takes a"
                " person's Telegram user id (a positive number). Let them type /help in the"
                " staff group: the bot answers with the command to run.")
    if not args.name.strip():
        return "--name is empty: give the name colleagues will see, e.g. --name \"Mariam\""
    return None


@subcommand("safeguarding")
async def safeguarding_command(args: argparse.Namespace, settings: Settings) -> int:
    from bot.safeguarding_report import safeguarding_report

    until = args.until or datetime.now(UTC)
    since = args.since or until - timedelta(days=30)
    db = await Database.open(settings.database_path)
    try:
        await safeguarding_report(db, since, until, sys.stdout)
    finally:
        await db.close()
    return 0


@subcommand("chat")
async def chat_command(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console.chat import chat, practice_database
    from bot.runtime import build_runtime

    db_path = args.db or practice_database(settings.database_path)
    if args.db is None:
        print(f"Practice chat: everything is kept in {db_path}, not in the bot's database"
              " (DATABASE_URL). --db chooses another file.", file=sys.stderr)
    runtime = await build_runtime(settings, db_path=db_path, profile_path=args.profile)
    try:
        await chat(runtime, lang=args.lang)
    finally:
        await runtime.close()
    return 0


@subcommand("run")
async def run_command(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.telegram_bot_token and not settings.viber_auth_token:
        print(
            "No messenger is connected: set TELEGRAM_BOT_TOKEN for Telegram or"
            " VIBER_AUTH_TOKEN for Viber. Starting the terminal chat instead.",
            file=sys.stderr,
        )
        args.db, args.profile, args.lang = None, None, None
        return await chat_command(args, settings)
    from bot.doctor import Finding, log_blocking_problems
    from bot.service import serve

    # Beside the start, once the port is ours: a slow messenger must not hold the bot up,
    # and a start that fails says only why it failed.
    checks: list[asyncio.Task[list[Finding]]] = []

    def check_beside_the_start() -> None:
        checks.append(asyncio.create_task(log_blocking_problems(settings)))

    try:
        return await serve(settings, on_listening=check_beside_the_start)
    finally:
        for check in checks:
            check.cancel()


@subcommand("migrate")
async def migrate_command(args: argparse.Namespace, settings: Settings) -> int:
    db = await Database.open(settings.database_path, migrate=False)
    try:
        applied = await db.migrate()
        version = await db.schema_version()
    finally:
        await db.close()
    done = f"applied {', '.join(map(str, applied))}" if applied else "already up to date"
    print(f"{db.path}: schema version {version} ({done})")
    return 0


@subcommand("init")
async def init_command(args: argparse.Namespace, settings: Settings) -> int:
    from bot.init_profile import init_profile

    given = {"name": args.name, "phone": args.phone, "email": args.email,
             "website": args.website}
    return init_profile(args.country, args.out, given, force=args.force)


@subcommand("doctor")
async def doctor_command(args: argparse.Namespace, settings: Settings) -> int:
    from bot.doctor import doctor

    return await doctor(settings, sys.stdout, limit=args.timeout)


@subcommand("check-profile")
async def check_profile_command(args: argparse.Namespace, settings: Settings) -> int:
    try:
        profile = load_profile(args.path)
    except ProfileError as exc:
        print(exc, file=sys.stderr)
        return 1
    from flows.profile_check import profile_warnings

    name = args.path or "built-in demo profile"
    warnings = profile_warnings(profile)
    for warning in warnings:
        print(f"{name}: warning: {warning}", file=sys.stderr)
    print(
        f"{name}: OK ({profile.agency.id},"
        f" {len(profile.centres)} centres, {len(profile.care_forms)} forms of care,"
        f" {len(profile.screening.questions)} screening questions,"
        f" {len(profile.services)} services, {len(profile.consultants)} consultants)"
        + (f", {len(warnings)} warning(s)" if warnings else "")
    )
    return 0


COMMANDS.update(PRIVACY_COMMANDS)
COMMANDS.update(FLOWS_COMMANDS)
COMMANDS.update(DB_COMMANDS)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    setup_logging(settings.log_level, settings.log_format)
    try:
        return asyncio.run(COMMANDS[args.command](args, settings))
    except (ProfileError, ConfigError, CatalogError) as exc:
        print(exc, file=sys.stderr)
        return 2
    except StorageError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
