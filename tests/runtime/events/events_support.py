"""A local EventBridge over a small set of rules, with a recording invoker standing in for the Lambda runtime."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3

from samlocal.asgi import serve_in_background
from samlocal.events import LocalEventBridge
from samlocal.lambda_runtime.invoker import FunctionError
from samlocal.template.functions import FunctionSpec
from samlocal.template.rules import DEFAULT_BUS, EventRules, RuleSpec

BUS = "local-orders"
ORDER_UPDATED = RuleSpec(
    "OrderUpdated", BUS, {"source": ["restaurant"], "detail-type": ["order.updated"]}, "UpdateOrderStatusFunction"
)
RULES = EventRules(frozenset({DEFAULT_BUS, BUS}), (ORDER_UPDATED,))
# Short, so that retries show within a test.
RETRY_DELAYS = (0.05, 0.1)


class RecordingInvoker:
    """Records each invocation; `failures` says how many of the first invocations fail as Lambda reports it."""

    def __init__(self, failures: int = 0) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.failures = failures
        self._changed = threading.Condition()

    def invoke(self, function: str, event: Any) -> Any:
        with self._changed:
            self.calls.append((function, event))
            self._changed.notify_all()
            if len(self.calls) <= self.failures:
                raise FunctionError("RuntimeError", "the function failed")
        return None

    async def invoke_async(self, function: str, event: Any) -> Any:
        return self.invoke(function, event)

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """Invocations run in the caller's thread: no loop to name."""

    def wait_for(self, count: int, timeout: float = 10.0) -> list[tuple[str, Any]]:
        with self._changed:
            self._changed.wait_for(lambda: len(self.calls) >= count, timeout)
            return list(self.calls)

    def refresh(self, functions: Iterable[str]) -> None:
        """Nothing to retire."""

    def update(self, functions: Mapping[str, FunctionSpec]) -> None:
        """Nothing to update."""

    def close(self) -> None:
        """Nothing to stop."""


def bridge(state_dir: Path, invoker: RecordingInvoker, rules: EventRules = RULES) -> LocalEventBridge:
    return LocalEventBridge(
        state_dir, lambda: rules, invoker, region="us-east-1", account="123456789012", retry_delays=RETRY_DELAYS
    )


@contextmanager
def served(local: LocalEventBridge) -> Iterator[str]:
    local.start()
    try:
        with serve_in_background(local.app) as endpoint:
            yield endpoint
    finally:
        local.close()


def events_client(endpoint: str) -> Any:
    return boto3.client(
        "events", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )


def eventually(check: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True
