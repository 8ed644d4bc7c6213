"""The shared limiter's schedules, in PostgreSQL (table ``send_slots``, migration 0018).

One row per channel and key (``*`` for the channel as a whole, a chat or group id), with
``at``: when, by the database's clock in seconds since 1970, the key's budget is whole
again (bot/kit/pacing.py says how it moves). A worker takes a slot in one transaction:
:meth:`SendSlots.lock` creates the missing rows and locks the keys' rows, in key order,
so no two workers can deadlock (``*`` sorts first, so reservations of one channel queue
on it, one at a time and a few round trips long), and answers the database's time;
:meth:`SendSlots.store` writes the moved schedules; the commit releases the rows. Time is
the database's, so workers on machines whose clocks disagree still share one schedule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storage.pg import PgConnection


class SendSlots:
    def __init__(self, conn: PgConnection) -> None:
        self._conn = conn

    async def lock(self, channel: str, keys: Sequence[str]) -> tuple[float, dict[str, float]]:
        """The database's time and each key's schedule (0.0: a new key, budget whole),
        its row locked until the transaction ends."""
        rows = await self._conn.raw_execute(
            "INSERT INTO send_slots (channel, key, at)"
            " SELECT $1, k, 0 FROM unnest(CAST($2 AS text[])) AS k ORDER BY k"
            " ON CONFLICT (channel, key) DO UPDATE SET at = send_slots.at"
            " RETURNING key, at, extract(epoch FROM clock_timestamp())",
            (channel, sorted(set(keys))),
        )
        now = float(rows[0][2]) if rows else 0.0
        return now, {str(row[0]): float(row[1]) for row in rows}

    async def store(self, channel: str, ats: Mapping[str, float]) -> None:
        keys = sorted(ats)
        await self._conn.raw_execute(
            "UPDATE send_slots SET at = CAST(v.at AS double precision)"
            " FROM unnest(CAST($2 AS text[]), CAST($3 AS text[])) AS v(key, at)"
            " WHERE send_slots.channel = $1 AND send_slots.key = v.key",
            (channel, keys, [repr(float(ats[key])) for key in keys]),
        )

    async def answered(self, channel: str, key: str, before: float, interval: float
                       ) -> float:
        """A call to ``key`` has been answered: its schedule is taken again as if the call
        arrived only now (``before``: the schedule before the call); the database's time."""
        rows = await self._conn.raw_execute(
            "UPDATE send_slots SET at = GREATEST(at, GREATEST(CAST($3 AS double precision),"
            " extract(epoch FROM clock_timestamp())) + CAST($4 AS double precision))"
            " WHERE channel = $1 AND key = $2"
            " RETURNING extract(epoch FROM clock_timestamp())",
            (channel, key, repr(float(before)), repr(float(interval))),
        )
        return float(rows[0][0]) if rows else 0.0

    async def forget_whole(self, channel: str, everyone: str) -> int:
        """Delete the chats' rows whose budget is whole again (a new row starts whole);
        how many went. Rows locked by a reservation are left for the next time."""
        rows = await self._conn.raw_execute(
            "DELETE FROM send_slots WHERE ctid IN (SELECT ctid FROM send_slots"
            " WHERE channel = $1 AND key <> $2"
            " AND at < extract(epoch FROM clock_timestamp())"
            " FOR UPDATE SKIP LOCKED) RETURNING 1",
            (channel, everyone),
        )
        return len(rows)
