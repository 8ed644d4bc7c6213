"""Tickets that wait too long: announced once in General, and their topic title marked.

Each queue in the profile has a first-response target (``first_response_minutes``). Every
half a minute, the open tickets of each queue that are older than that without a first
staff answer get one ``sla`` desk job, and are marked in the same transaction, so a
restart never announces a ticket twice. The clock is the wall clock: business hours do
not stop it (the person has been waiting all the same).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta

from bot.engine import Clock, add_desk_effects, utc_now
from bot.kit.loop import run_periodically
from flows.profile import Profile
from flows.staff.effects import SlaBreached
from storage.db import Database
from storage.repositories import Repos

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 30.0


class SlaWatch:
    def __init__(
        self,
        db: Database,
        profile: Profile,
        *,
        clock: Clock = utc_now,
        wake: asyncio.Event | None = None,
        interval: float = INTERVAL_SECONDS,
        housekeeping: Callable[[], object] | None = None,
    ) -> None:
        self.db = db
        self.profile = profile
        self.clock = clock
        self.wake = wake
        self.interval = interval
        self.housekeeping = housekeeping
        self.announced = 0

    async def run(self, stop: asyncio.Event) -> None:
        await run_periodically(self._pass, stop, interval=self.interval,
                               failed="SLA check failed", logger=log)

    async def _pass(self) -> None:
        await self.check()
        if self.housekeeping is not None:
            self.housekeeping()

    async def check(self) -> int:
        """One pass; returns how many tickets were announced."""
        now = self.clock()
        found = 0
        async with self.db.transaction() as conn:
            repos = Repos(conn)
            for queue in self.profile.queues:
                target = queue.first_response_minutes
                late = await repos.tickets.breaching_sla(queue.id, now - timedelta(minutes=target))
                for ticket in late:
                    await add_desk_effects(repos, [SlaBreached(ticket.id, queue.id, target)],
                                           now)
                    await repos.tickets.mark_sla_breached(ticket.id, now)
                    found += 1
        if found:
            self.announced += found
            log.info("SLA: %s ticket(s) waited past their queue's target", found)
            if self.wake is not None:
                self.wake.set()
        return found
