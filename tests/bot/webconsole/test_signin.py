"""Signing in to the console: a single-use link from the bot, a session cookie, CSRF
tokens on every form, and pages by role."""

from __future__ import annotations

from pathlib import Path

from tests.bot.webconsole.conftest import (
    DESK_AGENT,
    RECEPTION,
    RECRUITER,
    SUPERVISOR,
    TOKEN,
    Console,
    open_console,
)
from tests.conftest import FakeClock


async def test_staff_get_a_link_and_sign_in(console: Console) -> None:
    said = await console.bot_says(SUPERVISOR)
    assert "sign-in link" in said[0].text and "/console/signin/" in said[0].text
    html = await console.sign_in(SUPERVISOR)
    assert "Recruitment funnel" in html and "Mariam (supervisor)" in html
    cookie = next(c for c in console.client.session.cookie_jar if c.key == "carebot_console")
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert not cookie["secure"], "http in tests; Secure comes with an https public URL"


async def test_somebody_not_on_the_staff_list_gets_no_link(console: Console) -> None:
    said = await console.bot_says(4242)
    assert "I don't know that command" in said[0].text
    assert "/console/signin/" not in " ".join(reply.text for reply in said)


async def test_a_link_works_once(console: Console) -> None:
    token = await console.link_for(RECRUITER)
    first = await console.client.post("/console/signin", data={"token": token})
    assert first.status == 200
    console.client.session.cookie_jar.clear()
    again = await console.client.post("/console/signin", data={"token": token})
    assert again.status == 410
    assert "already been used" in await again.text()


async def test_a_link_expires_after_ten_minutes(console: Console) -> None:
    token = await console.link_for(RECRUITER)
    console.clock.advance(minutes=10, seconds=1)
    response = await console.client.post("/console/signin", data={"token": token})
    assert response.status == 410
    assert "has expired" in await response.text()


async def test_a_forged_link_is_refused(console: Console) -> None:
    await console.link_for(RECRUITER)
    for forged in ("x" * 43, "", "' OR 1=1 --", "ა" * 300):
        response = await console.client.post("/console/signin", data={"token": forged})
        assert response.status == 400
        assert "not valid" in await response.text()


async def test_opening_the_link_does_not_spend_it(console: Console) -> None:
    """Telegram fetches a link to preview it: only the button signs in."""
    token = await console.link_for(RECRUITER)
    for _ in range(3):
        assert (await console.client.get(f"/console/signin/{token}")).status == 200
    assert (await console.client.post("/console/signin", data={"token": token})).status == 200


async def test_nothing_without_a_session(console: Console) -> None:
    for path in ("/console", "/console/overview", "/console/enquiries", "/console/enquiries/1",
                 "/console/enquiries/export.csv", "/console/consultations", "/console/audit"):
        status, html = await console.page(path)
        assert status == 401, path
        assert "Please sign in" in html and "send /console" in html.lower()
    response = await console.client.post("/console/enquiries/1/stage", data={"stage": "new"})
    assert response.status == 401


async def test_a_session_ends_after_inactivity_and_at_sign_out(console: Console) -> None:
    await console.sign_in(SUPERVISOR)
    console.clock.advance(minutes=29)
    assert (await console.page("/console/overview"))[0] == 200
    console.clock.advance(minutes=29)  # active 29 minutes ago: still in
    assert (await console.page("/console/overview"))[0] == 200
    console.clock.advance(minutes=31)
    assert (await console.page("/console/overview"))[0] == 401
    await console.sign_in(SUPERVISOR)
    response = await console.post("/console/signout")
    assert "You have signed out" in await response.text()
    assert (await console.page("/console/overview"))[0] == 401


async def test_the_old_cookie_is_dead_after_sign_out(console: Console) -> None:
    await console.sign_in(SUPERVISOR)
    cookie = next(c for c in console.client.session.cookie_jar if c.key == "carebot_console")
    await console.post("/console/signout")
    console.client.session.cookie_jar.update_cookies({"carebot_console": cookie.value})
    assert (await console.page("/console/overview"))[0] == 401


async def test_a_form_without_or_with_a_wrong_csrf_token_changes_nothing(
        console: Console) -> None:
    await console.sign_in(SUPERVISOR)
    for data in ({}, {"csrf": "wrong"}, {"csrf": ""}):
        response = await console.client.post("/console/signout", data=data)
        assert response.status == 403
        assert "The form was out of date" in await response.text()
    assert (await console.page("/console/overview"))[0] == 200, "still signed in"


