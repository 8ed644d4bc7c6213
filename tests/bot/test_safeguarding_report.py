"""``carebot safeguarding report``: what an agency sees about its alerts and false alarms."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import Settings
from bot.runtime import Runtime, build_runtime
from bot.safeguarding_report import safeguarding_report
from storage.repositories import Repos
from tests.cli import carebot
from tests.conftest import START, FakeClock, Person


async def _alarm(runtime: Runtime, who: str, lang: str, text: str) -> None:
    person = Person(runtime, who, language_hint=lang)
    await person.send("/start")
    await person.send(text)


async def test_alerts_and_false_alarms_per_language_and_category(
    settings: Settings, clock: FakeClock
) -> None:
    runtime = await build_runtime(settings, clock=clock)
    try:
        await _alarm(runtime, "a", "en", "my dad hits me")
        await _alarm(runtime, "b", "uk", "мене б'є тато")
        await _alarm(runtime, "c", "en", "my stepdad beats me")
        await _alarm(runtime, "d", "ru", "хочу умереть")
        async with runtime.db.transaction() as conn:
            repos = Repos(conn)
            first = (await repos.tickets.open_in_queue("general"))[0]
            await repos.tickets.mark_false_positive(first.id, START)  # the desk's button
        out = io.StringIO()
        count = await safeguarding_report(runtime.db, START - timedelta(days=1),
                                          START + timedelta(days=1), out)
    finally:
        await runtime.close()
    assert count == 4
    lines = [line.split() for line in out.getvalue().splitlines()]
    assert lines[0][:3] == ["safeguarding", "alerts", "from"]
    assert lines[1] == ["language", "category", "alerts", "false", "alarms", "share"]
    assert ["en", "physical", "2", "1", "50%"] in lines
    assert ["uk", "physical", "1", "0", "0%"] in lines
    assert ["ru", "suicide", "1", "0", "0%"] in lines
    assert lines[-1] == ["all", "all", "4", "1", "25%"]


async def test_a_period_without_alerts_prints_an_empty_table(
    settings: Settings, clock: FakeClock
) -> None:
    runtime = await build_runtime(settings, clock=clock)
    try:
        await _alarm(runtime, "a", "en", "my dad hits me")
        out = io.StringIO()
        count = await safeguarding_report(runtime.db, datetime(2020, 1, 1, tzinfo=UTC),
                                          datetime(2020, 2, 1, tzinfo=UTC), out)
    finally:
        await runtime.close()
    assert count == 0
    assert out.getvalue().splitlines()[-1].split() == ["all", "all", "0", "0", "—"]


def test_the_command_runs_with_since_and_until(tmp_path: Path) -> None:
    result = carebot("safeguarding", "report", "--since", "2026-11-01", "--until",
                     "2026-12-01", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "safeguarding alerts from 2026-11-01 to 2026-12-01 (UTC)" in result.stdout
