"""SQLite's SQL as PostgreSQL reads it, and one migration set per dialect."""

from __future__ import annotations

import pytest

from storage.db import PORTABLE, migration_files
from storage.pg_sql import Untranslatable, translate


def test_placeholders_are_numbered_outside_quotes_and_comments() -> None:
    assert translate("SELECT * FROM t WHERE a = ? AND b = '?' -- ?\n AND c = ?") == (
        "SELECT * FROM t WHERE a = $1 AND b = '?' \n AND c = $2")


def test_is_with_a_parameter_compares_nulls_as_sqlite_does() -> None:
    assert translate("SELECT 1 FROM w WHERE centre IS ? AND x IS NOT ?") == (
        "SELECT 1 FROM w WHERE centre IS NOT DISTINCT FROM $1 AND x IS DISTINCT FROM $2")
    assert translate("SELECT 1 FROM w WHERE centre IS NULL") == (
        "SELECT 1 FROM w WHERE centre IS NULL")


def test_a_parameter_tested_for_null_gets_a_type() -> None:
    assert translate("SELECT * FROM e WHERE (? IS NULL OR at >= ?) AND ? IS NOT NULL") == (
        "SELECT * FROM e WHERE (CAST($1 AS TEXT) IS NULL OR at >= $2)"
        " AND CAST($3 AS TEXT) IS NOT NULL")


def test_insert_or_ignore_becomes_on_conflict_do_nothing() -> None:
    assert translate("INSERT OR IGNORE INTO d (a, b) VALUES (?, ?)") == (
        "INSERT INTO d (a, b) VALUES ($1, $2) ON CONFLICT DO NOTHING")


def test_an_insert_into_a_table_with_ids_returns_the_new_id() -> None:
    tables = frozenset({"outbox"})
    assert translate("INSERT INTO outbox (a) VALUES (?)", tables) == (
        "INSERT INTO outbox (a) VALUES ($1) RETURNING id")
    assert translate("INSERT INTO sessions (a) VALUES (?)", tables) == (
        "INSERT INTO sessions (a) VALUES ($1)")
    assert translate("INSERT OR IGNORE INTO outbox (a) VALUES (?)", tables) == (
        "INSERT INTO outbox (a) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id")


def test_scalar_max_and_min_become_greatest_and_least_but_aggregates_stay() -> None:
    assert translate("UPDATE f SET high = MAX(high, excluded.high), low = MIN(a, (b))") == (
        "UPDATE f SET high = GREATEST(high, excluded.high), low = LEAST(a, (b))")
    assert translate("SELECT MAX(id), MIN(x) FROM t") == "SELECT MAX(id), MIN(x) FROM t"


def test_json_functions_read_the_same_keys() -> None:
    assert translate("SELECT json_extract(o.payload, '$.extra.media_url') FROM outbox o") == (
        "SELECT (CAST(o.payload AS jsonb) #>> '{extra,media_url}') FROM outbox o")
    assert translate("SELECT MAX(json_extract(p, '$.a'), 1)") == (
        "SELECT GREATEST((CAST(p AS jsonb) #>> '{a}'), 1)")
    assert translate("DELETE FROM t WHERE id IN (SELECT CAST(value AS INTEGER)"
                     " FROM json_each(?))") == (
        "DELETE FROM t WHERE id IN (SELECT CAST(value AS INTEGER)"
        " FROM json_array_elements_text(CAST($1 AS json)))")


@pytest.mark.parametrize("sql", ["PRAGMA user_version", "INSERT OR REPLACE INTO t VALUES (1)",
                                 "SELECT json_extract(p, '$[0]')"])
def test_what_only_sqlite_understands_is_refused_by_name(sql: str) -> None:
    with pytest.raises(Untranslatable):
        translate(sql)


def test_every_migration_has_a_postgresql_variant_with_the_same_number() -> None:
    sqlite, postgres = migration_files("sqlite"), migration_files("postgres")
    missing = [f"storage/migrations/{name}" for number, name in sorted(sqlite.items())
               if number not in postgres]
    assert not missing, (
        f"{', '.join(missing)}: no PostgreSQL variant. Add storage/migrations/postgres/"
        f"<the same name> (BIGINT for INTEGER, identity ids, BYTEA for BLOB), or put the"
        f" line {PORTABLE!r} into the migration when the same SQL runs on both.")
    extra = sorted(set(postgres) - set(sqlite))
    assert not extra, f"PostgreSQL migrations {extra} have no SQLite migration"
