"""EventBridge event patterns: compiled once, matched against each event.

The rules of "Content filtering in Amazon EventBridge event patterns": a pattern has the event's nested shape; each
leaf is an array of matchers, any of which may match; every field of the pattern must match (and); `$or` lists
alternative sub-patterns. Where the event holds an array, a leaf matches if any element does. Matchers: exact values
(strings, numbers compared as numbers, booleans, null), prefix, suffix, equals-ignore-case (alone or inside
prefix/suffix), wildcard, anything-but (a value, a list, or prefix/suffix/equals-ignore-case/wildcard), numeric
ranges, exists, cidr. A pattern that EventBridge would refuse is a PatternError naming the offending part."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from samlocal.events.matchers import MISSING, PatternError, compile_matcher

__all__ = ["Pattern", "PatternError", "compile_pattern"]


class Pattern:
    """A compiled pattern: `matches(event)` for a decoded event (a JSON object)."""

    def __init__(self, source: Mapping[str, Any]) -> None:
        if not isinstance(source, Mapping) or not source:
            raise PatternError("an event pattern must be a non-empty JSON object")
        self._match = _compile_object(source, "")

    def matches(self, event: Mapping[str, Any]) -> bool:
        return self._match(event)


def compile_pattern(source: Any) -> Pattern:
    return Pattern(source)


def _compile_object(pattern: Mapping[str, Any], where: str) -> Callable[[Any], bool]:
    fields: list[tuple[str, Callable[[Any], bool]]] = []
    alternatives: list[Callable[[Any], bool]] = []
    for key, value in pattern.items():
        path = f"{where}.{key}" if where else key
        if key == "$or":
            alternatives.append(_compile_or(value, where or "$or"))
        elif isinstance(value, Mapping):
            fields.append((key, _nested(_compile_object(value, path))))
        elif isinstance(value, list):
            fields.append((key, _compile_leaf(value, path)))
        else:
            raise PatternError(f"{path}: a pattern field must be an object or an array, not {value!r}")

    def match(node: Any) -> bool:
        container = node if isinstance(node, Mapping) else {}
        return all(test(container.get(key, MISSING)) for key, test in fields) and all(
            alternative(node) for alternative in alternatives
        )

    return match


def _compile_or(value: Any, where: str) -> Callable[[Any], bool]:
    if not isinstance(value, list) or len(value) < 2 or not all(isinstance(v, Mapping) and v for v in value):
        raise PatternError(f"{where}: $or takes an array of at least two non-empty objects")
    options = [_compile_object(option, where) for option in value]
    return lambda node: any(option(node) for option in options)


def _nested(match: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """A nested pattern applies to an object, or to any object of an array. Where the event has no such object,
    only what matches absent fields (exists: false) can match."""

    def nested(value: Any) -> bool:
        if value is MISSING:
            return match({})
        if isinstance(value, list):
            return any(isinstance(item, Mapping) and match(item) for item in value)
        return isinstance(value, Mapping) and match(value)

    return nested


def _compile_leaf(matchers: list[Any], where: str) -> Callable[[Any], bool]:
    if not matchers:
        raise PatternError(f"{where}: an empty array matches nothing; EventBridge refuses it")
    compiled = [compile_matcher(matcher, where) for matcher in matchers]

    def leaf(value: Any) -> bool:
        # An array in the event matches when any of its elements does: the intersection is not empty.
        values = value if isinstance(value, list) and value else [value]
        return any(test(item) for test in compiled for item in values)

    return leaf
