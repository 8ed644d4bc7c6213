"""What ``check-profile`` warns about: a profile that loads, but that will surprise people.

Errors stop a profile from loading (``flows.profile``); these do not, because the agency
may mean them (a consultant who stays after closing time to phone people), yet they are
more often a copy-and-paste slip.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time

from flows.profile import WEEKDAYS, Profile, _check_span

# The IANA zones each country uses; a centre elsewhere is usually a profile copied from
# another country's example.
COUNTRY_ZONES = {
    "GE": ("Asia/Tbilisi",),
    "UA": ("Europe/Kyiv", "Europe/Kiev", "Europe/Uzhgorod", "Europe/Zaporozhye",
           "Europe/Simferopol"),
    "LT": ("Europe/Vilnius",),
    "PL": ("Europe/Warsaw",),
}


def _spans_text(spans: list[tuple[time, time]]) -> str:
    return ", ".join(f"{a:%H:%M}-{'24:00' if b == time.max else f'{b:%H:%M}'}"
                     for a, b in spans)


def hours_warnings(profile: Profile) -> Iterator[str]:
    """Consultant hours at a centre that fall outside the centre's opening hours."""
    for index, consultant in enumerate(profile.consultants):
        for slot_index, slot in enumerate(consultant.availability):
            centre = profile.centre(slot.centre) if slot.centre else None
            if centre is None:
                continue
            where = f"consultants.{index}.availability.{slot_index}"
            opening = centre.hours.spans(WEEKDAYS.index(slot.weekday))
            start, end = _check_span(slot.hours)
            if not opening:
                yield (f"{where}: {consultant.id} has hours at {centre.id} on {slot.weekday}"
                       f" ({slot.hours}), but the centre is closed that day")
            elif not any(a <= start and end <= b for a, b in opening):
                yield (f"{where}: {consultant.id}'s hours at {centre.id} on {slot.weekday}"
                       f" ({slot.hours}) fall outside the centre's opening hours"
                       f" ({_spans_text(opening)})")


def timezone_warnings(profile: Profile) -> Iterator[str]:
    """Time zones that do not belong to the agency's country."""
    zones = COUNTRY_ZONES[profile.agency.country]
    found = [("centres", i, c.timezone) for i, c in enumerate(profile.centres)]
    found += [("queues", i, q.timezone) for i, q in enumerate(profile.queues)]
    for section, index, zone in found:
        if zone not in zones:
            yield (f"{section}.{index}.timezone: {zone!r} is not a time zone of"
                   f" {profile.agency.country} (expected {zones[0]})")


def profile_warnings(profile: Profile) -> list[str]:
    return [*hours_warnings(profile), *timezone_warnings(profile)]
