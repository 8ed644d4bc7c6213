"""The SQL that storage/ writes for SQLite, as PostgreSQL reads it.

Statements are written once, in SQLite's dialect with ``?`` placeholders. On PostgreSQL
each one passes through :func:`translate` (once: the result is cached), which changes
only what the two databases spell differently:

- ``?`` becomes ``$1``, ``$2``... (outside quotes and comments);
- ``x IS ?`` / ``x IS NOT ?`` become ``IS [NOT] DISTINCT FROM`` (SQLite's ``IS`` compares
  any two values, PostgreSQL's only with NULL, TRUE or FALSE);
- ``? IS NULL`` becomes ``CAST(? AS TEXT) IS NULL`` (PostgreSQL must know a
  parameter's type, and nothing else in that test tells it);
- ``INSERT OR IGNORE INTO`` becomes ``INSERT INTO ... ON CONFLICT DO NOTHING``;
- the scalar ``MAX(a, b)`` / ``MIN(a, b)`` become ``GREATEST`` / ``LEAST`` (the aggregate
  one-argument forms are left alone);
- ``json_extract(doc, '$.a.b')`` becomes ``(CAST(doc AS jsonb) #>> '{a,b}')`` (text: cast
  it where a number is meant), and ``json_each(x)`` becomes
  ``json_array_elements_text(CAST(x AS json))`` (arrays only; its column is ``value``);
- an ``INSERT`` into a table with an ``id`` column gets ``RETURNING id``, so that
  ``cursor.lastrowid`` answers as it does on SQLite.

``INSERT OR REPLACE`` and ``PRAGMA`` have no translation and raise :class:`Untranslatable`.
"""

from __future__ import annotations

import re
from functools import lru_cache


class Untranslatable(ValueError):
    """A statement that only SQLite understands; write a per-dialect variant instead."""


_INSERT = re.compile(r"^\s*INSERT\s+(?:OR\s+(\w+)\s+)?INTO\s+(\w+)", re.IGNORECASE)
_RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)
_IS_NOT_PARAM = re.compile(r"\bIS\s+NOT\s+\?", re.IGNORECASE)
_IS_PARAM = re.compile(r"\bIS\s+\?", re.IGNORECASE)
_PARAM_IS_NULL = re.compile(r"(?<![\w.])\?(\s+IS\s+(?:NOT\s+)?NULL\b)", re.IGNORECASE)
_CALL = re.compile(r"\b(MAX|MIN|json_extract|json_each)\s*\(", re.IGNORECASE)
_LITERAL = "\x00{}\x00"
_MASKED = re.compile(r"\x00(\d+)\x00")


def _mask(sql: str) -> tuple[str, list[str]]:
    """The statement with every quoted string, quoted name and comment replaced by a
    marker, and what the markers stand for."""
    out: list[str] = []
    literals: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"":
            j = i + 1
            while j < n:
                if sql[j] == ch:
                    if j + 1 < n and sql[j + 1] == ch:  # '' inside a string
                        j += 2
                        continue
                    break
                j += 1
            literals.append(sql[i:j + 1])
            out.append(_LITERAL.format(len(literals) - 1))
            i = j + 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            i = n if j < 0 else j + 2
        else:
            out.append(ch)
            i += 1
    return "".join(out), literals


def _unmask(code: str, literals: list[str]) -> str:
    return _MASKED.sub(lambda m: literals[int(m.group(1))], code)


