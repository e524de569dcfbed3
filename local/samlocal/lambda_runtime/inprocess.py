"""Functions run in this interpreter: what tests use to drive the real gateway without a process per function.

Each invocation gets what Lambda gives a handler: exactly the function's environment in `os.environ` for the length
of the call, a real Lambda-shaped context, and the event and result passed through JSON. What a process boundary
gives is not here: the function's Timeout is not enforced, a crash ends the caller, and functions share module
state. Concurrent invocations of functions with the same environment run in parallel; one whose environment differs
waits until they are done, since a process has one `os.environ`."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from samlocal.lambda_runtime.context import LambdaContext, function_arn
from samlocal.lambda_runtime.handler import Handler, call, import_handler
from samlocal.lambda_runtime.invoker import FunctionError
from samlocal.template.functions import FunctionSpec


class _SharedEnvironment:
    """Lends `os.environ` to one environment at a time, to as many invocations as share it."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._current: Mapping[str, str] | None = None
        self._users = 0
        self._saved: dict[str, str] = {}

    @contextmanager
    def applied(self, environment: Mapping[str, str]) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: self._current is None or self._current == environment)
            if self._users == 0:
                self._saved = dict(os.environ)
                os.environ.clear()
                os.environ.update(environment)
                self._current = environment
            self._users += 1
        try:
            yield
        finally:
            with self._changed:
                self._users -= 1
                if self._users == 0:
                    os.environ.clear()
                    os.environ.update(self._saved)
                    self._current = None
                    self._changed.notify_all()


class InProcessInvoker:
    def __init__(
        self, functions: Mapping[str, FunctionSpec], *, region_account: str = "us-east-1:123456789012"
    ) -> None:
        self._specs = dict(functions)
        self._region_account = region_account
        self._handlers: dict[str, Handler] = {}
        self._import_lock = threading.Lock()
        self._environment = _SharedEnvironment()

    def invoke(self, function: str, event: Any) -> Any:
        spec = self._specs.get(function)
        if spec is None:
            raise FunctionError("ResourceNotFoundException", f"Function not found: {function}")
        # A handler gets its own copy of the event, as a deserialized payload, never the gateway's objects.
        payload = json.loads(json.dumps(event))
        log_stream = f"{datetime.now(UTC):%Y/%m/%d}/[$LATEST]{function}"
        with self._environment.applied({**spec.environment, "AWS_LAMBDA_LOG_STREAM_NAME": log_stream}):
            handler = self._handler(spec)
            context = LambdaContext.start(
                spec.name,
                spec.memory_size,
                function_arn(self._region_account, spec.name),
                str(uuid.uuid4()),
                log_stream,
                spec.timeout,
            )
            result = call(handler, payload, context)
        return json.loads(result)

    async def invoke_async(self, function: str, event: Any) -> Any:
        return await asyncio.to_thread(self.invoke, function, event)

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """Invocations run in the caller's thread (a worker thread for `invoke_async`): no loop of its own."""

    def _handler(self, spec: FunctionSpec) -> Handler:
        with self._import_lock:
            handler = self._handlers.get(spec.name)
            if handler is None:
                if str(spec.code_uri) not in sys.path:
                    sys.path.insert(0, str(spec.code_uri))
                handler = self._handlers[spec.name] = import_handler(spec.handler)
            return handler

    def refresh(self, functions: Iterable[str]) -> None:
        """Forgets the functions' handlers and every module loaded from their code, so the next call imports anew."""
        with self._import_lock:
            for name in functions:
                self._handlers.pop(name, None)
                if name in self._specs:
                    _forget_modules_under(self._specs[name].code_uri)

    def update(self, functions: Mapping[str, FunctionSpec]) -> None:
        changed = [name for name, spec in functions.items() if self._specs.get(name) != spec]
        self._specs = dict(functions)
        self.refresh(changed)

    def close(self) -> None:
        """Nothing runs between invocations, so there is nothing to stop."""


def _forget_modules_under(directory: Path) -> None:
    for name, module in list(sys.modules.items()):
        location = getattr(module, "__file__", None)
        if location and Path(location).resolve().is_relative_to(directory):
            del sys.modules[name]
