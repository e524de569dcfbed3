"""Reading untrusted JSON objects into typed values, collecting every field error on the way."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from decimal import Decimal

from foodorder.domain.errors import FieldError, ValidationFailed

# Bounds every amount well inside DynamoDB's 38 significant digits and Decimal's default context.
MAX_MONEY = Decimal(1_000_000_000)
# The largest integer every JSON reader (IEEE doubles), SQLite (64-bit) and DynamoDB (38 digits) keep exactly.
MAX_SAFE_INTEGER = 2**53 - 1


def require_object(value: object, field: str = "body") -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise ValidationFailed([FieldError(field, "must be a JSON object")])
    return value


class Reader:
    """Reads fields of one JSON object; `errors` accumulates so a client learns every problem at once."""

    def __init__(self, data: Mapping[str, object], prefix: str = "", errors: list[FieldError] | None = None) -> None:
        self.data = data
        self.prefix = prefix
        self.errors: list[FieldError] = [] if errors is None else errors

    def path(self, name: str) -> str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def fail(self, name: str, message: str) -> None:
        self.errors.append(FieldError(self.path(name), message))

    def _get(self, name: str, required: bool) -> object | None:
        value = self.data.get(name)
        if value is None and required:
            self.fail(name, "is required")
        return value

    def string(
        self,
        name: str,
        *,
        max_length: int,
        min_length: int = 1,
        pattern: re.Pattern[str] | None = None,
        required: bool = True,
    ) -> str | None:
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(name, "must be a string")
        elif not _is_unicode(value):
            self.fail(name, "must be valid Unicode text")
        elif not min_length <= len(value) <= max_length:
            self.fail(name, f"must be {min_length} to {max_length} characters long")
        elif pattern is not None and not pattern.fullmatch(value):
            self.fail(name, f"must match {pattern.pattern}")
        else:
            return value
        return None

    def integer(self, name: str, *, minimum: int = -MAX_SAFE_INTEGER, maximum: int = MAX_SAFE_INTEGER) -> int | None:
        value = self._get(name, True)
        if value is None:
            return None
        # bool is an int subclass; JSON true is not a number.
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(name, "must be an integer")
        elif not minimum <= value <= maximum:
            self.fail(name, f"must be between {minimum} and {maximum}")
        else:
            return value
        return None

    def money(self, name: str) -> Decimal | None:
        """A non-negative amount with at most two decimals; JSON numbers arrive as int or Decimal."""
        value = self._get(name, True)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            self.fail(name, "must be a number")
            return None
        amount = Decimal(value)
        exponent = amount.as_tuple().exponent
        if amount < 0:
            self.fail(name, "must not be negative")
        elif amount > MAX_MONEY:
            self.fail(name, f"must be at most {MAX_MONEY}")
        elif not isinstance(exponent, int) or exponent < -2:
            # As written: 9.999 and 0E-10 have more than two decimals, whatever their value.
            self.fail(name, "must have at most 2 decimal places")
        else:
            # One written form per value, as DynamoDB keeps numbers (19.90 is stored as 19.9), so every backend
            # answers alike; -0.00 is zero, without the sign.
            return (amount.copy_abs() if amount == 0 else amount).normalize()
        return None

    def array(self, name: str, *, min_items: int, max_items: int) -> list[object] | None:
        value = self._get(name, True)
        if value is None:
            return None
        if not isinstance(value, list):
            self.fail(name, "must be an array")
        elif not min_items <= len(value) <= max_items:
            self.fail(name, f"must hold {min_items} to {max_items} items")
        else:
            return value
        return None

    def reject_unknown(self, allowed: Collection[str]) -> None:
        for name in self.data:
            if name not in allowed:
                self.fail(name, "is not a known field")

    def raise_if_invalid(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


def _is_unicode(text: str) -> bool:
    """False for text holding a lone surrogate (JSON's "\\ud800"), which no UTF-8 store or log can encode."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
