"""JSON that keeps money exact: numbers with a fraction are read as Decimal and written back digit for digit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def loads(text: str | bytes) -> Any:
    """Parses JSON; NaN and Infinity, which Python's json accepts, are refused. Raises ValueError."""
    return json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)


def dumps(value: Any) -> str:
    return "".join(_encode(value))


def _encode(value: Any) -> Iterator[str]:
    if isinstance(value, Decimal):
        # 'f' keeps 19.97 as 19.97 and never emits an exponent such as 1E+2.
        yield format(value, "f")
    elif isinstance(value, dict):
        yield "{"
        for index, (key, item) in enumerate(value.items()):
            yield ("," if index else "") + json.dumps(str(key)) + ":"
            yield from _encode(item)
        yield "}"
    elif isinstance(value, list | tuple):
        yield "["
        for index, item in enumerate(value):
            if index:
                yield ","
            yield from _encode(item)
        yield "]"
    else:
        yield json.dumps(value)
