"""``carebot people …``, ``carebot privacy purge`` and ``carebot audit list``: a person's
data for staff (find, show, export, erase), the retention rule by hand, the audit log.

Whoever runs ``carebot`` on the server acts as its operator (staff id 0 in the audit log);
``--as ID`` names a registered staff member instead, who must be a supervisor. Every
``people`` command is recorded in the audit log, with ids only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import uuid
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from bot.config import Settings
from bot.runtime import Runtime, build_runtime
from flows.framework import Context
from flows.messages import Inbound
from flows.privacy.export import as_json, as_text
from storage import audit, privacy
from storage.repositories import Repos, Session

Command = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]


def _date(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-11-01") from None


def add_parsers(sub: Any) -> None:
    people = sub.add_parser("people", help="a person's data: find, show, export, erase")
    people_sub = people.add_subparsers(dest="action", required=True)
    find = people_sub.add_parser("find", help="person ids by phone number or name")
    find.add_argument("--phone")
    find.add_argument("--name")
    for name, text in (("show", "what is stored about a person, readable"),
                       ("export", "everything about a person as JSON"),
                       ("erase", "erase everything about a person")):
        one = people_sub.add_parser(name, help=text)
        one.add_argument("person_id", type=int)
        if name == "erase":
            one.add_argument("--yes", action="store_true", help="do not ask to confirm")
    for parser in people_sub.choices.values():
        parser.add_argument("--as", dest="staff", type=int, default=audit.OPERATOR,
                            help="your Telegram user id (a supervisor); default: operator")
    privacy_parser = sub.add_parser("privacy", help="the retention rule")
    privacy_sub = privacy_parser.add_subparsers(dest="action", required=True)
    purge = privacy_sub.add_parser("purge", help="delete what is past its retention period")
    purge.add_argument("--as-of", type=_date, help="YYYY-MM-DD: apply the rule as of that day")
    purge.add_argument("--dry-run", action="store_true", help="count only, delete nothing")
    audit_parser = sub.add_parser("audit", help="the staff audit log")
    audit_sub = audit_parser.add_subparsers(dest="action", required=True)
    listing = audit_sub.add_parser("list", help="audit entries")
    listing.add_argument("--since", type=_date, help="YYYY-MM-DD")
    listing.add_argument("--staff", type=int, help="one staff member's Telegram user id")
    listing.add_argument("--as", dest="staff_as", type=int, default=audit.OPERATOR)


async def _allowed(runtime: Runtime, staff_id: int, action: str,
                   person_id: int | None = None) -> bool:
    """The operator and supervisors may; anyone else is refused (and that is audited)."""
    if staff_id == audit.OPERATOR:
        return True
    async with runtime.db.transaction() as conn:
        member = await Repos(conn).staff.get(staff_id)
        if member is not None and member.is_supervisor:
            return True
        await audit.record(conn, staff_id=staff_id, action=action, person_id=person_id,
                           detail="refused")
    names = ", ".join(m.name for m in await _supervisors(runtime)) or "—"
    print(f"Only a supervisor can do this; supervisors: {names}.", file=sys.stderr)
    return False


async def _supervisors(runtime: Runtime) -> list[Any]:
    async with runtime.db.reading() as conn:
        return [m for m in await Repos(conn).staff.all() if m.is_supervisor]


async def people_command(args: argparse.Namespace, settings: Settings) -> int:
    runtime = await build_runtime(settings)
    try:
        return await _people(runtime, args)
    finally:
        await runtime.close()


async def _people(runtime: Runtime, args: argparse.Namespace) -> int:
    action = "people " + args.action
    person_id = getattr(args, "person_id", None)
    if not await _allowed(runtime, args.staff, action, person_id):
        return 1
    if args.action == "find":
        if not args.phone and not args.name:
            print("give --phone or --name", file=sys.stderr)
            return 2
        async with runtime.db.transaction() as conn:
            ids = await privacy.find_people(conn, phone=args.phone, name=args.name)
            await audit.record(conn, staff_id=args.staff, action=action,
                               detail="by phone" if args.phone else "by name")
        for found in ids:
            print(found)
        print(f"people found: {len(ids)}", file=sys.stderr)
        return 0
    async with runtime.db.reading() as conn:
        data = await privacy.collect(conn, int(args.person_id))
    if data is None:
        print(f"no person {person_id}", file=sys.stderr)
        return 1
    if args.action == "erase":
        if not args.yes:
            answer = await asyncio.to_thread(
                input, f"Erase everything about person {person_id}? This cannot be undone."
                " Type yes: ")
            if answer.strip().lower() != "yes":
                print("nothing erased", file=sys.stderr)
                return 1
        await runtime.engine.handle(Inbound(
            data.person.channel, data.person.external_id, f"cli-erase:{uuid.uuid4()}",
            system=f"erase:staff:{args.staff}"))
        print(f"person {person_id} erased")
        return 0
    async with runtime.db.transaction() as conn:
        await audit.record(conn, staff_id=args.staff, action=action, person_id=person_id)
    if args.action == "export":
        json.dump(as_json(data), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    staff = runtime.profile.agency.staff_locale
    now = runtime.engine.clock()
    async with runtime.db.reading() as conn:
        ctx = Context(data.person, Session(data.person.id, "menu", "main", {}, now, now),
                      Repos(conn), runtime.profile, now, staff, render=runtime.renderer.text)
        print(runtime.renderer.text(as_text(ctx, data), staff))
    return 0


async def privacy_command(args: argparse.Namespace, settings: Settings) -> int:
    from bot.retention import purge

    runtime = await build_runtime(settings)
    try:
        counts = await purge(runtime.engine, args.as_of, dry_run=args.dry_run)
    finally:
        await runtime.close()
    verb = "would delete" if args.dry_run else "deleted"
    as_of = args.as_of.date() if args.as_of else "today"
    print(f"retention as of {as_of} ({verb}):")
    for name, count in counts.items():
        print(f"  {name}: {count}")
    return 0


async def audit_command(args: argparse.Namespace, settings: Settings) -> int:
    runtime = await build_runtime(settings)
    try:
        if not await _allowed(runtime, args.staff_as, "audit list"):
            return 1
        entries = await audit.list_entries(runtime.db, since=args.since, staff_id=args.staff)
    finally:
        await runtime.close()
    for entry in entries:
        print("\t".join([entry.at.isoformat(timespec="seconds"), str(entry.staff_id),
                         entry.action, f"ticket {entry.ticket_id}" if entry.ticket_id else "-",
                         f"person {entry.person_id}" if entry.person_id else "-",
                         entry.detail]))
    print(f"audit entries: {len(entries)}", file=sys.stderr)
    return 0


COMMANDS: dict[str, Command] = {
    "people": people_command,
    "privacy": privacy_command,
    "audit": audit_command,
}
