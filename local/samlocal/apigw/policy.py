"""A Lambda authorizer's output: validated, evaluated against a method ARN like IAM does, and cached per token."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any


class MalformedAuthorizerResult(ValueError):
    """What API Gateway reports as AuthorizerConfigurationException (500 {"message": null})."""


class Decision(Enum):
    ALLOW = "allow"
    IMPLICIT_DENY = "implicit deny"
    EXPLICIT_DENY = "explicit deny"


@dataclass(frozen=True)
class Statement:
    effect: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]


@dataclass(frozen=True)
class AuthorizerResult:
    """The parts of a TOKEN authorizer's output API Gateway uses: the policy, and what reaches the function."""

    principal_id: str
    statements: tuple[Statement, ...]
    context: Mapping[str, str]

    def decide(self, method_arn: str) -> Decision:
        """IAM evaluation: an explicit Deny wins over any Allow; with no matching Allow the answer is deny."""
        matching = [s for s in self.statements if _matches_any(s.actions, "execute-api:Invoke")]
        matching = [s for s in matching if _matches_any(s.resources, method_arn)]
        if any(s.effect == "Deny" for s in matching):
            return Decision.EXPLICIT_DENY
        if any(s.effect == "Allow" for s in matching):
            return Decision.ALLOW
        return Decision.IMPLICIT_DENY


def _matches_any(patterns: tuple[str, ...], value: str) -> bool:
    return any(_pattern(pattern).fullmatch(value) for pattern in patterns)


def _pattern(pattern: str) -> re.Pattern[str]:
    # IAM wildcards: * is any run of characters (including /), ? exactly one; nothing else is special.
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern), re.DOTALL)


def parse_authorizer_result(output: Any) -> AuthorizerResult:
    """Validates the output as API Gateway does; anything it would refuse raises MalformedAuthorizerResult."""
    if not isinstance(output, Mapping):
        raise MalformedAuthorizerResult("the authorizer did not return an object")
    principal = output.get("principalId")
    if not isinstance(principal, str | int) or isinstance(principal, bool):
        raise MalformedAuthorizerResult("principalId is missing or not a string")
    document = output.get("policyDocument")
    if not isinstance(document, Mapping):
        raise MalformedAuthorizerResult("policyDocument is missing")
    raw = document.get("Statement")
    statements = [raw] if isinstance(raw, Mapping) else raw
    if not isinstance(statements, list) or not statements:
        raise MalformedAuthorizerResult("policyDocument.Statement is missing")
    return AuthorizerResult(str(principal), tuple(_statement(s) for s in statements), _context(output.get("context")))


def _statement(raw: Any) -> Statement:
    if not isinstance(raw, Mapping) or raw.get("Effect") not in ("Allow", "Deny"):
        raise MalformedAuthorizerResult(f"statement {raw!r} has no Effect Allow or Deny")
    return Statement(raw["Effect"], _strings(raw, "Action"), _strings(raw, "Resource"))


def _strings(raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key)
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise MalformedAuthorizerResult(f"statement {key} must be a string or a list of strings")
    return tuple(values)


def _context(raw: Any) -> dict[str, str]:
    """Context values may only be strings, numbers or booleans, and reach the function as strings."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise MalformedAuthorizerResult("context must be an object")
    return {str(key): stringify(value) for key, value in raw.items()}


def stringify(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise MalformedAuthorizerResult(f"context value {value!r} is not a string, number or boolean")


class ResultCache:
    """Authorizer results per (authorizer, token) for the authorizer's TTL; a TTL of 0 caches nothing."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._entries: dict[tuple[str, str], tuple[float, AuthorizerResult]] = {}
        self._lock = threading.Lock()

    def get(self, authorizer: str, token: str) -> AuthorizerResult | None:
        with self._lock:
            entry = self._entries.get((authorizer, token))
            if entry is None or entry[0] <= self._clock():
                self._entries.pop((authorizer, token), None)
                return None
            return entry[1]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def put(self, authorizer: str, token: str, result: AuthorizerResult, ttl: int) -> None:
        if ttl <= 0:
            return
        with self._lock:
            self._entries[(authorizer, token)] = (self._clock() + ttl, result)
