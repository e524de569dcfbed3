"""Execution environments like Lambda's: a process per environment, warm reuse, several per function.

Each function gets up to `max_environments` processes, so concurrent requests to it run in parallel. An
invocation that outlives the function's Timeout, or a process that dies, costs that one invocation: the process
is killed and discarded, and the next invocation starts a fresh one. Retiring a function (its code or its template
entry changed) stops its idle environments at once and each busy one as soon as its invocation returns."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from samlocal.lambda_runtime.context import function_arn
from samlocal.lambda_runtime.environment import Environment, Undelivered
from samlocal.lambda_runtime.invoker import FunctionError
from samlocal.lambda_runtime.worker import RuntimeSpec
from samlocal.template.functions import FunctionSpec


class FunctionPool:
    """The warm environments of one function."""

    def __init__(self, spec: FunctionSpec, sys_path: Sequence[str], max_environments: int, region_account: str) -> None:
        self.spec = spec
        self._sys_path = (str(spec.code_uri), *sys_path)
        self._arn = function_arn(region_account, spec.name)
        self._slots = threading.BoundedSemaphore(max_environments)
        self._lock = threading.Lock()
        self._idle: list[Environment] = []
        # Every live environment, with the generation of the code it imported.
        self._all: dict[Environment, int] = {}
        self._generation = 0
        self._closed = False

    def invoke(self, event: Any) -> Any:
        with self._slots:
            kind, payload = self._run(event)
        if kind == "error":
            raise FunctionError(payload["errorType"], payload["errorMessage"])
        return json.loads(payload)

    def _run(self, event: Any, *, retries: int = 1) -> tuple[str, Any]:
        environment = self._take()
        try:
            outcome = environment.invoke(event, self.spec.timeout)
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
                self._all.pop(environment, None)
            generation = self._generation
        environment = Environment(self._runtime_spec())
        with self._lock:
            if not self._closed:
                self._all[environment] = generation
                return environment
        environment.kill()  # close() ran while this one started
        raise FunctionError("Runtime.Unavailable", "the gateway is shutting down")

    def _runtime_spec(self) -> RuntimeSpec:
        log_stream = f"{datetime.now(UTC):%Y/%m/%d}/[$LATEST]{uuid.uuid4().hex}"
        return RuntimeSpec(
            name=self.spec.name,
            handler=self.spec.handler,
            environment={**self.spec.environment, "AWS_LAMBDA_LOG_STREAM_NAME": log_stream},
            sys_path=self._sys_path,
            function_arn=self._arn,
            memory_size=self.spec.memory_size,
            log_stream=log_stream,
        )

    def _give_back(self, environment: Environment) -> None:
        with self._lock:
            if not self._closed and self._all.get(environment) == self._generation:
                self._idle.append(environment)
                return
        self._discard(environment)

    def _discard(self, environment: Environment) -> None:
        environment.kill()
        with self._lock:
            self._all.pop(environment, None)

    def retire(self) -> None:
        """Environments started before now serve no further invocation."""
        with self._lock:
            self._generation += 1
            idle, self._idle = self._idle, []
            for environment in idle:
                self._all.pop(environment, None)
        for environment in idle:
            environment.stop()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            busy = set(self._all) - set(idle)
            self._all = {}
        for environment in idle:
            environment.stop()
        for environment in busy:
            environment.kill()


class ProcessInvoker:
    """Every function's pool, whose processes start lazily on first invocation; `close()` stops every process."""

    def __init__(
        self,
        functions: Mapping[str, FunctionSpec],
        *,
        sys_path: Sequence[str] = (),
        max_environments: int = 4,
        region_account: str = "us-east-1:123456789012",
    ) -> None:
        self._sys_path = tuple(sys_path)
        self._max = max_environments
        self._region_account = region_account
        self._lock = threading.Lock()
        self._pools = {name: self._pool(spec) for name, spec in functions.items()}

    def _pool(self, spec: FunctionSpec) -> FunctionPool:
        return FunctionPool(spec, self._sys_path, self._max, self._region_account)

    def invoke(self, function: str, event: Any) -> Any:
        pool = self._pools.get(function)
        if pool is None:
            raise FunctionError("ResourceNotFoundException", f"Function not found: {function}")
        return pool.invoke(event)

    def refresh(self, functions: Iterable[str]) -> None:
        for name in functions:
            if name in self._pools:
                self._pools[name].retire()

    def update(self, functions: Mapping[str, FunctionSpec]) -> None:
        with self._lock:
            old = self._pools
            pools = {name: old[name] if name in old and old[name].spec == spec else self._pool(spec)
                     for name, spec in functions.items()}  # fmt: skip
            # One assignment: a request sees either the old set of pools or the new one.
            self._pools = pools
        for name, pool in old.items():
            if pools.get(name) is not pool:
                pool.retire()

    def close(self) -> None:
        for pool in self._pools.values():
            pool.close()
