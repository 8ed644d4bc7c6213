"""The ``carebot`` command."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.config import ConfigError, Settings, load_settings
from bot.logs import setup_logging
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
    sub = root.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start the configured channels (the terminal chat without any)")
    chat = sub.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--lang", choices=LANGUAGE_CODES, help="your language")
    chat.add_argument("--profile", type=Path, help="agency profile TOML (default: demo)")
    chat.add_argument("--db", type=Path, help="SQLite file (default: from DATABASE_URL)")
    sub.add_parser("migrate", help="create or upgrade the database")
    check = sub.add_parser("check-profile", help="validate an agency profile TOML")
    check.add_argument("path", type=Path, nargs="?", help="profile file (default: demo)")
    enquiries = sub.add_parser("enquiries", help="foster-carer enquiries")
    enquiries_sub = enquiries.add_subparsers(dest="action", required=True)
    export = enquiries_sub.add_parser("export", help="write enquiries as CSV or JSON")
    export.add_argument("--since", type=_date, required=True, help="YYYY-MM-DD (UTC)")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    bookings = sub.add_parser("bookings", help="consultation bookings")
    bookings_sub = bookings.add_subparsers(dest="action", required=True)
    listing = bookings_sub.add_parser("list", help="one day's consultations")
    listing.add_argument("--date", type=_date, required=True,
                         help="YYYY-MM-DD (the day in each centre's time zone)")
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
    return root


def _date(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-11-01") from None


@subcommand("enquiries")
async def enquiries_command(args: argparse.Namespace, settings: Settings) -> int:
    from bot.exports import export_enquiries
    from bot.runtime import build_runtime

    runtime = await build_runtime(settings)
    try:
        count = await export_enquiries(runtime.db, runtime.profile, runtime.renderer,
                                       args.since, args.format, sys.stdout)
    finally:
        await runtime.close()
    print(f"enquiries exported: {count} (since {args.since.date()})", file=sys.stderr)
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
        count = await list_bookings(runtime.db, runtime.profile, runtime.renderer,
                                    args.date.date(), sys.stdout, centre=args.centre,
                                    every_status=args.all)
    finally:
        await runtime.close()
    print(f"bookings on {args.date.date()}: {count}", file=sys.stderr)
    return 0


@subcommand("staff")
async def staff_command(args: argparse.Namespace, settings: Settings) -> int:
    from flows.profile import load_profile
    from storage.repositories import Repos

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
                await staff.add(args.telegram_user_id, args.name, args.role, args.queues,
                                datetime.now(UTC))
                print(f"{args.name} ({args.telegram_user_id}) is registered as {args.role}")
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


@subcommand("chat")
async def chat_command(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console.chat import chat
    from bot.runtime import build_runtime

    runtime = await build_runtime(settings, db_path=args.db, profile_path=args.profile)
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
    from bot.service import serve

    return await serve(settings)


@subcommand("migrate")
async def migrate_command(args: argparse.Namespace, settings: Settings) -> int:
    db = await Database.open(settings.database_path, migrate=False)
    try:
        applied = await db.migrate()
        version = await db.schema_version()
    finally:
        await db.close()
    done = f"applied {', '.join(map(str, applied))}" if applied else "already up to date"
    print(f"{settings.database_path}: schema version {version} ({done})")
    return 0


@subcommand("check-profile")
async def check_profile_command(args: argparse.Namespace, settings: Settings) -> int:
    try:
        profile = load_profile(args.path)
    except ProfileError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        f"{args.path or 'built-in demo profile'}: OK ({profile.agency.id},"
        f" {len(profile.centres)} centres, {len(profile.care_forms)} forms of care,"
        f" {len(profile.screening.questions)} screening questions,"
        f" {len(profile.services)} services, {len(profile.consultants)} consultants)"
    )
    return 0


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
    except (ProfileError, ConfigError) as exc:
        print(exc, file=sys.stderr)
        return 2
    except StorageError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
