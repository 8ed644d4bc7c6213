"""The messengers' limits kept across several workers, in PostgreSQL.

Every call takes its slot in the table ``send_slots`` (storage/send_slots.py) in a
transaction of its own on a connection of its own, so a reservation never waits behind
the process's other work and never takes the write lock: the overall budget's row is
locked for the few milliseconds of the reservation, the chat's or group's row with it.
The schedules are the ones :class:`bot.kit.pacing.LocalPacer` keeps in memory (the same
``schedule``), on the database's clock: the workers together never exceed the limits,
whichever worker sends, and one busy worker may use the whole budget while the others
are idle (nothing is divided in advance, nobody needs to know who is alive).

Each worker also keeps its own departures (``bot.kit.pacing.Departures``); the overall
schedule has no burst (the bursts of several workers after a pause would add up), and a
call woken later than ``LATE`` after its slot (its process starved of CPU for a moment)
takes a new slot rather than leave in the middle of the other workers' slots.

``ready`` answers from this worker's own reservations (another worker's are seen when
this one takes its next slot), so a row whose chat another worker just used may be
claimed and wait in ``turn`` for its slot; ``hold`` is this worker's (a throttled row's
``not_before`` already keeps every worker from it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Protocol

from bot.kit.clock import REAL, Ticker
from bot.kit.pacing import EVERYONE, ChatSchedules, Departures, LimitsLike, Paces, schedule
from storage.db import Database
from storage.pg import PgConnection
from storage.pg_database import PostgresDatabase
from storage.send_slots import SendSlots

log = logging.getLogger(__name__)

# Every this many reservations, the chats whose budget is whole again are deleted.
FORGET_EVERY = 1000
# A call woken more than this many seconds after its slot takes a new one (at most
# RETAKES slots in all), so that calls leave where the shared schedule put them.
LATE = 0.015
RETAKES = 3


class SharedPacer(ChatSchedules):
    def __init__(self, db: Database, channel: str, limits: LimitsLike,
                 ticker: Ticker = REAL) -> None:
        self.db = db  # its own connection: see the module's notes
        self.channel = channel
        # No burst overall: workers' bursts would add up (see the module's notes).
        self.paces = Paces.of(limits, overall_burst=1)
        self.ticker = ticker
        self._departures = Departures.of(limits)  # this worker's own (see pacing.py)
        self._at: dict[str, float] = {}  # on this process's clock
        self._before: dict[str, float] = {}  # a chat's schedule before its call, DB time
        self._held: dict[str, float] = {}
        self._taken = 0

    async def turn(self, recipient: str, group: bool) -> None:
        keys = [key for key, pace in ((EVERYONE, self.paces.overall),
                                      (recipient, self.paces.of_recipient(group)))
                if pace is not None]
        if not keys:
            return
        for _attempt in range(RETAKES):
            target = await self._reserve(recipient, group, keys)
            if target > self.ticker.monotonic():
                await self.ticker.sleep(target - self.ticker.monotonic())
            if self.ticker.monotonic() - target <= LATE:
                break
            # Woken too late (a CPU stall): leaving now could crowd the later slots of
            # the other workers, so this slot is given up and a new one taken.
        if self._departures is not None:
            await self._departures.leave(self.ticker)

    async def _reserve(self, recipient: str, group: bool, keys: list[str]) -> float:
        """Take the next slot; when it starts, on this process's clock."""
        local = self.ticker.monotonic()
        held = self._held.get(recipient, 0.0) - local
        async with self.db.transaction(exclusive=False) as tx:
            slots = SendSlots(_pg(tx))
            now, ats = await slots.lock(self.channel, keys)
            start, after = schedule(self.paces, recipient, group, ats, now, now + held)
            await slots.store(self.channel, after)
        if recipient in ats:
            self._before[recipient] = ats[recipient]
        local = self.ticker.monotonic()
        if recipient in after:
            self._at[recipient] = local + (after[recipient] - now)
        self._taken += 1
        if self._taken % FORGET_EVERY == 0:
            await self._forget(local)
        return local + (start - now)

    async def done(self, recipient: str, group: bool) -> None:
        pace = self.paces.of_recipient(group)
        if pace is None:
            return
        before = self._before.pop(recipient, 0.0)
        async with self.db.transaction(exclusive=False) as tx:
            await SendSlots(_pg(tx)).answered(self.channel, recipient, before, pace.interval)
        end = self.ticker.monotonic()
        self._at[recipient] = max(self._at.get(recipient, end), end + pace.interval)

    async def _forget(self, local: float) -> None:
        self._at = {key: at for key, at in self._at.items() if at > local}
        self._before = {key: at for key, at in self._before.items() if key in self._at}
        self._held = {key: until for key, until in self._held.items() if until > local}
        try:
            async with self.db.transaction(exclusive=False) as tx:
                await SendSlots(_pg(tx)).forget_whole(self.channel, EVERYONE)
        except Exception as exc:  # tidying only: the next time will do
            log.debug("send slots not tidied (%s)", type(exc).__name__)


def _pg(conn: object) -> PgConnection:
    assert isinstance(conn, PgConnection), "the shared limiter needs PostgreSQL"
    return conn


class LimitedTransport(Protocol):
    channel: str

    @property
    def limits(self) -> LimitsLike: ...


def account(transport: LimitedTransport) -> str:
    """Whose limits a transport's calls count in: its ``account`` when it shares another
    channel's (the staff desk posts with the Telegram bot's token), else its channel."""
    return str(getattr(transport, "account", transport.channel))


async def shared_pacers(db: Database, transports: Iterable[LimitedTransport],
                        ticker: Ticker = REAL) -> dict[str, SharedPacer]:
    """A shared pacer for each channel when ``db`` is PostgreSQL (on a connection of
    their own), none on SQLite (the sender's own pacers are exact for one process).
    Channels of one account keep their schedules under its name, so the overall budget
    and a group's are one for all of them (the keys are chat ids, the same for both)."""
    if not isinstance(db, PostgresDatabase):
        return {}
    own = await PostgresDatabase.open_url(db.url, migrate=False)
    return {t.channel: SharedPacer(own, account(t), t.limits, ticker) for t in transports}


async def close_pacers(pacers: Mapping[str, SharedPacer]) -> None:
    for db in {id(p.db): p.db for p in pacers.values()}.values():
        await db.close()
