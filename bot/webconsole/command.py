"""``/console`` in a private chat with the bot: a registered staff member gets a single-use
sign-in link to the coordinators' console, valid for ten minutes. To anybody else the
command does not exist (they get the usual "I don't know that command")."""

from __future__ import annotations

from flows import router
from flows.catalog import Catalog
from flows.framework import Context
from flows.text import Verbatim, _
from storage.console_auth import new_link

NAME = "console"
CHANNEL = "telegram"  # staff are registered by their Telegram user id


def sign_in_path(token: str) -> str:
    return f"/console/signin/{token}"


def install(catalog: Catalog, base_url: str) -> None:
    async def console_command(ctx: Context, _argument: str) -> None:
        # In a private chat the chat id is the user's own id.
        external = ctx.person.external_id
        member = None
        if ctx.person.channel == CHANNEL and external.isdigit():
            member = await ctx.repos.staff.get(int(external))
        if member is None:
            ctx.say(_("I don't know that command. Type /help to see what I can do."))
            ctx.send(await router.current_prompt(ctx))
            return
        token = await new_link(ctx.repos.conn, member.telegram_user_id, ctx.now)
        ctx.say(_(
            # TRANSLATORS: staff only: the answer to /console in a private chat.
            "Your sign-in link for the coordinators' console. It works once, within 10"
            " minutes; do not forward it:\n{link}",
            link=Verbatim(base_url.rstrip("/") + sign_in_path(token))))

    catalog.commands[NAME] = console_command


def uninstall(catalog: Catalog) -> None:
    catalog.commands.pop(NAME, None)
