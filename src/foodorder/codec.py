"""JSON that keeps money exact: numbers with a fraction are read as Decimal and written back digit for digit."""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable
from decimal import Decimal
from typing import Any


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


# One decoder for every call: json.loads given any option builds a new decoder (and its scanner) each time, which
# cost almost as much as parsing a stored order's items (1.6 of 3.7 us).
_decoder = json.JSONDecoder(parse_float=Decimal, parse_constant=_refuse_constant)


def loads(text: str | bytes) -> Any:
    """Parses JSON; NaN and Infinity, which Python's json accepts, are refused. Raises ValueError."""
    if not isinstance(text, str):
        # As json.loads reads bytes: UTF-8, -16 or -32, told apart by the first bytes.
        text = text.decode(json.detect_encoding(text), "surrogatepass")
    return _decoder.decode(text)


def dumps(value: Any) -> str:
    parts: list[str] = []
    _encode(value, parts.append)
    return "".join(parts)


Write = Callable[[str], None]
# What json.dumps writes a string with (ensure_ascii, its default): the C escaper, called once per string.
_string = json.encoder.encode_basestring_ascii


def _encode(value: Any, write: Write) -> None:
    # Appends to one list rather than yielding: a list page of 50 orders is thousands of values.
    if isinstance(value, str):
        write(_string(value))
    elif isinstance(value, int) and not isinstance(value, bool):
        write(int.__repr__(value))  # what json.dumps writes, int subclasses (enums) included
    elif isinstance(value, Decimal):
        # 'f' keeps 19.97 as 19.97 and never emits an exponent such as 1E+2.
        write(format(value, "f"))
    elif isinstance(value, dict):
        _encode_object(value, write)
    elif isinstance(value, list | tuple):
        _encode_array(value, write)
    else:
        write(json.dumps(value))


def _encode_object(value: dict[Any, Any], write: Write) -> None:
    separator = "{"
    for key, item in value.items():
        write(separator + _string(str(key)) + ":")
        _encode(item, write)
        separator = ","
    write("}" if separator == "," else "{}")


def _encode_array(value: list[Any] | tuple[Any, ...], write: Write) -> None:
    separator = "["
    for item in value:
        write(separator)
        _encode(item, write)
        separator = ","
    write("]" if separator == "," else "[]")
