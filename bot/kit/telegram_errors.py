"""Telegram's errors, read once for every sender of Bot API calls.

The person-side transport and the staff desk both hand their failures to the outbox
sender as ``RetryLater``, ``Unreachable`` or ``Rejected``; this is the one place that
decides which is which. What differs between them is one policy: for the desk, a refusal
that an operator must fix (the bot lost its rights in the group, the group moved) is
``operator``'s to report; for people, a refusal means the person cannot be reached.
"""

from __future__ import annotations

from collections.abc import Callable

from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)

from bot.sender import Rejected, RetryLater, Unreachable

# A 400 that means the person cannot be reached, not that the message was wrong.
UNREACHABLE_HINTS = ("chat not found", "user not found", "peer_id_invalid", "user is deactivated")
# Raised for the desk's refusals that only an operator can fix; the row waits.
OperatorFault = Callable[[str], Exception]
TelegramError = (TelegramAPIError, ClientDecodeError)


def redact(text: str, token: str) -> str:
    return text.replace(token, "<token>") if token else text


def reason_of(exc: TelegramAPIError, token: str) -> str:
    """Why a call failed, for logs and ``outbox.last_error``: Telegram's description, with
    the bot token taken out (network errors quote the whole URL)."""
    return redact(f"{type(exc).__name__}: {exc.message}", token)[:300]


def sender_error(
    exc: TelegramAPIError | ClientDecodeError,
    token: str,
    *,
    private: bool = True,
    operator: OperatorFault | None = None,
    operator_hints: tuple[str, ...] = (),
) -> Exception:
    """What the sender should make of a failed Bot API call. ``private``: the recipient is
    a person's own chat; ``operator`` (with the 400 descriptions it covers) turns the
    refusals an operator must fix into its own error."""
    if isinstance(exc, ClientDecodeError):
        # Its text would include the server's answer; the type says enough.
        return RetryLater(1.0, "ClientDecodeError: the Bot API answered garbage")
    if isinstance(exc, TelegramRetryAfter):
        return RetryLater(float(exc.retry_after), "429 Too Many Requests", throttled=True)
    reason = reason_of(exc, token)
    if isinstance(exc, TelegramBadRequest):
        said = exc.message.lower()
        if operator is not None and any(hint in said for hint in operator_hints):
            return operator(reason)
        if operator is None and private and any(hint in said for hint in UNREACHABLE_HINTS):
            return Unreachable(reason)
        return Rejected(reason)
    if isinstance(exc, TelegramForbiddenError | TelegramMigrateToChat) and operator is not None:
        # Kicked from the group, or the group became a supergroup with a new id.
        return operator(reason)
    if isinstance(exc, TelegramForbiddenError):
        return Unreachable(reason)
    if isinstance(exc, TelegramEntityTooLarge | TelegramMigrateToChat):
        return Rejected(reason)
    if isinstance(exc, TelegramServerError | TelegramNetworkError):
        return RetryLater(1.0, reason)
    if isinstance(exc, TelegramUnauthorizedError | TelegramNotFound | TelegramConflictError):
        # A wrong token or API base: an operator must fix it; keep the message.
        return RetryLater(30.0, reason)
    return exc  # any other: the sender retries it with its backoff