async def test_roles_decide_the_pages(console: Console) -> None:
    await console.sign_in(SUPERVISOR)
    html = (await console.page("/console/overview"))[1]
    assert all(word in html for word in ("Enquiries", "Consultations", "Audit log"))
    assert (await console.page("/console/audit"))[0] == 200
    console.client.session.cookie_jar.clear()

    await console.sign_in(RECRUITER)
    html = (await console.page("/console/overview"))[1]
    assert "Enquiries" in html and "Audit log" not in html
    assert (await console.page("/console/enquiries"))[0] == 200
    status, html = await console.page("/console/consultations")
    assert status == 403 and "not part of your work" in html
    assert (await console.page("/console/audit"))[0] == 403
    console.client.session.cookie_jar.clear()

    await console.sign_in(RECEPTION)
    assert (await console.page("/console/consultations"))[0] == 200
    assert (await console.page("/console/enquiries"))[0] == 403
    assert (await console.page("/console/enquiries/export.csv"))[0] == 403
    console.client.session.cookie_jar.clear()

    await console.sign_in(DESK_AGENT)
    assert (await console.page("/console/enquiries"))[0] == 403
    assert (await console.page("/console/consultations"))[0] == 403


async def test_a_staff_member_removed_from_the_list_is_out(console: Console) -> None:
    await console.sign_in(RECRUITER)
    async with console.runtime.db.transaction() as conn:
        from storage.repositories import Repos
        await Repos(conn).staff.remove(RECRUITER)
    assert (await console.page("/console/overview"))[0] == 401


async def test_sign_in_is_in_the_audit_log(console: Console) -> None:
    await console.sign_in(SUPERVISOR)
    console.clock.advance(seconds=1)
    html = (await console.page("/console/audit"))[1]
    assert "console_signin" in html and "Mariam (supervisor)" in html


async def test_the_console_speaks_the_staff_language(tmp_path: Path, clock: FakeClock) -> None:
    """The demo agency's staff write Georgian: the console is in Georgian too."""
    async with open_console(tmp_path, clock, english=False) as georgian:
        said = await georgian.bot_says(SUPERVISOR)
        assert "კოორდინატორის პანელში შესვლის" not in said[0].text, "the chat's own language"
        html = await georgian.sign_in(SUPERVISOR)
        assert '<html lang="ka">' in html
        assert "რეკრუტირების ძაბრი" in html and "მიმართვები" in html and "გასვლა" in html


async def test_the_cookie_is_secure_behind_https(tmp_path: Path, clock: FakeClock) -> None:
    async with open_console(tmp_path, clock, webhook_base_url="https://bot.example.org",
                            webhook_secret="s3cret", console_enabled=None) as behind_proxy:
        said = await behind_proxy.bot_says(SUPERVISOR)
        assert "https://bot.example.org/console/signin/" in said[0].text
        token = TOKEN.search(said[0].text)
        assert token
        response = await behind_proxy.client.post(
            "/console/signin", data={"token": token.group(1)}, allow_redirects=False)
        assert response.status == 303
        cookie = response.cookies["carebot_console"]
        assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Strict"


async def test_the_console_is_off_unless_enabled(tmp_path: Path, clock: FakeClock) -> None:
    async with open_console(tmp_path, clock, console_enabled=False) as off:
        assert (await off.client.get("/console/overview")).status == 404
        said = await off.bot_says(SUPERVISOR)
        assert said and not any("/console/signin/" in reply.text for reply in said)


async def test_hostile_requests_get_a_page_never_an_error(console: Console) -> None:
    console.client.session.cookie_jar.update_cookies({"carebot_console": "ä" * 4000})
    assert (await console.page("/console/overview"))[0] == 401
    console.client.session.cookie_jar.clear()
    await console.sign_in(SUPERVISOR)
    for path in ("/console/enquiries/99999999999999999999", "/console/enquiries/0",
                 "/console/nothing-here"):
        assert (await console.page(path))[0] == 404, path
    csrf = await console.csrf()
    odd = [
        (b"csrf=" + csrf.encode() + b"&stage=%FF%FE", "application/x-www-form-urlencoded"),
        (b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded"),
        (b"--x\r\nbroken", "multipart/form-data; boundary=x"),
    ]
    for body, kind in odd:
        response = await console.client.post("/console/enquiries/1/stage", data=body,
                                              headers={"Content-Type": kind})
        assert response.status < 500, (body, response.status)
    big = await console.client.post("/console/signout", data={"csrf": csrf, "x": "y" * 70_000})
    assert big.status == 413
    html = (await console.page("/console/overview"))[1]
    assert "Recruitment funnel" in html, "still signed in and working"
