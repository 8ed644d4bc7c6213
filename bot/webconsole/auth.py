"""Sign-in by a single-use link, the session cookie, CSRF tokens and roles.

The link the bot sends opens a page with one button: signing in is a POST, so a link
preview (Telegram fetches links to show them) cannot spend the link. The cookie is
HttpOnly, SameSite=Strict, Secure when the public URL is https, and holds a random secret
whose hash names the session in the database. Every POST carries the session's CSRF token.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from bot.webconsole.keys import (
    FORM,
    RUNTIME,
    SECURE,
    SIGNED,
    SIGNED_OUT,
    Form,
    Refused,
    Signed,
    signed_in,
)
from bot.webconsole.render import page
from storage import audit
from storage.console_auth import (
    LinkState,
    end_session,
    find_session,
    forget_old,
    start_session,
    touch_session,
    use_link,
)
from storage.repositories import Repos

COOKIE = "carebot_console"
PUBLIC = ("/console/signin", "/console/static/")
MAX_FORM = 64 * 1024
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _idle(request: web.Request) -> timedelta:
    return timedelta(minutes=request.app[RUNTIME].settings.console_idle_minutes)


def _now(request: web.Request) -> datetime:
    return request.app[RUNTIME].engine.clock()


def denied(request: web.Request, status: int, reason: str) -> web.Response:
    return page(request, "message.html", status=status, reason=reason)


async def read_form(request: web.Request) -> Form | None:
    """The posted form, or None when it cannot be read (bad bytes, a broken multipart)."""
    try:
        return await request.post()
    except web.HTTPException:
        raise
    except (ValueError, LookupError, AssertionError, HttpProcessingError):
        return None


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """No page without a live session; no POST without its CSRF token."""
    if request.path.startswith(PUBLIC):
        return await handler(request)
    secret = request.cookies.get(COOKIE, "")
    runtime = request.app[RUNTIME]
    signed = None
    if secret:
        now = _now(request)
        async with runtime.db.transaction() as conn:
            session = await find_session(conn, secret, now, _idle(request))
            member = await Repos(conn).staff.get(session.staff_id) if session else None
            if session is not None and member is not None:
                await touch_session(conn, secret, now)
                signed = Signed(member, session.csrf_token)
    if signed is None:
        return denied(request, 401, "signed_out")
    request[SIGNED] = signed
    if request.method == "POST":
        if (request.content_length or 0) > MAX_FORM:
            return denied(request, 413, "too_big")
        form = await read_form(request)
        if form is None:
            return denied(request, 400, "bad_form")
        given = form.get("csrf")
        if not isinstance(given, str) or not hmac.compare_digest(
                given.encode("utf-8", "replace"), signed.csrf.encode("utf-8")):
            return denied(request, 403, "csrf")
        request[FORM] = form
    try:
        return await handler(request)
    except Refused:
        return denied(request, 403, "role")


async def signin_page(request: web.Request) -> web.Response:
    """The page the bot's link opens: one button that signs in."""
    token = request.match_info.get("token", "")
    return page(request, "signin.html", token=token)


async def signin(request: web.Request) -> web.Response:
    form = await read_form(request)
    token = form.get("token") if form is not None else None
    runtime = request.app[RUNTIME]
    now = _now(request)
    if not isinstance(token, str) or not token or len(token) > 200:
        return denied(request, 400, LinkState.UNKNOWN)
    async with runtime.db.transaction() as conn:
        await forget_old(conn, now - timedelta(days=1))
        state, staff_id = await use_link(conn, token, now)
        member = await Repos(conn).staff.get(staff_id) if staff_id is not None else None
        if state is not LinkState.OK or member is None:
            outcome = None
        else:
            outcome = await start_session(conn, member.telegram_user_id, now)
            await audit.record(conn, staff_id=member.telegram_user_id, action="console_signin",
                               now=now)
    if outcome is None:
        return denied(request, 400 if state is LinkState.UNKNOWN else 410, str(state))
    secret, _csrf = outcome
    response = web.HTTPSeeOther("/console/overview")
    response.set_cookie(COOKIE, secret, path="/console", httponly=True, samesite="Strict",
                        secure=request.app[SECURE])
    raise response


async def signout(request: web.Request) -> web.Response:
    signed = signed_in(request)
    async with request.app[RUNTIME].db.transaction() as conn:
        await end_session(conn, request.cookies.get(COOKIE, ""), _now(request))
        await audit.record(conn, staff_id=signed.member.telegram_user_id,
                           action="console_signout", now=_now(request))
    request[SIGNED_OUT] = True
    response = denied(request, 200, "bye")
    response.del_cookie(COOKIE, path="/console")
    return response
