"""Money survives JSON both ways: 19.97 in, 19.97 out, never 19.969999..."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from foodorder import codec


def test_fractional_numbers_are_read_as_decimal_and_integers_as_int() -> None:
    assert codec.loads('{"a": 19.97, "b": 2}') == {"a": Decimal("19.97"), "b": 2}
    assert type(codec.loads("2")) is int


def test_decimals_are_written_digit_for_digit() -> None:
    assert codec.dumps({"total": Decimal("19.97"), "items": [Decimal("0.10"), Decimal("1E+2")]}) == (
        '{"total":19.97,"items":[0.10,100]}'
    )


def test_other_values_are_written_as_json_writes_them() -> None:
    value: dict[str, Any] = {"s": 'quote " and ünïcode', "n": None, "t": True, "i": 3, "nested": {"l": []}}
    assert codec.loads(codec.dumps(value)) == value


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32-be"])
def test_bytes_are_read_in_any_encoding_json_loads_reads(encoding: str) -> None:
    text = '{"name": "Piñata", "price": 4.99}'
    assert codec.loads(text.encode(encoding)) == {"name": "Piñata", "price": Decimal("4.99")}


def test_bytes_that_are_not_text_are_refused_as_json_refuses_them() -> None:
    with pytest.raises(ValueError, match=r".+"):
        codec.loads(b'{"a": "\xff"}')


@pytest.mark.parametrize("text", ["NaN", '{"a": Infinity}', "-Infinity", "{", "name=pizza"])
def test_what_is_not_strict_json_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r".+"):
        codec.loads(text)


def test_everything_but_decimals_is_written_exactly_as_json_dumps_writes_it_compactly() -> None:
    value: dict[Any, Any] = {
        "s": 'quote " back\\ tab\t ünïcode \u2028 😀',
        1: [None, True, False, 0, -7, 2**70, 1.5, [], {}, ("t",)],
        "e": {"": ""},
    }

    assert codec.dumps(value) == json.dumps(value, separators=(",", ":"))
