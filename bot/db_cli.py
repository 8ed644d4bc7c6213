"""``carebot db copy SOURCE TARGET``: move a deployment from SQLite to PostgreSQL."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from bot.config import Settings
from storage.copy import copy_database

Command = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]


def add_parsers(sub: Any) -> None:
    db = sub.add_parser("db", help="the database itself: copy it to PostgreSQL")
    db_sub = db.add_subparsers(dest="action", required=True)
    copy = db_sub.add_parser(
        "copy", help="copy every table of a SQLite database into an empty PostgreSQL one")
    copy.add_argument("source", help="sqlite:///path/to/carebot.db (stop the bot first)")
    copy.add_argument("target", help="postgresql://user:password@host/database (empty)")


async def db_command(args: argparse.Namespace, settings: Settings) -> int:
    copied = await copy_database(args.source, args.target)  # StorageError: main says why
    for done in copied:
        print(f"{done.table}\t{done.rows}")
    total = sum(done.rows for done in copied)
    print(f"copied {total} rows in {len(copied)} tables; the counts match", file=sys.stderr)
    return 0


COMMANDS: dict[str, Command] = {"db": db_command}
