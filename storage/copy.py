"""Copy a SQLite database into an empty PostgreSQL one (``carebot db copy``).

The target is migrated to the same schema version first and must hold no rows; every
table is copied in foreign-key order (parents first, each table in id order), inside one
PostgreSQL transaction, with ``COPY``; the identity sequences are then moved past the
highest copied id, and the row count of every table is compared before the commit. A
failure anywhere leaves the target as empty as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from storage.db import Database, StorageError
from storage.pg import PgConnection
from storage.pg_database import PostgresDatabase

SKIPPED = {"schema_version", "sqlite_sequence"}


class CopyRefused(StorageError):
    """The copy was not started, or undone; the message says why."""


@dataclass(frozen=True)
class Copied:
    table: str
    rows: int


async def _tables_in_fk_order(source: Database) -> list[tuple[str, list[str]]]:
    """Each SQLite table with its columns, every table after the tables it refers to."""
    async with source.reading() as conn:
        async with conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                " ORDER BY name") as cursor:
            names = [str(row[0]) for row in await cursor.fetchall()
                     if str(row[0]) not in SKIPPED]
        columns: dict[str, list[str]] = {}
        parents: dict[str, set[str]] = {}
        for name in names:
            async with conn.execute(f"PRAGMA table_info({name})") as cursor:
                columns[name] = [str(row[1]) for row in await cursor.fetchall()]
            async with conn.execute(f"PRAGMA foreign_key_list({name})") as cursor:
                parents[name] = {str(row[2]) for row in await cursor.fetchall()} - {name}
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and parents[n] <= set(ordered)]
        if not ready:
            left = sorted(set(names) - set(ordered))
            raise CopyRefused(f"foreign keys form a cycle among {', '.join(left)}")
        ordered.extend(ready)
    return [(name, columns[name]) for name in ordered]


async def _count(db: Database, table: str) -> int:
    async with db.reading() as conn, conn.execute(f"SELECT COUNT(*) FROM {table}") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def copy_database(source_url: str, target_url: str, batch: int = 1000) -> list[Copied]:
    """Copy everything; returns the rows copied per table, in the order copied."""
    if not source_url.startswith("sqlite:///"):
        raise CopyRefused(f"the source must be a sqlite:/// URL, not {source_url.split(':')[0]}")
    source = await Database.open(source_url.removeprefix("sqlite:///"), migrate=False)
    try:
        target = await Database.open(target_url)
        try:
            if not isinstance(target, PostgresDatabase):
                raise CopyRefused("the target must be a postgresql:// URL")
            return await _copy(source, target, batch)
        finally:
            await target.close()
    finally:
        await source.close()


async def _copy(source: Database, target: PostgresDatabase, batch: int) -> list[Copied]:
    version, latest = await source.schema_version(), await target.schema_version()
    if version != latest:
        raise CopyRefused(f"{source.path} has schema version {version}, this carebot's is"
                          f" {latest}: run carebot migrate on it first")
    tables = await _tables_in_fk_order(source)
    filled = [name for name, _columns in tables if await _count(target, name)]
    if filled:
        raise CopyRefused(f"{target.path} is not empty ({', '.join(filled)} have rows):"
                          " db copy writes only into an empty database")
    copied: list[Copied] = []
    async with target.transaction() as tx:
        conn = cast(PgConnection, tx)
        for name, columns in tables:
            copied.append(Copied(name, await _copy_table(source, conn, name, columns, batch)))
        for name, columns in tables:
            if "id" in columns:
                await conn.raw_execute(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'),"
                    f" COALESCE(MAX(id), 0) + 1, false) FROM {name}")
        for done in copied:
            rows = await conn.raw_execute(f"SELECT COUNT(*) FROM {done.table}")
            if int(rows[0][0]) != done.rows:
                raise CopyRefused(f"{done.table}: {done.rows} rows read, {rows[0][0]} written;"
                                  " nothing was kept")
    for done in copied:
        if await _count(source, done.table) != done.rows:
            raise CopyRefused(f"{done.table} changed in {source.path} during the copy: stop the"
                              " bot, empty the target database and copy again")
    return copied


async def _copy_table(source: Database, conn: PgConnection, name: str, columns: list[str],
                      batch: int) -> int:
    listed = ", ".join(columns)
    order = "id" if "id" in columns else "rowid"
    count = 0
    async with conn.raw.cursor() as cursor, cursor.copy(
            f"COPY {name} ({listed}) FROM STDIN") as copy:
        last: Any = None
        while True:
            where = f" WHERE {order} > ?" if last is not None else ""
            async with source.reading() as src, src.execute(
                    f"SELECT {order} AS copy_key, {listed} FROM {name}{where}"
                    f" ORDER BY {order} LIMIT {batch}", () if last is None else (last,)
            ) as rows_cursor:
                rows = list(await rows_cursor.fetchall())
            for row in rows:
                await copy.write_row(tuple(row)[1:])
            count += len(rows)
            if len(rows) < batch:
                return count
            last = rows[-1][0]
