"""The suite on PostgreSQL: ``pytest --db=postgres`` with ``CAREBOT_TEST_DATABASE_URL``
naming a server where that user may create databases (``.ci/postgres start`` prints one).

Every database a test opens by a SQLite path (the shared ``settings``/``runtime`` fixtures,
and tests that call ``Database.open(tmp_path / ...)``) becomes a throw-away PostgreSQL
database of its own: ``CREATE DATABASE ... TEMPLATE`` a template migrated once per run
(or an empty one when the test opens it with ``migrate=False``). The same path opened
again in the same test is the same database. After the test its tables are emptied and
it serves the next test (creating a database takes seconds, emptying one milliseconds).
Tests marked ``sqlite_only`` (WAL, file permissions, the file itself) are skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from storage.db import Database, available_migrations

URL_VARIABLE = "CAREBOT_TEST_DATABASE_URL"


def server_url() -> str:
    url = os.environ.get(URL_VARIABLE, "")
    if not url.startswith(("postgresql://", "postgres://")):
        raise pytest.UsageError(
            f"--db=postgres needs {URL_VARIABLE}=postgresql://user@host:port/postgres, a"
            " server where the user may create databases; .ci/postgres start prints one")
    return url


def database_url(server: str, name: str) -> str:
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))


class Databases:
    """Creates and drops the throw-away databases of one test run."""

    def __init__(self, server: str) -> None:
        self.server = server
        self.prefix = f"carebot_test_{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self.admin = psycopg.connect(server, autocommit=True)
        self.count = 0
        self.pool: list[str] = []
        self.version = max(number for number, _sql in available_migrations("postgres"))

    def _sql(self, statement: str) -> None:
        self.admin.execute(statement)  # type: ignore[arg-type]

    def build_template(self) -> None:
        import asyncio

        self._sql(f"DROP DATABASE IF EXISTS {self.template}")
        self._sql(f"CREATE DATABASE {self.template} TEMPLATE template0")

        async def migrate() -> None:
            db = await Database.open(database_url(self.server, self.template))
            await db.close()

        asyncio.run(migrate())

    def acquire(self, *, migrated: bool) -> str:
        """A migrated database with no rows (from the pool, or new), or an empty one."""
        if migrated and self.pool:
            return self.pool.pop()
        self.count += 1
        name = f"{self.prefix}_{self.count}"
        template = self.template if migrated else "template0"
        self._sql(f"CREATE DATABASE {name} TEMPLATE {template}")
        return name

    def release(self, name: str) -> None:
        """Empty the database's tables and keep it for the next test (creating a database
        takes seconds, emptying one milliseconds); drop it when that does not work."""
        try:
            with psycopg.connect(database_url(self.server, name), autocommit=True) as conn:
                conn.execute("SET lock_timeout = '3s'")
                version = conn.execute("SELECT version FROM schema_version").fetchone()
                if version is None or version[0] != self.version:
                    raise psycopg.Error("not at the latest version")
                tables = [row[0] for row in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    " AND tablename <> 'schema_version'")]
                conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"
                             )  # type: ignore[call-overload]
            self.pool.append(name)
        except psycopg.Error:
            self.drop(name)

    def drop(self, name: str) -> None:
        self._sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def close(self) -> None:
        for name in self.pool:
            self.drop(name)
        self.drop(self.template)
        self.admin.close()


def enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("--db") == "postgres")


@pytest.fixture
def per_test_databases(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
                       ) -> Iterator[None]:
    """Database.open(<a SQLite path>) opens a fresh PostgreSQL database instead."""
    databases: Databases = request.config.stash[DATABASES]
    by_path: dict[str, str] = {}
    original = Database.open.__func__  # type: ignore[attr-defined]

    def resolve(path: str, migrate: bool) -> str:
        if path.startswith(("postgresql://", "postgres://")):
            return path
        key = path if path == ":memory:" else str(Path(path).resolve())
        if key not in by_path:
            by_path[key] = databases.acquire(migrated=migrate)
        return database_url(databases.server, by_path[key])

    async def open_on_postgres(cls: type[Database], path: str | Path, *, migrate: bool = True
                               ) -> Any:
        return await original(cls, resolve(str(path), migrate), migrate=migrate)

    monkeypatch.setattr(Database, "open", classmethod(open_on_postgres))
    monkeypatch.setattr(ACTIVE, "resolve", resolve)
    yield
    for name in by_path.values():
        databases.release(name)


DATABASES = pytest.StashKey[Databases]()


class _Active:
    """The running test's path -> database mapping (None outside --db=postgres)."""

    resolve: Any = None


ACTIVE = _Active()


def subprocess_env(env: dict[str, str]) -> dict[str, str]:
    """A ``carebot`` process started by a test reads the test's database: its
    ``DATABASE_URL=sqlite:///path`` becomes that path's PostgreSQL database."""
    url = env.get("DATABASE_URL", "")
    if ACTIVE.resolve is not None and url.startswith("sqlite:///"):
        return {**env, "DATABASE_URL": ACTIVE.resolve(url.removeprefix("sqlite:///"), True)}
    return env
