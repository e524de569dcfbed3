"""The one seam between the gateway and the functions: an Invoker runs a function by name with an event.

Two implementations: worker processes (processes.py), what the served stack uses, and in-process (inprocess.py),
what tests use to drive the real gateway without a process per function."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from samlocal.template.functions import FunctionSpec


class FunctionError(Exception):
    """The invocation failed as Lambda reports it: errorType and errorMessage."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(f"{error_type}: {message}")
        self.error_type = error_type
        self.message = message


class Invoker(Protocol):
    def invoke(self, function: str, event: Any) -> Any:
        """The function's result, decoded from JSON; FunctionError for what Lambda reports as a failed invocation."""

    def refresh(self, functions: Iterable[str]) -> None:
        """The functions' code changed: their next invocations run it; invocations in flight finish as they are."""

    def update(self, functions: Mapping[str, FunctionSpec]) -> None:
        """The template changed: from now on these are the functions (new, changed and removed ones applied)."""

    def close(self) -> None:
        """Stops every execution environment."""


InvokerFactory = Callable[[Mapping[str, FunctionSpec]], Invoker]
