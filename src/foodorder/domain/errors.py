"""Domain errors. Each carries a stable `code`; the HTTP edge maps the base classes to status codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class DomainError(Exception):
    code: ClassVar[str] = "DomainError"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(DomainError):
    """The request is malformed; `errors` names every offending field."""

    code = "ValidationFailed"

    def __init__(self, errors: list[FieldError], message: str | None = None) -> None:
        first = errors[0]
        super().__init__(message or f"Invalid request: {first.field} {first.message}.")
        self.errors = errors


class NotFound(DomainError):
    code = "NotFound"


class Conflict(DomainError):
    code = "Conflict"


class PayloadMismatch(DomainError):
    """An idempotency key was reused with a different request."""

    code = "IdempotencyKeyReused"


class RuleViolation(DomainError):
    """The request is well formed but a business rule refuses it."""

    code = "RuleViolation"


class Forbidden(DomainError):
    code = "Forbidden"


class Unauthenticated(DomainError):
    """No verified caller identity reached the function: fail closed."""

    code = "Unauthenticated"
