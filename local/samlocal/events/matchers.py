"""The matchers of an event pattern's leaf, each compiled to a test of one event value.

A field absent from the event is MISSING: only `{"exists": false}` matches it."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping
from typing import Any

Test = Callable[[Any], bool]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
_NUMERIC_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "=": lambda a, b: a == b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
}


class PatternError(ValueError):
    """An event pattern EventBridge would refuse (InvalidEventPatternException)."""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _exact(expected: Any) -> Test:
    if _is_number(expected):
        # Numbers match by value: 300, 300.0 and 3.0e2 are one number.
        return lambda value: _is_number(value) and float(value) == float(expected)
    if isinstance(expected, bool) or expected is None:
        return lambda value: value is expected
    return lambda value: isinstance(value, str) and value == expected


def _string(argument: Any, where: str, operator: str) -> str:
    if not isinstance(argument, str):
        raise PatternError(f"{where}: {operator} takes a string, not {argument!r}")
    return argument


def _affix(argument: Any, where: str, operator: str) -> Test:
    """prefix / suffix, optionally {"equals-ignore-case": ...}."""
    ignore_case = isinstance(argument, Mapping) and set(argument) == {"equals-ignore-case"}
    text = _string(argument["equals-ignore-case"] if ignore_case else argument, where, operator)
    if ignore_case:
        text = text.casefold()

    def test(value: Any) -> bool:
        if not isinstance(value, str):
            return False
        candidate = value.casefold() if ignore_case else value
        return candidate.startswith(text) if operator == "prefix" else candidate.endswith(text)

    return test


def _ignore_case(argument: Any, where: str) -> Test:
    text = _string(argument, where, "equals-ignore-case").casefold()
    return lambda value: isinstance(value, str) and value.casefold() == text


def _wildcard(argument: Any, where: str) -> Test:
    """`*` matches any run of characters; `\\*` is a literal star. Two stars in a row are refused, as AWS does."""
    text = _string(argument, where, "wildcard")
    parts = re.split(r"(\\\\|\\\*|\*)", text)
    if "**" in re.sub(r"\\\\|\\\*", "", text):
        raise PatternError(f"{where}: wildcard {text!r} has consecutive wildcard characters")
    regex = "".join(
        ".*" if part == "*" else re.escape(part[1]) if part in ("\\*", "\\\\") else re.escape(part) for part in parts
    )
    compiled = re.compile(regex, re.DOTALL)
    return lambda value: isinstance(value, str) and compiled.fullmatch(value) is not None


def _numeric(argument: Any, where: str) -> Test:
    valid = isinstance(argument, list) and len(argument) in (2, 4)
    pairs = list(zip(argument[::2], argument[1::2], strict=True)) if valid else []
    if not valid or any(op not in _NUMERIC_OPERATORS or not _is_number(n) for op, n in pairs):
        raise PatternError(f"{where}: numeric takes [operator, number] or a range of two, not {argument!r}")
    if len(pairs) == 2 and ("=" in argument or pairs[0][0][0] == pairs[1][0][0]):
        raise PatternError(f"{where}: numeric range {argument!r} needs one lower and one upper bound")
    checks = [(_NUMERIC_OPERATORS[op], float(n)) for op, n in pairs]
    return lambda value: _is_number(value) and all(check(float(value), bound) for check, bound in checks)


def _exists(argument: Any, where: str) -> Test:
    if not isinstance(argument, bool):
        raise PatternError(f"{where}: exists takes true or false, not {argument!r}")
    return lambda value: (value is not MISSING) is argument


def _cidr(argument: Any, where: str) -> Test:
    try:
        network = ipaddress.ip_network(_string(argument, where, "cidr"), strict=False)
    except ValueError:
        raise PatternError(f"{where}: {argument!r} is not a CIDR block") from None

    def test(value: Any) -> bool:
        try:
            return isinstance(value, str) and ipaddress.ip_address(value) in network
        except ValueError:
            return False

    return test


def _anything_but(argument: Any, where: str) -> Test:
    if isinstance(argument, Mapping) and len(argument) == 1:
        ((operator, operand),) = argument.items()
        # equals-ignore-case and wildcard may list several strings: anything but any of them.
        operands = operand if isinstance(operand, list) and operator != "prefix" else [operand]
        negated = [compile_matcher({operator: each}, where, allowed=_NEGATABLE) for each in operands]
        # The negated string operators apply to strings: a number is not "anything but a prefix".
        return lambda value: isinstance(value, str) and not any(test(value) for test in negated)
    values = argument if isinstance(argument, list) else [argument]
    kinds = {_is_number(v) for v in values}
    if not values or len(kinds) != 1 or not all(isinstance(v, str) or _is_number(v) for v in values):
        raise PatternError(f"{where}: anything-but takes a string, a number, or a list of only one of them")
    excluded = [_exact(v) for v in values]
    return lambda value: value is not MISSING and not any(test(value) for test in excluded)


_NEGATABLE = ("prefix", "suffix", "equals-ignore-case", "wildcard")
_OPERATORS: dict[str, Callable[[Any, str], Test]] = {
    "prefix": lambda argument, where: _affix(argument, where, "prefix"),
    "suffix": lambda argument, where: _affix(argument, where, "suffix"),
    "equals-ignore-case": _ignore_case,
    "wildcard": _wildcard,
    "anything-but": _anything_but,
    "numeric": _numeric,
    "exists": _exists,
    "cidr": _cidr,
}


def compile_matcher(matcher: Any, where: str, allowed: tuple[str, ...] = tuple(_OPERATORS)) -> Test:
    if matcher is None or isinstance(matcher, str | bool | int | float):
        return _exact(matcher)
    if not isinstance(matcher, Mapping) or len(matcher) != 1:
        raise PatternError(f"{where}: {matcher!r} is neither a value nor a one-operator object")
    ((operator, argument),) = matcher.items()
    if operator not in allowed:
        raise PatternError(f"{where}: {operator!r} is not an operator EventBridge accepts here")
    return _OPERATORS[operator](argument, where)
