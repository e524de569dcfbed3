"""Where deliveries meet the Lambda runtime: a rule's target is invoked as Lambda invokes a
function asynchronously, in the function's own execution environment, and its result is discarded. The delivery
threads call it, so a blocking `Invoker.invoke` is what it needs."""

from __future__ import annotations

from typing import Any

from samlocal.lambda_runtime.invoker import FunctionError, Invoker


class DeliveryFailed(Exception):
    """The invocation failed as Lambda counts a failure (the function raised, timed out or crashed)."""


class LambdaTarget:
    def __init__(self, invoker: Invoker) -> None:
        self._invoker = invoker

    def __call__(self, function: str, event: dict[str, Any]) -> None:
        """Blocks until the function has run; DeliveryFailed when Lambda would retry it."""
        try:
            self._invoker.invoke(function, event)
        except FunctionError as error:
            raise DeliveryFailed(str(error)) from None
