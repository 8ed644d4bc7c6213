"""A button's id: made from a kind a flow declares, carried as ``kind:value``, read back
as the same typed id; what does not fit on a button is refused when it is made."""

from __future__ import annotations

import pytest

from storage.choice_id import MAX_CHOICE_ID_BYTES, ChoiceId, ChoiceIdError, ChoiceKind

SERVICE = ChoiceKind("svc")


def test_an_id_is_carried_as_kind_colon_value_and_read_back_the_same() -> None:
    family = SERVICE.of("family")
    assert family.wire == "svc:family"
    assert ChoiceId.parse("svc:family") == family
    assert ChoiceId.parse("privacy:forget:yes") == ChoiceKind("privacy").of("forget:yes")
    assert SERVICE.of(12) == ChoiceId.parse("svc:12")


def test_a_step_reads_the_value_of_its_own_kind_only() -> None:
    assert SERVICE.value_of(SERVICE.of("family")) == "family"
    assert SERVICE.value_of(ChoiceKind("centre").of("family")) is None
    assert SERVICE.value_of(None) is None


def test_an_id_too_long_for_telegram_is_refused_when_the_button_is_made() -> None:
    room = MAX_CHOICE_ID_BYTES - len("svc:")
    assert len(SERVICE.of("x" * room).wire.encode()) == MAX_CHOICE_ID_BYTES
    with pytest.raises(ChoiceIdError, match="longer than 64 bytes"):
        SERVICE.of("x" * (room + 1))


@pytest.mark.parametrize("kind", ["", "Menu", "1st", "menu:book", "two words", "мени"])
def test_a_kind_that_could_not_be_read_back_is_refused(kind: str) -> None:
    with pytest.raises(ChoiceIdError, match="choice kind"):
        ChoiceKind(kind)


@pytest.mark.parametrize("value", ["", "two words", "a/b", "ქართული", "x\n"])
def test_a_value_that_could_not_be_read_back_is_refused(value: str) -> None:
    with pytest.raises(ChoiceIdError, match="choice value"):
        SERVICE.of(value)


@pytest.mark.parametrize("wire", ["", "menu", "menu:", ":book", "Menu:book", "menu: book",
                                  "menu:book\n", "Note: call me", "10:30", "x:" + "y" * 63,
                                  "ф:" + "я" * 40, "a:" * 10_000])
def test_text_that_no_button_carries_is_not_an_id(wire: str) -> None:
    assert ChoiceId.parse(wire) is None
    with pytest.raises(ChoiceIdError, match="not a button's id"):
        ChoiceId.from_wire(wire)
