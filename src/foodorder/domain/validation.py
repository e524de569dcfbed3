"""Reading untrusted JSON objects into typed values, collecting every field error on the way."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from decimal import Decimal

from foodorder.domain.errors import FieldError, ValidationFailed

CENT = Decimal("0.01")
# Bounds every amount well inside DynamoDB's 38 significant digits and Decimal's default context.
MAX_MONEY = Decimal(1_000_000_000)


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
        elif not min_length <= len(value) <= max_length:
            self.fail(name, f"must be {min_length} to {max_length} characters long")
        elif pattern is not None and not pattern.fullmatch(value):
            self.fail(name, f"must match {pattern.pattern}")
        else:
            return value
        return None

    def integer(self, name: str, *, minimum: int, maximum: int | None = None) -> int | None:
        value = self._get(name, True)
        if value is None:
            return None
        # bool is an int subclass; JSON true is not a number.
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(name, "must be an integer")
        elif value < minimum or (maximum is not None and value > maximum):
            bound = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
            self.fail(name, f"must be {bound}")
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
        if amount < 0:
            self.fail(name, "must not be negative")
        elif amount > MAX_MONEY:
            self.fail(name, f"must be at most {MAX_MONEY}")
        elif amount != amount.quantize(CENT):
            self.fail(name, "must have at most 2 decimal places")
        else:
            return amount
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
