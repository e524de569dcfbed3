"""The one seam between the gateway and the functions: an Invoker runs a function by name with an event.

Two implementations: worker processes (processes.py), what the served stack uses, and in-process (inprocess.py),
what tests use to drive the real gateway without a process per function.

Callers on the served stack's event loop (the gateway, anything else uvicorn runs) await `invoke_async`; callers
in any other thread (tests, tools, a background delivery thread) call `invoke`, which blocks that thread only.
Both run the same execution environments. `bind` names the served stack's loop at its start; an invoker that was
never bound runs its environments on a loop of its own, and `invoke_async` from another loop is relayed to it."""

from __future__ import annotations

import asyncio
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
        """The function's result, decoded from JSON; FunctionError for what Lambda reports as a failed invocation.
        Blocks the calling thread: never call it from the event loop `bind` named."""

    async def invoke_async(self, function: str, event: Any) -> Any:
        """`invoke` for a caller on an event loop: cheapest on the loop named by `bind`, correct on any."""

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """The served stack's event loop, named once at its start, so that invocations awaited there run there."""

    def refresh(self, functions: Iterable[str]) -> None:
        """The functions' code changed: their next invocations run it; invocations in flight finish as they are."""

    def update(self, functions: Mapping[str, FunctionSpec]) -> None:
        """The template changed: from now on these are the functions (new, changed and removed ones applied)."""

    def close(self) -> None:
        """Stops every execution environment."""


InvokerFactory = Callable[[Mapping[str, FunctionSpec]], Invoker]
