"""What a webhook body must be before anything parses it: JSON of bounded depth, with
text that UTF-8 can store."""

from __future__ import annotations

import json

import pytest

from bot.edge import MAX_JSON_CONTAINERS, MAX_JSON_DEPTH, BadJson, load_json, nesting_within


def nested(depth: int, inner: str = "1") -> bytes:
    opened = "".join('[{"a":' if level % 2 else "[" for level in range(depth))
    closed = "".join("}]" if level % 2 else "]" for level in reversed(range(depth)))
    return (opened + inner + closed).encode()


def depth_of(value: object) -> int:
    if isinstance(value, list):
        return 1 + max(map(depth_of, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(depth_of, value.values()), default=0)
    return 0


@pytest.mark.parametrize("levels", [1, 10, MAX_JSON_DEPTH // 2])
def test_nesting_up_to_the_limit_passes(levels: int) -> None:
    body = nested(levels)
    assert nesting_within(body)
    assert depth_of(load_json(body)) <= MAX_JSON_DEPTH


def test_the_limit_is_exact() -> None:
    assert nesting_within(b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH)
    assert not nesting_within(b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1))
    assert not nesting_within(b'{"a":' * (MAX_JSON_DEPTH + 1) + b"1" + b"}" * (MAX_JSON_DEPTH + 1))


def test_brackets_and_escapes_inside_strings_do_not_count() -> None:
    text = '[[[[ {{{{ \\" ]]]] \\\\' * 1000
    body = json.dumps({"message": {"text": text, "quote": '"[[[' * 100}}).encode()
    assert nesting_within(body)
    assert load_json(body)["message"]["text"] == text


def test_deep_nesting_without_long_runs_is_caught() -> None:
    body = b"[[]" * 1000 + b"]" * 1000  # depth 1,000 climbing one level at a time
    assert not nesting_within(body)


@pytest.mark.parametrize("body", [
    b"[" * 5000 + b"]" * 5000,
    b'{"update_id": 1, "message": ' + b'{"a":' * 5000 + b"1" + b"}" * 5001,
])
def test_five_thousand_levels_are_refused_before_the_parser(body: bytes) -> None:
    with pytest.raises(BadJson, match="nested deeper"):
        load_json(body)


def test_more_containers_than_any_update_has_are_refused() -> None:
    many = b"[" + b",".join([b"{}"] * MAX_JSON_CONTAINERS) + b"]"
    with pytest.raises(BadJson, match="arrays and objects"):
        load_json(many)
    entities = [{"type": "bold", "offset": i, "length": 1} for i in range(4096)]
    assert len(load_json(json.dumps({"entities": entities}).encode())["entities"]) == 4096


@pytest.mark.parametrize("body", [b"\xff\xfe{}", b"{not json", b'{"a": [1, 2}'])
def test_what_is_not_utf8_json_is_refused(body: bytes) -> None:
    with pytest.raises(BadJson):
        load_json(body)


def test_lone_surrogates_become_replacement_characters_and_pairs_stay() -> None:
    body = b'{"text": "hi \\udc00 \\ud83d\\ude00 \\uD800", "\\udfff": ["\\ud800"]}'
    data = load_json(body)
    assert data == {"text": "hi \ufffd \U0001f600 \ufffd", "\ufffd": ["\ufffd"]}
    json.dumps(data, ensure_ascii=False).encode("utf-8")  # storable as it is
