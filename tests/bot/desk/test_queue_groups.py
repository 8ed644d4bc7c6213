"""A large service gives a queue its own staff group: its tickets' topics, cards and
messages go there, staff answer from there, and each group keeps its own Telegram limit
of posts a minute."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from flows.profile import builtin_profile_path
from storage.tickets import Ticket
from tests.bot.desk.conftest import FAST, STAFF_CHAT, Rig
from tests.bot.desk.test_enquiry_arrives import live_ids
from tests.fakes.telegram_api import FakePerson

GROUP_A = -1001111111111  # the "general" queue's own group
GROUP_B = -1002222222222  # the "enquiries" queue's own group


def two_groups() -> Path:
    """The demo profile with "general" in group A and "enquiries" in group B."""
    text = builtin_profile_path().read_text(encoding="utf-8")
    for queue, group in (("general", GROUP_A), ("enquiries", GROUP_B)):
        line = f'id = "{queue}"\n'
        at = text.index(line, text.index("[[queues]]")) + len(line)
        text = text[:at] + f"staff_chat_id = {group}\n" + text[at:]
    path = Path(tempfile.mkdtemp(prefix="carebot-profile-")) / "two_groups.toml"
    path.write_text(text, encoding="utf-8")
    return path


PROFILE = two_groups()
TWO_GROUPS = pytest.mark.parametrize("rig", [{"agency_profile": PROFILE}], indirect=True)
# Each group may take 3 posts a minute: one new ticket (topic, card, pin) fills it.
TIGHT = pytest.mark.parametrize(
    "rig", [{"agency_profile": PROFILE, "limits": replace(FAST, group_per_minute=3)}],
    indirect=True)


async def in_general(rig: Rig, person: FakePerson) -> Ticket:
    await rig.tg(person.send("/human"))
    return await rig.ticket_of("telegram", str(person.chat_id))


async def in_enquiries(rig: Rig, person: FakePerson) -> Ticket:
    """A would-be foster carer asks for a person while reading about fostering."""
    await rig.tg(person.send("/start"))
    await rig.until(lambda: any(m.inline for m in person.messages), "the main menu")
    await rig.tg(person.press(live_ids(person)["menu:foster"]))  # committed on return
    await rig.tg(person.send("/human"))
    return await rig.ticket_of("telegram", str(person.chat_id))


def threads_of(rig: Rig, group: int, ticket_id: int) -> list[int]:
    """The ticket's topics in ``group`` whose card is pinned."""
    return [thread for (chat, thread), topic in rig.fake.topics.items()
            if chat == group and f"#{ticket_id} " in topic.name
            and any(m.pinned for m in rig.fake.thread(group, thread))]


async def topic_in(rig: Rig, group: int, ticket_id: int) -> int:
    """The ticket's thread, once its card is pinned in ``group``."""
    await rig.until(lambda: bool(threads_of(rig, group, ticket_id)),
                    f"ticket {ticket_id}'s topic in group {group}")
    (thread,) = threads_of(rig, group, ticket_id)
    return thread


@TWO_GROUPS
async def test_each_queue_s_tickets_open_in_its_own_group(rig: Rig) -> None:
    ana = rig.fake.person(555_100_001, first_name="Ana", language_code="en")
    nino = rig.fake.person(555_100_002, first_name="Nino", language_code="en")
    general = await in_general(rig, ana)
    enquiry = await in_enquiries(rig, nino)
    assert (general.queue, enquiry.queue) == ("general", "enquiries")

    thread_a = await topic_in(rig, GROUP_A, general.id)
    thread_b = await topic_in(rig, GROUP_B, enquiry.id)
    await rig.idle()
    assert rig.fake.open_topics(STAFF_CHAT) == []  # nothing in the default group
    assert [t.thread_id for t in rig.fake.open_topics(GROUP_A)] == [thread_a]
    assert [t.thread_id for t in rig.fake.open_topics(GROUP_B)] == [thread_b]
    assert (await rig.ticket(enquiry.id)).staff_chat_id == GROUP_B

    # What Nino writes goes to her topic in group B; Lela answers there, and Nino reads it.
    await rig.tg(nino.send("Can a single person foster?"))
    await rig.until(lambda: "💬 Can a single person foster?" in
                    [m.body for m in rig.fake.thread(GROUP_B, thread_b)], "Nino's words")
    lela = await rig.add_staff(7101, "Lela")
    await rig.tg(rig.fake.group_message(GROUP_B, lela, "Yes, of course.", thread_id=thread_b))
    await rig.until(lambda: any("Yes, of course." in m.body for m in nino.messages),
                    "Lela's answer reaches Nino")
    await rig.idle()
    assert not any("Yes, of course." in m.body for m in ana.messages)
    assert (await rig.ticket(enquiry.id)).first_response_at is not None
    assert (await rig.ticket(general.id)).first_response_at is None


@TWO_GROUPS
async def test_a_command_in_a_queue_s_group_is_answered_there(rig: Rig) -> None:
    ana = rig.fake.person(555_100_011, first_name="Ana", language_code="en")
    general = await in_general(rig, ana)
    thread_a = await topic_in(rig, GROUP_A, general.id)
    lela = await rig.add_staff(7102, "Lela")
    await rig.tg(rig.fake.group_message(GROUP_A, lela, "/close", thread_id=thread_a))
    await rig.idle()
    assert (await rig.ticket(general.id)).status == "closed"
    assert rig.fake.chat(STAFF_CHAT) == []


@TIGHT
async def test_each_group_has_its_own_budget_of_posts_a_minute(rig: Rig) -> None:
    ana = rig.fake.person(555_100_021, first_name="Ana", language_code="en")
    dato = rig.fake.person(555_100_022, first_name="Dato", language_code="en")
    nino = rig.fake.person(555_100_023, first_name="Nino", language_code="en")
    first = await in_general(rig, ana)
    await topic_in(rig, GROUP_A, first.id)  # group A's budget is spent for a minute
    second = await in_general(rig, dato)
    enquiry = await in_enquiries(rig, nino)

    # Tickets go out oldest first, so Dato's would open before Nino's if group A's budget
    # did not hold it; group B's own budget lets Nino's open first.
    await topic_in(rig, GROUP_B, enquiry.id)
    await topic_in(rig, GROUP_A, second.id)
    opened = [c.params.get("chat_id") for c in rig.fake.calls_to("createForumTopic", ok=True)]
    assert opened == [GROUP_A, GROUP_B, GROUP_A], "group A's second ticket waited for its budget"
    assert rig.fake.throttled() == []
