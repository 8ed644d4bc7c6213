"""The terminal chat: a newcomer types numbers, on every screen."""

from __future__ import annotations

import io
import json

from bot.console.chat import chat
from bot.runtime import Runtime


async def talk(runtime: Runtime, *lines: str) -> str:
    out = io.StringIO()
    await chat(runtime, lang="en", stdin=io.StringIO("".join(f"{line}\n" for line in lines)),
               stdout=out)
    return out.getvalue()


def to_household(runtime: Runtime) -> list[str]:
    """Main menu 1 (become a foster carer), "let's start" (after the forms of care and the
    questions and answers), consent, the first town, the first age band."""
    start = len(runtime.profile.care_forms) + 2
    return ["/start", "1", str(start), "1", "1", "1"]


async def stored_answers(runtime: Runtime) -> dict[str, object]:
    async with runtime.db.reading() as conn, conn.execute(
        "SELECT answers FROM enquiry_drafts"
    ) as cursor:
        row = await cursor.fetchone()
    assert row is not None
    answers: dict[str, object] = json.loads(row[0])["answers"]
    return answers


async def test_buttons_of_a_free_text_question_are_numbered_and_a_number_presses_them(
    runtime: Runtime,
) -> None:
    shown = await talk(runtime, *to_household(runtime))
    household = shown.rindex("Who lives with you?")
    assert "  1. Skip this question\n  2. Back" in shown[household:]
    assert "[Skip this question]" not in shown

    shown = await talk(runtime, *to_household(runtime), "1")  # "Skip this question"
    assert "Question 4 of" in shown[shown.rindex("Who lives with you?"):]
    assert (await stored_answers(runtime))["household"] is None


async def test_a_written_answer_is_still_an_answer(runtime: Runtime) -> None:
    await talk(runtime, *to_household(runtime), "me 38, husband 41")
    assert (await stored_answers(runtime))["household"] == "me 38, husband 41"
