"""The console in a real browser (Debian's headless Chromium, driven by Playwright): a
coordinator signs in with the bot's link, reads the overview, filters the enquiries, opens
one, moves it on to "Contacted", exports the list, and marks a consultation attended.

Without Chromium this test is skipped with the reason, except in CI (env CI set), where it
fails: CI installs the browser (.ci/run).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.bot.webconsole.conftest import (
    SUPERVISOR,
    Console,
    add_booking,
    add_enquiry,
    add_person,
)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _playwright() -> Any:
    missing = None
    if not Path(CHROMIUM).exists():
        missing = f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        missing = missing or "Playwright for Python is not installed (pip install playwright)"
        async_playwright = None
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"the browser test must run in CI: {missing}")
        pytest.skip(missing)
    return async_playwright


async def test_a_coordinator_works_through_the_console(console: Console) -> None:
    async_playwright = _playwright()
    runtime, now = console.runtime, console.clock()
    for n, (name, source) in enumerate((("Nino Beridze", "spring"), ("Олена Коваль", "spring"),
                                        ("Jonas Petraitis", None))):
        person = await add_person(runtime, f"b{n}", now, source)
        await add_enquiry(runtime, person, now - timedelta(hours=n), name=name, source=source)
    visitor = await add_person(runtime, "visitor", now, None, locale="uk")
    await add_enquiry(runtime, visitor, now, name="Ірина Шевченко", locale="uk")
    await add_booking(runtime, visitor, datetime(2026, 11, 24, 6, 0, tzinfo=UTC))
    token = await console.link_for(SUPERVISOR)
    base = str(console.client.make_url("")).rstrip("/")
    profile_dir = tempfile.mkdtemp(prefix="carebot-chromium-")
    downloads = tempfile.mkdtemp(prefix="carebot-downloads-")
    try:
        async with async_playwright() as driver:
            # A new, empty profile directory: nothing of another run comes along.
            browser = await driver.chromium.launch_persistent_context(
                profile_dir, executable_path=CHROMIUM, headless=True, args=ARGS,
                accept_downloads=True)
            try:
                page = await browser.new_page()
                await _walk(page, base, token, Path(downloads))
            finally:
                await browser.close()
    finally:
        shutil.rmtree(profile_dir, ignore_errors=True)
        shutil.rmtree(downloads, ignore_errors=True)


async def _walk(page: Any, base: str, token: str, downloads: Path) -> None:
    # Sign in with the link from the bot.
    await page.goto(f"{base}/console/signin/{token}")
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url("**/console/overview")
    assert await page.get_by_role("heading", name="Recruitment funnel").is_visible()
    sent = page.locator('tr[data-stage="sent"] td.num').first
    assert await sent.inner_text() == "4"
    assert await page.get_by_text("Mariam (supervisor)").is_visible()

    # Filter the enquiries by campaign source.
    await page.get_by_role("link", name="Enquiries", exact=True).click()
    await page.locator('select[name="source"]').select_option("spring")
    await page.get_by_role("button", name="Show").click()
    await page.wait_for_url("**source=spring**")
    assert await page.locator("table.enquiries tbody tr").count() == 2
    assert await page.get_by_text("2 enquiries").is_visible()

    # Open one and move it on.
    await page.get_by_role("row", name="Nino Beridze").get_by_role("link").click()
    assert await page.get_by_role("heading", name="E-1001 · Nino Beridze").is_visible()
    await page.locator('form[action$="/stage"] select').select_option(label="Contacted")
    await page.get_by_role("button", name="Save the stage").click()
    await page.wait_for_load_state()
    assert await page.locator("dd.stage").inner_text() == "Contacted"
    assert "Contacted · Mariam (supervisor)" in await page.locator("ul.history").inner_text()

    # Export the filtered list.
    await page.get_by_role("link", name="← Enquiries").click()
    await page.locator('select[name="source"]').select_option("spring")
    await page.get_by_role("button", name="Show").click()
    await page.wait_for_url("**source=spring**")
    async with page.expect_download() as waiting:
        await page.get_by_role("link", name="CSV").click()
    download = await waiting.value
    saved = downloads / "enquiries.csv"
    await download.save_as(saved)
    text = saved.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff") and "Nino Beridze" in text and "Олена Коваль" in text
    assert "Jonas Petraitis" not in text

    # Mark a consultation attended.
    await page.get_by_role("link", name="Consultations").click()
    await page.locator('input[name="day"]').fill("2026-11-24")
    await page.get_by_role("button", name="Show").click()
    visit = page.locator("article.booking").filter(has_text="Ірина Шевченко")
    assert await visit.get_by_text("10:00-10:50").is_visible()
    await visit.get_by_role("button", name="Mark: Attended").click()
    await page.wait_for_load_state()
    assert await page.locator("article.booking p.attendance").inner_text() == "Attended"
