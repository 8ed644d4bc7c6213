"""Turns due jobs (booking reminders, offers of freed times) into engine events.

Each job becomes ``Inbound(channel, external_id, delivery_id="job:<id>", system=...)``.
The engine claims that delivery id in the same transaction as the reminder it sends, so
a job handled just before a crash, and not yet marked done, is a duplicate after the
restart: it is sent once. Jobs that fell due while the bot was down are handled at the
next pass; when several reminders of one booking are due at once, only the latest is
sent.

With several processes, each pass claims its jobs first (``Jobs.claim``: ``FOR UPDATE
SKIP LOCKED`` and a lease, in one transaction), so a job is handled by one process; the
jobs of a process that died are claimed again when their lease runs out, and the
delivery id makes what it had handled already a duplicate.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date, timedelta

from bot.engine import Clock, Engine, Outcome, utc_now
from bot.kit.clock import REAL, Ticker
from bot.kit.loop import run_periodically
from bot.retention import purge
from flows.messages import Inbound
from storage.bookings import Job
from storage.db import Database
from storage.repositories import Repos

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 5.0
# How long a claimed job is this process's (a pass handles 100 jobs in well under that);
# if the process dies, another claims the job once the lease has run out.
LEASE = timedelta(minutes=2)


class Scheduler:
    def __init__(
        self,
        db: Database,
        engine: Engine,
        *,
        clock: Clock = utc_now,
        interval: float = INTERVAL_SECONDS,
        ticker: Ticker = REAL,
    ) -> None:
        self.db = db
        self.engine = engine
        self.clock = clock
        self.ticker = ticker
        self.interval = interval
        self.handled_count = 0
        self._retention_day: date | None = None

    async def run(self, stop: asyncio.Event) -> None:
        await run_periodically(self._pass, stop, interval=self.interval,
                               failed="scheduler pass failed", logger=log, ticker=self.ticker)

    async def _pass(self) -> int:
        await self.retention_if_due()
        return await self.run_due()

    async def retention_if_due(self) -> bool:
        """Once a day (and at start): the retention rule (bot/retention.py)."""
        today = self.clock().date()
        if self._retention_day == today:
            return False
        self._retention_day = today
        await purge(self.engine)
        return True

    async def run_due(self, limit: int = 100) -> int:
        """One pass: every due job becomes one engine event; returns how many were done."""
        async with self.db.transaction(exclusive=False) as conn:
            jobs = await Repos(conn).jobs.claim(self.clock(), LEASE, limit)
        latest = _latest_reminders(jobs)
        done = 0
        for job in jobs:
            if job.kind == "reminder" and latest.get(job.booking_id) != job.id:
                await self._done(job, "superseded")
            else:
                match await self.engine.handle(self.event(job)):
                    case Outcome.HANDLED | Outcome.IGNORED:
                        await self._done(job, "sent")
                        self.handled_count += 1
                    case Outcome.DUPLICATE:
                        await self._done(job, "duplicate")  # handled just before a crash
                    case Outcome.FAILED:
                        log.warning("job %s (%s): not handled, will retry", job.id, job.kind)
                        await self._release(job)
                        continue
            done += 1
        return done

    @staticmethod
    def event(job: Job) -> Inbound:
        assert job.channel is not None and job.external_id is not None
        return Inbound(job.channel, job.external_id, f"job:{job.id}", system=job.system)

    async def _release(self, job: Job) -> None:
        async with self.db.transaction(exclusive=False) as conn:
            await Repos(conn).jobs.release(job.id)

    async def _done(self, job: Job, outcome: str) -> None:
        async with self.db.transaction(exclusive=False) as conn:
            await Repos(conn).jobs.mark_done(job.id, self.clock(), outcome)
        log.info("job %s (%s): %s", job.id, job.kind, outcome)


def _latest_reminders(jobs: list[Job]) -> dict[int | None, int]:
    """Per booking, the reminder job due last among those due now."""
    latest: dict[int | None, Job] = {}
    for job in jobs:
        if job.kind != "reminder":
            continue
        seen = latest.get(job.booking_id)
        if seen is None or (job.due_at, job.id) > (seen.due_at, seen.id):
            latest[job.booking_id] = job
    return {booking: job.id for booking, job in latest.items()}
