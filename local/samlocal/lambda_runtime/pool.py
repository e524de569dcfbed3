"""The warm execution environments of one function, forked from a fork server that has already imported the
functions' dependencies (zygote.py), so that a cold start costs the function's own imports only.

An invocation that outlives the function's Timeout, or a process that dies, costs that one invocation: the process
is killed and discarded, and the next invocation starts a fresh one. Retiring the function (its code or its
template entry changed) stops its idle environments at once and each busy one as soon as its invocation returns.
A pool is touched only from its invoker's event loop."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import multiprocessing.forkserver
import os
import uuid
from collections import deque
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from multiprocessing.context import ForkServerContext
from typing import Any

import orjson

from samlocal.lambda_runtime.context import function_arn
from samlocal.lambda_runtime.environment import Environment, Undelivered
from samlocal.lambda_runtime.invoker import FunctionError
from samlocal.lambda_runtime.preload import PRELOAD_VARIABLE, imported_modules
from samlocal.lambda_runtime.wire import ERROR
from samlocal.lambda_runtime.worker import RuntimeSpec
from samlocal.template.functions import FunctionSpec


def fork_server(functions: Iterable[FunctionSpec]) -> ForkServerContext:
    """multiprocessing's fork server, told to load what the functions import before it forks. It serves this
    process from its first start on, so only the first call's preload takes effect."""
    context = multiprocessing.get_context("forkserver")
    specs = list(functions)
    modules = imported_modules(spec.code_uri for spec in specs)
    # Read by zygote.py in the fork server, which inherits this process's environment when it starts.
    os.environ[PRELOAD_VARIABLE] = ",".join(["samlocal.lambda_runtime.worker", *modules])
    context.set_forkserver_preload(["samlocal.lambda_runtime.zygote"])
    # Started now, so that it has imported everything by the first invocation, which then only forks.
    multiprocessing.forkserver.ensure_running()
    return context


class FunctionPool:
    """The warm environments of one function. Touched only from the invoker's event loop."""

    def __init__(
        self,
        spec: FunctionSpec,
        context: ForkServerContext,
        sys_path: Sequence[str],
        capacity: int,
        region_account: str,
    ) -> None:
        self.spec = spec
        self._context = context
        self._sys_path = (str(spec.code_uri), *sys_path)
        self._arn = function_arn(region_account, spec.name)
        self._capacity = capacity
        self._idle: list[Environment] = []
        # Every environment started or starting, with the generation of the code it imported.
        self._generations: dict[Environment, int] = {}
        self._starting = 0
        self._waiting: deque[asyncio.Future[None]] = deque()
        self._generation = 0
        self._closed = False

    async def invoke(self, event: Any) -> Any:
        message = [str(uuid.uuid4()), self.spec.timeout * 1000, event]
        try:
            request = orjson.dumps(message)
        except TypeError:  # an integer past 64 bits, which orjson refuses to write
            request = json.dumps(message).encode()
        kind, payload = await self._run(request)
        if kind == ERROR:
            error = orjson.loads(payload)
            raise FunctionError(error["errorType"], error["errorMessage"])
        # Read by json, as the handler's result was written: orjson would turn an integer past 64 bits into a
        # float, and refuses the NaN json.dumps writes.
        return json.loads(payload)

    async def _run(self, request: bytes, *, retries: int = 1) -> tuple[bytes, bytes]:
        environment = await self._take()
        try:
            outcome = await environment.invoke(request, self.spec.timeout)
        except Undelivered:
            self._discard(environment)
            if retries:
                return await self._run(request, retries=retries - 1)
            raise FunctionError("Runtime.ExitError", "no execution environment stayed up") from None
        except BaseException:  # a timeout, a crash, or the caller gone: this environment is in an unknown state
            self._discard(environment)
            raise
        self._give_back(environment)
        return outcome

    async def _take(self) -> Environment:
        while True:
            if self._closed:
                raise FunctionError("Runtime.Unavailable", "the gateway is shutting down")
            while self._idle:
                environment = self._idle.pop()
                if environment.alive:
                    return environment
                self._discard(environment)  # died while idle: reap it and use another
            if len(self._generations) + self._starting < self._capacity:
                return await self._start()
            waiter = asyncio.get_running_loop().create_future()
            self._waiting.append(waiter)
            await waiter

    async def _start(self) -> Environment:
        generation = self._generation
        self._starting += 1
        try:
            environment = await Environment.start(self._runtime_spec(), self._context)
        finally:
            self._starting -= 1
            self._wake_one()
        if self._closed:
            environment.kill()
            raise FunctionError("Runtime.Unavailable", "the gateway is shutting down")
        self._generations[environment] = generation
        return environment

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
        if self._closed or self._generations.get(environment) != self._generation:
            self._discard(environment)
            return
        self._idle.append(environment)
        self._wake_one()

    def _discard(self, environment: Environment) -> None:
        environment.kill()
        self._generations.pop(environment, None)
        self._wake_one()

    def _wake_one(self) -> None:
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

    def retire(self) -> None:
        """Environments started before now serve no further invocation."""
        self._generation += 1
        idle, self._idle = self._idle, []
        for environment in idle:
            self._generations.pop(environment, None)
            environment.stop()

    def close(self) -> list[asyncio.Future[None]]:
        """Stops every environment; the futures are done once each process has ended."""
        self._closed = True
        ended = [environment.stop() if environment in self._idle else environment.kill()
                 for environment in self._generations]  # fmt: skip
        self._idle, self._generations = [], {}
        for waiter in self._waiting:
            if not waiter.done():
                waiter.set_result(None)
        return ended

    def kill_blocking(self) -> None:
        for environment in self._generations:
            environment.kill_blocking()
        self._idle, self._generations = [], {}
