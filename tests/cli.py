"""The ``carebot`` command as a test runs it: ``carebot(...)`` runs it in this process,
``carebot_process(...)`` starts the installed script; both answer as ``subprocess.run``
does (exit status, stdout, stderr as text).

In this process is the same ``bot.cli.main`` with its own arguments, environment, working
directory, stdin, stdout and stderr, minus a new interpreter: starting one costs a second
or two of CPU a call, and tests call the command a hundred times. The few tests of the
installed command itself (tests/bot/test_cli.py) and the end-to-end runs start processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
import shutil
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path

from tests.postgres import subprocess_env

# A developer's own tokens and addresses never reach a test's bot.
CLEARED = ("TELEGRAM_", "VIBER_", "WEBHOOK_", "HTTP_", "STAFF_")


def command_env(env: dict[str, str]) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(CLEARED)}
    return subprocess_env({**clean, **env})


def carebot_process(*args: str, cwd: Path, stdin: str = "", **env: str
                    ) -> subprocess.CompletedProcess[str]:
    """The installed ``carebot`` script, as a newcomer runs it."""
    script = shutil.which("carebot", path=str(Path(sys.executable).parent)) or shutil.which(
        "carebot"
    )
    assert script, "carebot is not installed: pip install ."
    return subprocess.run(
        [script, *args], input=stdin, capture_output=True, text=True, timeout=60, cwd=cwd,
        env=command_env(env),
    )


def carebot(*args: str, cwd: Path, stdin: str = "", **env: str
            ) -> subprocess.CompletedProcess[str]:
    """``carebot *args`` run by ``bot.cli.main`` in this process. From inside a running
    event loop (an async test) it runs on a thread of its own, as ``main`` starts its own
    loop; ``carebot run`` installs signal handlers, so call that one from a plain test."""
    out, err = _stream(), _stream()
    code: list[int] = []

    def run() -> None:
        code.append(_main(list(args), err))

    with _process_state(command_env(env), cwd, io.StringIO(stdin), out, err):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            run()
        else:
            thread = threading.Thread(target=run, name="carebot")
            thread.start()
            thread.join(timeout=120)
            assert not thread.is_alive(), f"carebot {' '.join(args)} did not end"
    return subprocess.CompletedProcess(["carebot", *args], code[0], _text(out), _text(err))


def _main(argv: list[str], err: io.TextIOWrapper) -> int:
    from bot.cli import main

    try:
        return main(argv)
    except SystemExit as exit_:  # argparse: --version, --help, a bad argument
        if exit_.code is None or isinstance(exit_.code, int):
            return exit_.code or 0
        print(exit_.code, file=err)
        return 1
    except BaseException:  # what the interpreter would print before exiting with 1
        traceback.print_exc(file=err)
        return 1


def _stream() -> io.TextIOWrapper:
    """A text stream with a ``.buffer`` (``carebot enquiries export`` writes bytes)."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    raw = stream.buffer.getvalue()  # type: ignore[attr-defined]
    # subprocess.run(text=True) reads with universal newlines: CSV's \r\n arrives as \n.
    return str(raw.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n"))


@contextlib.contextmanager
def _process_state(env: dict[str, str], cwd: Path, stdin: io.StringIO,
                   stdout: io.TextIOWrapper, stderr: io.TextIOWrapper) -> Iterator[None]:
    """What a new process would have of its own, for the time of one command: the
    environment, the working directory, the standard streams and the logging setup
    (``main`` points the root logger at its stderr)."""
    saved_env = dict(os.environ)
    root = logging.getLogger()
    saved_logging = (root.handlers[:], root.level,
                     {name: logging.getLogger(name).level
                      for name in ("viberbot", "aiogram.event", "aiosqlite")})
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    os.environ.clear()
    os.environ.update(env)
    sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    try:
        with contextlib.chdir(cwd):
            yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.environ.clear()
        os.environ.update(saved_env)
        handlers, level, levels = saved_logging
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, named_level in levels.items():
            logging.getLogger(name).setLevel(named_level)
