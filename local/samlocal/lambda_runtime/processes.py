"""Execution environments like Lambda's: a process per environment, warm reuse, several per function.

Each function gets up to `max_environments` processes (MAX_ENVIRONMENTS unless told otherwise; pool.py), so
concurrent requests to it run in parallel.

All of it runs on one asyncio event loop: the served stack's (`bind`), or, for callers in other threads (tests,
tools), a loop of the invoker's own in a background thread."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from samlocal.lambda_runtime.invoker import FunctionError
from samlocal.lambda_runtime.pool import FunctionPool, fork_server
from samlocal.template.functions import FunctionSpec

T = TypeVar("T")
MAX_ENVIRONMENTS = 4


class ProcessInvoker:
    def __init__(
        self,
        functions: Mapping[str, FunctionSpec],
        *,
        sys_path: Sequence[str] = (),
        max_environments: int = MAX_ENVIRONMENTS,
        region_account: str = "us-east-1:123456789012",
    ) -> None:
        self._context = fork_server(functions.values())
        self._sys_path = tuple(sys_path)
        self._max = max_environments
        self._region_account = region_account
        self._pools = {name: self._pool(spec) for name, spec in functions.items()}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._own_loop: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = False

    def _pool(self, spec: FunctionSpec) -> FunctionPool:
        return FunctionPool(spec, self._context, self._sys_path, self._max, self._region_account)

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """Runs the environments on `loop` (the served stack's), unless they already run on a loop: a loop bound
        earlier, or the invoker's own, started by a blocking call; calls from `loop` are then relayed there."""
        with self._lock:
            if self._loop is None:
                self._loop = loop

    async def invoke_async(self, function: str, event: Any) -> Any:
        loop = self._thread_loop()
        if asyncio.get_running_loop() is loop:
            return await self._invoke_here(function, event)
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self._invoke_here(function, event), loop))

    def invoke(self, function: str, event: Any) -> Any:
        return self._on_loop(lambda: self._invoke_here(function, event))

    async def _invoke_here(self, function: str, event: Any) -> Any:
        pool = self._pools.get(function)
        if pool is None:
            raise FunctionError("ResourceNotFoundException", f"Function not found: {function}")
        return await pool.invoke(event)

    def refresh(self, functions: Iterable[str]) -> None:
        names = list(functions)

        async def retire() -> None:
            for name in names:
                if name in self._pools:
                    self._pools[name].retire()

        self._on_loop(retire)

    def update(self, functions: Mapping[str, FunctionSpec]) -> None:
        async def apply() -> None:
            old = self._pools
            self._pools = {name: old[name] if name in old and old[name].spec == spec else self._pool(spec)
                           for name, spec in functions.items()}  # fmt: skip
            for name, pool in old.items():
                if self._pools.get(name) is not pool:
                    pool.retire()

        self._on_loop(apply)

    def close(self) -> None:
        """Stops every execution environment and waits until their processes have ended. From any thread but the
        invoker's loop; when that loop has already stopped (the served stack after uvicorn), from this thread."""

        async def close_all() -> None:
            await asyncio.gather(*(ended for pool in self._pools.values() for ended in pool.close()))

        with self._lock:
            if self._closed:
                return
            self._closed = True
            loop = self._loop
        if loop is not None and loop.is_running():
            self._on_loop(close_all)
        else:
            for pool in self._pools.values():
                pool.kill_blocking()
        if self._own_loop is not None and loop is not None:
            loop.call_soon_threadsafe(loop.stop)
            self._own_loop.join()
            self._own_loop = None

    def _on_loop(self, coroutine: Callable[[], Coroutine[Any, Any, T]]) -> T:
        """Runs `coroutine` on the invoker's loop from another thread, starting a loop of its own if none is bound."""
        loop = self._thread_loop()
        if loop.is_running() and _running_loop() is loop:
            raise RuntimeError("a blocking invocation from the invoker's own event loop would deadlock it")
        return asyncio.run_coroutine_threadsafe(coroutine(), loop).result()

    def _thread_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                self._own_loop = threading.Thread(target=loop.run_forever, name="invoker-loop", daemon=True)
                self._own_loop.start()
                self._loop = loop
            return self._loop


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