def _arguments(code: str, open_at: int) -> tuple[list[str], int]:
    """The top-level arguments of the call whose '(' is at ``open_at``, and the index just
    after its ')'."""
    depth, start, args = 0, open_at + 1, []
    for i in range(open_at, len(code)):
        ch = code[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                args.append(code[start:i])
                return args, i + 1
        elif ch == "," and depth == 1:
            args.append(code[start:i])
            start = i + 1
    raise Untranslatable("unbalanced parentheses")


def _json_path(literal: str) -> str:
    path = literal[1:-1]
    if not path.startswith("$") or "[" in path:
        raise Untranslatable(f"json path {literal} (only '$.a.b' is translated)")
    keys = [key for key in path[1:].split(".") if key]
    return "'{" + ",".join(keys) + "}'"


def _calls(code: str, literals: list[str]) -> str:
    """Rewrite the function calls that differ, innermost arguments first."""
    out, pos = [], 0
    while True:
        found = _CALL.search(code, pos)
        if found is None:
            out.append(code[pos:])
            return "".join(out)
        name = found.group(1).lower()
        open_at = found.end() - 1
        args, after = _arguments(code, open_at)
        args = [_calls(arg, literals) for arg in args]
        out.append(code[pos:found.start()])
        if name in ("max", "min") and len(args) > 1:
            out.append(("GREATEST(" if name == "max" else "LEAST(") + ",".join(args) + ")")
        elif name == "json_extract":
            literal = _MASKED.fullmatch(args[1].strip()) if len(args) == 2 else None
            if literal is None:
                raise Untranslatable("json_extract takes a document and one literal path")
            path = _json_path(literals[int(literal.group(1))])
            out.append(f"(CAST({args[0].strip()} AS jsonb) #>> {path})")
        elif name == "json_each":
            out.append(f"json_array_elements_text(CAST({args[0].strip()} AS json))")
        else:
            out.append(code[found.start():open_at] + "(" + ",".join(args) + ")")
        pos = after


def _placeholders(code: str) -> str:
    counter = 0

    def number(_match: re.Match[str]) -> str:
        nonlocal counter
        counter += 1
        return f"${counter}"

    return re.sub(r"\?", number, code)


@lru_cache(maxsize=4096)
def translate(sql: str, id_tables: frozenset[str] = frozenset()) -> str:
    """PostgreSQL's spelling of one SQLite statement (see the module's notes)."""
    code, literals = _mask(sql)
    stripped = code.strip().rstrip(";")
    if re.match(r"PRAGMA\b", stripped, re.IGNORECASE):
        raise Untranslatable(f"{sql.strip()[:60]}: PRAGMA is SQLite's own")
    suffix = ""
    insert = _INSERT.match(stripped)
    if insert is not None:
        verb, table = insert.group(1), insert.group(2)
        if verb is not None and verb.upper() != "IGNORE":
            raise Untranslatable(f"INSERT OR {verb.upper()}: write ON CONFLICT ... DO UPDATE")
        if verb is not None:
            stripped = re.sub(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO", "INSERT INTO", stripped,
                              flags=re.IGNORECASE)
            suffix = " ON CONFLICT DO NOTHING"
        if table.lower() in id_tables and not _RETURNING.search(stripped):
            suffix += " RETURNING id"
        if suffix and _RETURNING.search(stripped):
            head, _sep, tail = stripped.rpartition("RETURNING")
            stripped, suffix = head.rstrip(), suffix + " RETURNING" + tail
    stripped = _IS_NOT_PARAM.sub("IS DISTINCT FROM ?", stripped)
    stripped = _IS_PARAM.sub("IS NOT DISTINCT FROM ?", stripped)
    stripped = _PARAM_IS_NULL.sub(r"CAST(? AS TEXT)\1", stripped)
    stripped = _calls(stripped, literals)
    return _unmask(_placeholders(stripped + suffix), literals)


def skip_locked(conn: object, alias: str) -> str:
    """``FOR UPDATE OF <alias> SKIP LOCKED`` on PostgreSQL, nothing on SQLite (where the
    write lock already keeps a second claimer out): rows another transaction has claimed
    are passed over instead of waited for, so concurrent claimers get disjoint rows."""
    if getattr(conn, "dialect", "sqlite") == "postgres":
        return f" FOR UPDATE OF {alias} SKIP LOCKED"
    return ""
