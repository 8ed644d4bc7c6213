"""``carebot people find|show|export|erase`` and ``carebot audit list``: staff reach one
person's data from the server, every step is in the audit log (with ids, never names),
and only supervisors (or the server's operator) may."""

from __future__ import annotations

import json
from pathlib import Path

from bot.runtime import Runtime
from storage.repositories import Repos
from tests.cli import carebot
from tests.conftest import Person
from tests.flows.test_enquiry import TEXT_ANSWER, complete_enquiry


async def test_find_show_export_and_the_audit_log(runtime: Runtime, tmp_path: Path) -> None:
    await complete_enquiry(runtime, "en")  # Nino, +995555123456
    await Person(runtime, "someone-else").send("/start")
    url = runtime.settings.database_url

    def run(*args: str) -> tuple[int, str, str]:
        result = carebot(*args, cwd=tmp_path, DATABASE_URL=url)
        return result.returncode, result.stdout, result.stderr

    assert run("people", "find", "--phone", "555 12 34 56")[1] == "1\n"
    assert run("people", "find", "--name", "nin")[1] == "1\n"
    code, out, err = run("people", "find", "--phone", "599 00 00 00")
    assert (code, out, err.strip()) == (0, "", "people found: 0")
    code, shown, _err = run("people", "show", "1")
    assert code == 0 and "Nino" in shown and TEXT_ANSWER in shown
    code, exported, _err = run("people", "export", "1")
    data = json.loads(exported)
    assert data["enquiries"][0]["phone"] == "+995555123456"
    assert data["person"]["external_id"] == "person-1"
    assert run("people", "show", "99")[0] == 1

    code, audit, err = run("audit", "list", "--since", "2026-01-01")
    actions = [line.split("\t")[2] for line in audit.splitlines()]
    assert actions == ["people find", "people find", "people find", "people show",
                       "people export"]
    assert "Nino" not in audit and "555" not in audit and "audit entries: 5" in err


async def test_only_supervisors_may_and_a_refusal_is_audited(
    runtime: Runtime, tmp_path: Path
) -> None:
    await complete_enquiry(runtime, "en")
    async with runtime.db.transaction() as conn:
        staff = Repos(conn).staff
        await staff.add(7002, "Giorgi", "agent", [], runtime.engine.clock())
        await staff.add(7003, "Lela", "supervisor", [], runtime.engine.clock())
    url = runtime.settings.database_url
    refused = carebot("people", "export", "1", "--as", "7002", cwd=tmp_path, DATABASE_URL=url)
    assert refused.returncode == 1 and refused.stdout == ""
    assert "Only a supervisor can do this; supervisors: Lela." in refused.stderr
    no_log = carebot("audit", "list", "--as", "7002", cwd=tmp_path, DATABASE_URL=url)
    assert no_log.returncode == 1
    allowed = carebot("people", "erase", "1", "--as", "7003", "--yes", cwd=tmp_path,
                      DATABASE_URL=url)
    assert allowed.returncode == 0 and allowed.stdout == "person 1 erased\n"
    log = carebot("audit", "list", "--staff", "7002", "--as", "7003", cwd=tmp_path,
                  DATABASE_URL=url)
    rows = [line.split("\t") for line in log.stdout.splitlines()]
    assert [(r[1], r[2], r[5]) for r in rows] == [("7002", "people export", "refused"),
                                                  ("7002", "audit list", "refused")]
    everyone = carebot("audit", "list", cwd=tmp_path, DATABASE_URL=url).stdout
    assert "7003\terase\t-\tperson 1" in everyone
    async with runtime.db.reading() as conn, conn.execute("SELECT COUNT(*) FROM people") as c:
        assert (await c.fetchone())[0] == 0
