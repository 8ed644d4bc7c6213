"""Free slots from the profile alone: weekly availability in the centre's time zone, the
service, mode and language, bookings, notice, buffer, holidays, horizon and DST."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from flows.booking.slots import (
    Busy,
    Slot,
    centres_for,
    days_with_slots,
    free_slots,
    from_stamp,
    next_starts,
    stamp,
    starts_on,
    timezone_for,
)
from flows.profile import Profile, builtin_profile_path, load_profile

DEMO = load_profile()
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 13:00 in Tbilisi
TBILISI = ZoneInfo("Asia/Tbilisi")


def edited(profile: Profile, **changes: Any) -> Profile:
    """The profile with some top-level sections replaced (validated again)."""
    data = profile.model_dump(mode="python")
    data.update(changes)
    return Profile.model_validate(data)


def one_consultant(
    *availability: dict[str, str], base: Profile = DEMO, languages: list[str] | None = None,
    booking: dict[str, Any] | None = None,
) -> Profile:
    consultant = {
        "id": "solo", "name": "Solo", "role": base.consultants[0].role.root,
        "languages": languages or list(base.agency.languages), "services": ["parenting"],
        "availability": list(availability),
    }
    rules = {**base.booking.model_dump(), **(booking or {})}
    return edited(base, consultants=[consultant], booking=rules)


def local(slot: Slot) -> datetime:
    return slot.starts_at.astimezone(ZoneInfo(slot.timezone))


def test_slots_follow_the_weekly_hours_in_the_centres_time_zone() -> None:
    slots = free_slots(DEMO, service="parenting", mode="in_person", centre="tbilisi",
                       language="en", now=MONDAY)
    assert slots, "Nino sees parents in Tbilisi on Wednesdays and Fridays"
    wednesday = [s for s in slots if local(s).date() == date(2026, 11, 25)]
    # wed 13:00-18:00, 50 minutes plus a 10-minute buffer: a slot every hour.
    assert [local(s).time() for s in wednesday] == [time(h) for h in range(13, 18)]
    assert all(s.consultant == "nino-beridze" and s.centre == "tbilisi" for s in wednesday)
    assert all(s.ends_at - s.starts_at == timedelta(minutes=50) for s in slots)
    assert wednesday[0].starts_at == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_the_minimum_notice_hides_slots_too_soon() -> None:
    slots = free_slots(DEMO, service="parenting", mode="in_person", centre="tbilisi",
                       language="en", now=MONDAY)
    earliest = MONDAY + timedelta(hours=DEMO.booking.min_notice_hours)
    assert min(s.starts_at for s in slots) >= earliest
    # Monday's own Tbilisi hours (10:00-14:00) are within 12 hours of 13:00: none today.
    assert all(local(s).date() != date(2026, 11, 23) for s in slots)


def test_the_horizon_limits_how_far_ahead() -> None:
    slots = free_slots(DEMO, service="parenting", mode="in_person", centre="tbilisi",
                       language="en", now=MONDAY)
    last_day = MONDAY.astimezone(TBILISI).date() + timedelta(days=DEMO.booking.horizon_days - 1)
    assert max(local(s).date() for s in slots) <= last_day
    assert days_with_slots(slots)[-1] == date(2026, 12, 4)  # the last Friday in range


def test_language_service_mode_and_centre_must_match() -> None:
    def count(**kwargs: Any) -> int:
        return len(free_slots(DEMO, now=MONDAY, **kwargs))

    # Nino speaks ka/en/ru: no Ukrainian in Tbilisi for parenting.
    assert count(service="parenting", mode="in_person", centre="tbilisi", language="uk") == 0
    assert count(service="parenting", mode="in_person", centre="tbilisi", language="ru") > 0
    # Trauma is not offered by phone.
    assert count(service="trauma", mode="phone", centre=None, language="en") == 0
    # Remote hours only come from availability without a centre.
    remote = free_slots(DEMO, service="parenting", mode="video", centre=None, language="en",
                        now=MONDAY)
    assert remote and all(s.centre is None for s in remote)
    assert {s.consultant for s in remote} <= {"nino-beridze", "tamar-gelashvili"}
    assert count(service="parenting", mode="in_person", centre="kutaisi", language="ka") == 0
    assert centres_for(DEMO, "parenting") == ["tbilisi", "telavi", "gori"]
    assert centres_for(DEMO, "parenting", "uk") == ["telavi", "gori"]


def test_language_none_means_anybody() -> None:
    anybody = free_slots(DEMO, service="parenting", mode="in_person", centre="tbilisi",
                         language=None, now=MONDAY)
    english = free_slots(DEMO, service="parenting", mode="in_person", centre="tbilisi",
                         language="en", now=MONDAY)
    assert anybody == english  # Nino is the only one there, and speaks English


def test_a_booking_and_its_buffer_take_the_slot_away() -> None:
    before = free_slots(DEMO, service="parenting", mode="in_person", centre="tbilisi",
                        language="en", now=MONDAY)
    first = before[0]
    busy = [Busy(first.consultant, first.starts_at, first.ends_at)]
    after = free_slots(DEMO, service="parenting", mode="in_person", centre="tbilisi",
                       language="en", now=MONDAY, busy=busy)
    assert first not in after and before[1] in after
    # A booking that ends 5 minutes before a slot leaves less than the 10-minute buffer.
    tight = [Busy(first.consultant, before[1].starts_at - timedelta(minutes=55),
                  before[1].starts_at - timedelta(minutes=5))]
    squeezed = free_slots(DEMO, service="parenting", mode="in_person", centre="tbilisi",
                          language="en", now=MONDAY, busy=tight)
    assert before[1] not in squeezed


def test_a_booking_elsewhere_blocks_the_same_consultant() -> None:
    """Tuesday: Levan works remotely 15-19 in Tbilisi; a remote booking blocks him."""
    remote = free_slots(DEMO, service="trauma", mode="video", centre=None, language="en",
                        now=MONDAY)
    levan = [s for s in remote if s.consultant == "levan-tsiklauri"]
    busy = [Busy("levan-tsiklauri", levan[0].starts_at, levan[0].ends_at)]
    again = free_slots(DEMO, service="trauma", mode="video", centre=None, language="en",
                       now=MONDAY, busy=busy)
    assert levan[0] not in again


def test_holidays_have_no_slots() -> None:
    wednesday = date(2026, 11, 25)
    profile = edited(DEMO, booking={**DEMO.booking.model_dump(), "holidays": [wednesday]})
    slots = free_slots(profile, service="parenting", mode="in_person", centre="tbilisi",
                       language="en", now=MONDAY)
    assert slots and wednesday not in days_with_slots(slots)


def test_slot_length_buffer_and_duration_come_from_the_profile() -> None:
    profile = one_consultant({"weekday": "wed", "hours": "09:00-12:00", "centre": "tbilisi"},
                             booking={"slot_minutes": 30, "buffer_minutes": 15})
    slots = free_slots(profile, service="parenting", mode="in_person", centre="tbilisi",
                       language="en", now=MONDAY)
    wednesday = [local(s).time() for s in slots if local(s).date() == date(2026, 11, 25)]
    # Every 45 minutes; a 50-minute consultation must end by 12:00.
    assert wednesday == [time(9), time(9, 45), time(10, 30)]


def test_a_span_until_midnight() -> None:
    profile = one_consultant({"weekday": "wed", "hours": "22:00-24:00", "centre": "tbilisi"})
    slots = free_slots(profile, service="parenting", mode="in_person", centre="tbilisi",
                       language="en", now=MONDAY)
    assert [local(s).time() for s in slots if local(s).date() == date(2026, 11, 25)] == [
        time(22), time(23)]


def test_days_are_the_centres_days_not_utcs() -> None:
    """01:00 on a Wednesday in Tbilisi is still Tuesday in UTC."""
    profile = one_consultant({"weekday": "wed", "hours": "01:00-03:00", "centre": "tbilisi"})
    slots = free_slots(profile, service="parenting", mode="in_person", centre="tbilisi",
                       language="en", now=MONDAY)
    assert slots[0].starts_at == datetime(2026, 11, 24, 21, 0, tzinfo=UTC)
    assert days_with_slots(slots)[0] == date(2026, 11, 25)
    assert starts_on(slots, date(2026, 11, 25)) == [s.starts_at for s in slots[:2]]


def test_helpers_for_days_times_and_stamps() -> None:
    slots = free_slots(DEMO, service="trauma", mode="in_person", centre="tbilisi",
                       language="en", now=MONDAY)
    day = days_with_slots(slots)[0]
    starts = starts_on(slots, day)
    assert starts == sorted(set(starts))
    assert next_starts(slots, starts[1], 2) == starts[1:3]
    assert from_stamp(stamp(starts[0])) == starts[0]
    assert from_stamp("not a stamp") is None
    assert len(f"time:{stamp(starts[0])}".encode()) <= 64
    assert timezone_for(DEMO, None) == "Asia/Tbilisi"


# -- daylight saving ------------------------------------------------------------------------

LT = load_profile(builtin_profile_path("lt"))
PL = load_profile(builtin_profile_path("pl"))


def test_slots_keep_their_wall_clock_time_across_the_autumn_change_in_warsaw() -> None:
    """Europe/Warsaw leaves summer time on Sunday 25 October 2026 (03:00 → 02:00)."""
    now = datetime(2026, 10, 19, 6, 0, tzinfo=UTC)  # Monday 08:00 in Warsaw
    slots = free_slots(PL, service="parenting", mode="in_person", centre="krakow",
                       language="pl", now=now)
    anna = [s for s in slots if s.consultant == "anna-nowak"]
    wednesday_before = [s for s in anna if local(s).date() == date(2026, 10, 21)]
    wednesday_after = [s for s in anna if local(s).date() == date(2026, 10, 28)]
    assert [local(s).time() for s in wednesday_before] == [
        local(s).time() for s in wednesday_after]
    assert local(wednesday_before[0]).time() == time(8)
    # The same local 08:00 is 06:00 UTC in summer time and 07:00 UTC in winter time.
    assert wednesday_before[0].starts_at.hour == 6 and wednesday_after[0].starts_at.hour == 7


def test_slots_keep_their_wall_clock_time_across_the_spring_change_in_vilnius() -> None:
    """Europe/Vilnius starts summer time on Sunday 28 March 2027 (03:00 → 04:00)."""
    now = datetime(2027, 3, 22, 6, 0, tzinfo=UTC)
    slots = free_slots(LT, service="parenting", mode="in_person", centre="vilnius",
                       language="lt", now=now)
    rasa = [s for s in slots if s.consultant == "rasa"]
    before = [local(s).time() for s in rasa if local(s).date() == date(2027, 3, 23)]
    after = [local(s).time() for s in rasa if local(s).date() == date(2027, 3, 30)]
    assert before == after and before[0] == time(13)
    offsets = {local(s).utcoffset() for s in rasa if local(s).date() == date(2027, 3, 30)}
    assert offsets == {timedelta(hours=3)}


def test_the_skipped_hour_has_no_slot_and_the_repeated_hour_one_slot() -> None:
    night = one_consultant({"weekday": "sun", "hours": "01:00-06:00", "centre": "vilnius"},
                           base=LT, booking={"min_notice_hours": 0, "slot_minutes": 50,
                                             "buffer_minutes": 10})
    spring = free_slots(night, service="parenting", mode="in_person", centre="vilnius",
                        language="lt", now=datetime(2027, 3, 27, 12, 0, tzinfo=UTC))
    spring_day = [local(s) for s in spring if local(s).date() == date(2027, 3, 28)]
    # 03:00 does not exist that night; 01:00, 02:00, 04:00 and 05:00 do.
    assert [m.time() for m in spring_day] == [time(1), time(2), time(4), time(5)]
    starts = [m.astimezone(UTC) for m in spring_day]
    assert all(b - a >= timedelta(minutes=60) for a, b in itertools.pairwise(starts))
    autumn = free_slots(night, service="parenting", mode="in_person", centre="vilnius",
                        language="lt", now=datetime(2026, 10, 24, 12, 0, tzinfo=UTC))
    autumn_day = [local(s) for s in autumn if local(s).date() == date(2026, 10, 25)]
    # 03:00 happens twice that night: it is offered once, the first time.
    assert [m.time() for m in autumn_day] == [time(h) for h in range(1, 6)]
    utc = [m.astimezone(UTC) for m in autumn_day]
    assert len(set(utc)) == len(utc) and utc == sorted(utc)


@pytest.mark.parametrize("name", ["demo", "ua", "lt", "pl"])
def test_every_shipped_profile_offers_slots(name: str) -> None:
    profile = load_profile(builtin_profile_path(name))
    lang = profile.agency.default_locale
    service = profile.services[0].id
    centre = centres_for(profile, service, lang)[0]
    slots = free_slots(profile, service=service, mode="in_person", centre=centre,
                       language=lang, now=MONDAY)
    assert slots and all(s.timezone == profile.centre(centre).timezone for s in slots)  # type: ignore[union-attr]
