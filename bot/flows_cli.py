"""``carebot flows graph``: the flow catalog as Mermaid text (README's Architecture
section shows it), and ``carebot flows check``: the start-up check on its own."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from bot.config import Settings
from bot.i18n import translated_msgids
from flows.catalog import default_catalog

Command = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]


def add_parsers(sub: Any) -> None:
    flows = sub.add_parser("flows", help="the conversation flows: draw or check them")
    flows_sub = flows.add_subparsers(dest="action", required=True)
    flows_sub.add_parser("graph", help="print the flow graph as Mermaid text")
    flows_sub.add_parser("check", help="check the flows as start-up does")


async def flows_command(args: argparse.Namespace, settings: Settings) -> int:
    catalog = default_catalog()
    if args.action == "graph":
        sys.stdout.write(catalog.mermaid())
        return 0
    catalog.validate(translated_msgids())  # CatalogError: bot.cli prints it, exit 2
    print(f"{len(catalog.flows)} flows, {len(catalog.refs())} steps: all reachable, every"
          " target exists, every message translated")
    return 0


COMMANDS: dict[str, Command] = {"flows": flows_command}
