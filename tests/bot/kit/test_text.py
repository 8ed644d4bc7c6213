"""One splitter for every messenger: parts fit, nothing is lost, breaks fall where a
reader expects them."""

from __future__ import annotations

from bot.kit.text import split_text, utf16_len


def test_a_short_text_stays_whole() -> None:
    assert split_text("Hello", 10) == ["Hello"]


def test_a_long_text_is_cut_at_a_paragraph_end_in_its_second_half() -> None:
    first, second = "a" * 60, "b" * 60
    assert split_text(f"{first}\n\n{second}", 100) == [first, second]


def test_without_line_ends_it_cuts_between_words() -> None:
    words = " ".join(["word"] * 40)  # 199 characters
    parts = split_text(words, 100)
    assert all(len(part) <= 100 for part in parts)
    assert " ".join(parts) == words


def test_emoji_are_never_cut_in_half_where_they_count_twice() -> None:
    text = "🙂" * 150  # 300 UTF-16 units
    parts = split_text(text, 100, measure=utf16_len)
    assert [utf16_len(part) for part in parts] == [100, 100, 100]
    assert "".join(parts) == text
