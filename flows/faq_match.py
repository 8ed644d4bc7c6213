"""A question typed where the bot waits for a button ("Can I foster if I rent a flat?"):
the closest entries of the profile's FAQ, in the person's language, as buttons, with
"talk to a person" and "continue" where they were.

Matching is rapidfuzz's token scores on the first ``MAX_QUERY`` characters, against each
FAQ question: linear in the (bounded) text and in the number of entries. The buttons are
answered in every state (buttons of the ``faqm`` kind), so the person's place is never lost.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, utils

from flows.framework import Context
from flows.handoff import start_handoff
from flows.messages import Choice, ChoiceId, ChoiceKind, Outbound
from flows.profile import FaqEntry
from flows.text import _, join

SUGGESTION = ChoiceKind("faqm")
HUMAN = Choice(SUGGESTION.of("human"), _("Talk to a person"))
BACK = Choice(SUGGESTION.of("back"), _("Continue"))
# Only the start of a long message is read: questions are short, and the cost stays
# bounded whatever arrives (a 4,096-character Telegram message).
MAX_QUERY = 300
# Fewer distinct words than this is not a question ("yes", "hello there", "can I can I").
MIN_WORDS = 3
CUTOFF = 72.0
# Entries scoring within this of the best are offered too, at most ``LIMIT`` of them.
WINDOW = 10.0
LIMIT = 3


def score(query: str, question: str) -> float:
    """The mean of the token-set score (word order and extra words do not matter) and the
    token-sort score (which keeps a few shared words from looking like a match)."""
    return (fuzz.token_set_ratio(query, question) + fuzz.token_sort_ratio(query, question)) / 2


def rank(typed: str, questions: Sequence[tuple[str, str]]) -> list[str]:
    """The ids of the closest of ``(id, question)``, best first; none when nothing is
    close enough."""
    query = utils.default_process(typed[:MAX_QUERY])
    if len(set(query.split())) < MIN_WORDS:
        return []
    scored = []
    for entry_id, question in questions:
        value = score(query, utils.default_process(question))
        if value >= CUTOFF:
            scored.append((value, entry_id))
    scored.sort(key=lambda pair: -pair[0])
    return [entry_id for value, entry_id in scored[:LIMIT] if value >= scored[0][0] - WINDOW]


def closest(ctx: Context, typed: str) -> list[FaqEntry]:
    entries = {entry.id: entry for entry in ctx.profile.faq}
    questions = [(entry.id, ctx.render(entry.question.text, ctx.locale))
                 for entry in ctx.profile.faq]
    return [entries[entry_id] for entry_id in rank(typed, questions)]


def suggestions(ctx: Context, typed: str) -> Outbound | None:
    found = closest(ctx, typed)
    if not found:
        return None
    return Outbound(
        _("Perhaps one of these answers helps:"),
        (*(Choice(SUGGESTION.of(entry.id), entry.button) for entry in found), HUMAN,
         BACK),
    )


async def pressed(ctx: Context, choice: ChoiceId, where: Outbound) -> None:
    """One of the suggestion buttons, in whatever state the person is now."""
    if choice == HUMAN.id:
        await start_handoff(ctx)
        return
    wanted = SUGGESTION.value_of(choice)
    entry = next((e for e in ctx.profile.faq if e.id == wanted), None)
    if entry is not None:
        ctx.say(join(entry.question.text, entry.answer.text))
    ctx.send(where)
