"""Execution environments like Lambda's: a process per environment, warm reuse, several per function.

Each function gets up to `max_environments` processes, so concurrent requests to it run in parallel. An
invocation that outlives the function's Timeout, or a process that dies, costs that one invocation: the process
is killed and discarded, and the next invocation starts a fresh one."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from foodorder.local.environment import Environment, FunctionError, Undelivered
from foodorder.local.functions import FunctionSpec
from foodorder.local.runtime import RuntimeSpec


class FunctionPool:
    """The warm environments of one function."""

    def __init__(self, spec: FunctionSpec, sys_path: Sequence[str], max_environments: int, region_account: str) -> None:
        self._spec = spec
        self._sys_path = (str(spec.code_uri), *sys_path)
        self._arn = f"arn:aws:lambda:{region_account}:function:{spec.name}"
        self._slots = threading.BoundedSemaphore(max_environments)
        self._lock = threading.Lock()
        self._idle: list[Environment] = []
        self._all: set[Environment] = set()
        self._closed = False

    def invoke(self, event: Any) -> Any:
        """The function's JSON result, or FunctionError for what Lambda would report as a failed invocation."""
        with self._slots:
            kind, payload = self._run(event)
        if kind == "error":
            raise FunctionError(payload["errorType"], payload["errorMessage"])
        return json.loads(payload)

    def _run(self, event: Any, *, retries: int = 1) -> tuple[str, Any]:
        environment = self._take()
        try:
            outcome = environment.invoke(event, self._spec.timeout)
        except Undelivered:
            self._discard(environment)
            if retries:
                return self._run(event, retries=retries - 1)
            raise FunctionError("Runtime.ExitError", "no execution environment stayed up") from None
        except FunctionError:
            self._discard(environment)
            raise
        self._give_back(environment)
        return outcome

    def _take(self) -> Environment:
        with self._lock:
            if self._closed:
                raise FunctionError("Runtime.Unavailable", "the gateway is shutting down")
            while self._idle:
                environment = self._idle.pop()
                if environment.alive:
                    return environment
                environment.kill()  # died while idle: reap it and start a fresh one instead
                self._all.discard(environment)
        environment = Environment(self._runtime_spec())
        with self._lock:
            if not self._closed:
                self._all.add(environment)
                return environment
        environment.kill()  # close() ran while this one started
        raise FunctionError("Runtime.Unavailable", "the gateway is shutting down")

    def _runtime_spec(self) -> RuntimeSpec:
        started = datetime.now(UTC).strftime("%Y/%m/%d")
        return RuntimeSpec(
            name=self._spec.name,
            handler=self._spec.handler,
            environment={**self._spec.environment, "AWS_LAMBDA_LOG_STREAM_NAME": self._log_stream(started)},
            sys_path=self._sys_path,
            function_arn=self._arn,
            memory_size=self._spec.memory_size,
            log_stream=self._log_stream(started),
        )

    def _log_stream(self, started: str) -> str:
        return f"{started}/[$LATEST]{uuid.uuid4().hex}"

    def _give_back(self, environment: Environment) -> None:
        with self._lock:
            if not self._closed:
                self._idle.append(environment)
                return
        self._discard(environment)

    def _discard(self, environment: Environment) -> None:
        environment.kill()
        with self._lock:
            self._all.discard(environment)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            busy = self._all - set(idle)
            self._all = set()
        for environment in idle:
            environment.stop()
        for environment in busy:
            environment.kill()


class Environments:
    """Every function's pool, started lazily on first invocation; `close()` stops every process."""

    def __init__(
        self,
        functions: Mapping[str, FunctionSpec],
        *,
        sys_path: Sequence[str] = (),
        max_environments: int = 4,
        region_account: str = "us-east-1:123456789012",
    ) -> None:
        self._pools = {
            name: FunctionPool(spec, sys_path, max_environments, region_account) for name, spec in functions.items()
        }

    def invoke(self, function: str, event: Any) -> Any:
        return self._pools[function].invoke(event)

    def close(self) -> None:
        for pool in self._pools.values():
            pool.close()
