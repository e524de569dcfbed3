"""Keyset pagination shared by every list route: `limit` and an opaque `nextToken`."""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Generic, TypeVar

from foodorder.domain.errors import FieldError, ValidationFailed

DEFAULT_LIMIT = 50
MAX_LIMIT = 100

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """Items in key order; `last_key` is the key of the last item when more items follow."""

    items: list[T]
    last_key: str | None


@dataclass(frozen=True)
class PageRequest:
    """Which page a client asked for: at most `limit` items, those after the key `after` (None: from the start)."""

    limit: int
    after: str | None


def parse_page_request(limit: str | None, next_token: str | None, key_pattern: re.Pattern[str]) -> PageRequest:
    """The `limit` and `nextToken` query parameters; a 400 naming whichever is wrong."""
    return PageRequest(parse_limit(limit), decode_token(next_token, key_pattern))


def parse_limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise ValidationFailed([FieldError("limit", f"must be an integer from 1 to {MAX_LIMIT}")])
    return int(raw)


def encode_token(last_key: str | None) -> str | None:
    if last_key is None:
        return None
    raw = json.dumps({"after": last_key}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_token(token: str | None, key_pattern: re.Pattern[str]) -> str | None:
    """The key to resume after; a token we did not issue is a 400 naming `nextToken`. The key must be one the
    list could have returned (`key_pattern`), so a forged token cannot send storage a key it would refuse."""
    if token is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        after = json.loads(raw)["after"]
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
        after = None
    if not isinstance(after, str) or not key_pattern.fullmatch(after):
        raise ValidationFailed([FieldError("nextToken", "is not a token this API issued")])
    return after
