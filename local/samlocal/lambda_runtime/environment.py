"""One execution environment: a spawned process running the Lambda runtime loop of worker.py."""

from __future__ import annotations

import contextlib
import multiprocessing
import time
import uuid
from typing import Any

from samlocal.lambda_runtime.invoker import FunctionError
from samlocal.lambda_runtime.worker import RuntimeSpec, serve

_CONTEXT = multiprocessing.get_context("spawn")
# Lambda gives init (imports, cold start) its own limit, separate from the function's Timeout.
_INIT_TIMEOUT = 30.0
_STOP_GRACE = 2.0


class Undelivered(Exception):
    """The environment died while idle, so the invocation never started in it."""


class _Gone(Exception):
    """The environment's process ended (exit, crash, kill)."""


class Environment:
    def __init__(self, spec: RuntimeSpec) -> None:
        self._connection, child = _CONTEXT.Pipe()
        self._process = _CONTEXT.Process(target=serve, args=(child, spec), name=f"lambda-{spec.name}", daemon=True)
        self._process.start()
        child.close()
        try:
            kind, error = self._receive(_INIT_TIMEOUT, "Runtime.InitTimeout")
        except _Gone:
            self.kill()
            raise self._exit_error() from None
        except FunctionError:
            self.kill()
            raise
        if kind != "ready":
            self.kill()
            raise FunctionError(error["errorType"], error["errorMessage"])

    def invoke(self, event: Any, timeout: int) -> tuple[str, Any]:
        """The runtime acknowledges an invocation before running it, so a process that died while idle is told
        apart (Undelivered: safe to run elsewhere) from one that died running it (Runtime.ExitError)."""
        deadline = time.monotonic() + timeout
        try:
            self._connection.send((str(uuid.uuid4()), event, timeout * 1000))
            self._receive(timeout, "Sandbox.Timedout")
        except (OSError, _Gone):
            raise Undelivered from None
        try:
            return self._receive(max(0.0, deadline - time.monotonic()), "Sandbox.Timedout")
        except _Gone:
            raise self._exit_error() from None

    def _receive(self, timeout: float, timeout_type: str) -> tuple[str, Any]:
        try:
            if not self._connection.poll(timeout):
                raise FunctionError(timeout_type, f"Task timed out after {timeout:.2f} seconds")
            kind, payload = self._connection.recv()
        except (EOFError, OSError):
            raise _Gone from None
        return str(kind), payload

    def _exit_error(self) -> FunctionError:
        self._process.join(_STOP_GRACE)
        return FunctionError("Runtime.ExitError", f"exited with code {self._process.exitcode}")

    @property
    def alive(self) -> bool:
        return self._process.is_alive()

    def stop(self) -> None:
        with contextlib.suppress(OSError):  # already gone: nothing to ask
            self._connection.send(None)
        self._process.join(_STOP_GRACE)
        self.kill()

    def kill(self) -> None:
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._connection.close()
