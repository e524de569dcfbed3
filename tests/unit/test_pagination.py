"""`limit` and `nextToken` as every list route reads them."""

from __future__ import annotations

import base64

import pytest

from foodorder.domain.errors import ValidationFailed
from foodorder.domain.order_input import ORDER_ID_PATTERN
from foodorder.domain.pagination import DEFAULT_LIMIT, decode_token, encode_token, parse_limit


def test_limit_defaults_to_50_and_accepts_1_to_100() -> None:
    assert parse_limit(None) == DEFAULT_LIMIT == 50
    assert parse_limit("1") == 1
    assert parse_limit("100") == 100


@pytest.mark.parametrize("raw", ["0", "101", "-1", "ten", "", "1.5", "٣"])
def test_a_bad_limit_is_a_400_naming_limit(raw: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        parse_limit(raw)
    assert raised.value.errors[0].field == "limit"


def test_a_token_round_trips_to_the_key_it_was_made_from() -> None:
    token = encode_token("order-42")
    assert token is not None
    assert "order-42" not in token
    assert decode_token(token, ORDER_ID_PATTERN) == "order-42"
    assert encode_token(None) is None
    assert decode_token(None, ORDER_ID_PATTERN) is None


@pytest.mark.parametrize(
    "token",
    [
        "not base64 !",
        base64.urlsafe_b64encode(b"not json").decode(),
        base64.urlsafe_b64encode(b'{"other": 1}').decode(),
        base64.urlsafe_b64encode(b'{"after": 5}').decode(),
        base64.urlsafe_b64encode(b"[1]").decode(),
        # Decodes, but names a key no order can have (DynamoDB would refuse a 2000-byte sort key with a 500).
        base64.urlsafe_b64encode(b'{"after": "' + b"x" * 2000 + b'"}').decode(),
        base64.urlsafe_b64encode(b'{"after": "../etc"}').decode(),
        "",
    ],
)
def test_a_token_we_did_not_issue_is_a_400_naming_next_token(token: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        decode_token(token, ORDER_ID_PATTERN)
    assert raised.value.errors[0].field == "nextToken"
