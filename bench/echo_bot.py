"""The baseline: a bare aiogram bot behind a webhook that answers every update once.

    python bench/echo_bot.py --port 8082 --api http://127.0.0.1:8081 --token 456:DEF
                             --secret S

aiogram's ``SimpleRequestHandler`` with ``handle_in_background=False``: each update is
validated into aiogram's models, dispatched, answered with one ``sendMessage`` to the Bot
API (awaited), and only then acknowledged with 200. No database, no state.
"""

from __future__ import annotations

import argparse
import logging

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

PATH = "/telegram/webhook"


def build_app(api: str, token: str, secret: str) -> web.Application:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api))
    bot = Bot(token, session=session)
    router = Router()

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "…")

    @router.callback_query()
    async def pressed(query: CallbackQuery) -> None:
        await bot.send_message(query.from_user.id, f"pressed {query.data}")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    app = web.Application()
    SimpleRequestHandler(dispatcher, bot, handle_in_background=False,
                         secret_token=secret).register(app, path=PATH)
    setup_application(app, dispatcher, bot=bot)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api", required=True, help="Bot API base URL (the fake)")
    parser.add_argument("--token", required=True)
    parser.add_argument("--secret", required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    web.run_app(build_app(args.api, args.token, args.secret), host="127.0.0.1",
                port=args.port, access_log=None, print=None)


if __name__ == "__main__":
    main()
