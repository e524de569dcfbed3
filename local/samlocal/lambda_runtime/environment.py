"""One execution environment: a process forked from the fork server (zygote.py), running the Lambda runtime loop
of worker.py, spoken to from the gateway's event loop over a socket (wire.py)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from multiprocessing.context import ForkServerContext
from typing import Any

import orjson

from samlocal.lambda_runtime.invoker import FunctionError
from samlocal.lambda_runtime.wire import FATAL, READY, Closed, FrameReader, frame
from samlocal.lambda_runtime.worker import ParentStderr, RuntimeSpec, serve

# Lambda gives init (imports, cold start) its own limit, separate from the function's Timeout.
_INIT_TIMEOUT = 30.0
_STOP_GRACE = 2.0


class Undelivered(Exception):
    """The environment had died while idle, so the invocation never reached it: it is safe to run elsewhere."""


class Environment:
    def __init__(self, process: Any, transport: asyncio.Transport, reader: FrameReader) -> None:
        self._process = process
        self._transport = transport
        self._reader = reader

    @classmethod
    async def start(cls, spec: RuntimeSpec, context: ForkServerContext) -> Environment:
        """Forks the environment and waits for its init (the handler's import); FunctionError as Lambda reports
        a failed init."""
        loop = asyncio.get_running_loop()
        parent, child = context.Pipe()
        process = context.Process(
            target=serve, args=(child, spec, ParentStderr()), name=f"lambda-{spec.name}", daemon=True
        )
        # Starting asks the fork server over a socket and waits for the new pid: a blocking exchange.
        await loop.run_in_executor(None, process.start)
        child.close()
        sock = socket.socket(fileno=os.dup(parent.fileno()))
        parent.close()
        transport, reader = await loop.connect_accepted_socket(FrameReader, sock)
        environment = cls(process, transport, reader)
        try:
            async with asyncio.timeout(_INIT_TIMEOUT):
                message = await reader.next_frame()
        except TimeoutError:
            environment.kill()
            raise FunctionError("Runtime.InitTimeout", f"Init timed out after {_INIT_TIMEOUT:.2f} seconds") from None
        except Closed:
            environment.kill()
            raise FunctionError("Runtime.ExitError", "Runtime exited during init") from None
        if message[:1] != READY:
            environment.kill()
            error = orjson.loads(message[1:])
            raise FunctionError(error["errorType"], error["errorMessage"])
        return environment

    async def invoke(self, request: bytes, timeout: float) -> tuple[bytes, bytes]:
        """The answer's kind (wire.OK or wire.ERROR) and payload. Undelivered when the process had already died
        while idle; FunctionError when it outlives `timeout` or dies running the invocation."""
        if not self.alive:
            raise Undelivered
        self._transport.write(frame(request))
        try:
            async with asyncio.timeout(timeout):
                message = await self._reader.next_frame()
        except TimeoutError:
            raise FunctionError("Sandbox.Timedout", f"Task timed out after {timeout:.2f} seconds") from None
        except Closed:
            raise FunctionError("Runtime.ExitError", f"Runtime exited (process {self._process.pid})") from None
        if message[:1] == FATAL:
            error = orjson.loads(message[1:])
            raise FunctionError(error["errorType"], error["errorMessage"])
        return message[:1], message[1:]

    @property
    def alive(self) -> bool:
        # The process too: one that died while idle may not have had its end of the socket read yet.
        return not self._reader.closed and bool(self._process.is_alive())

    def stop(self) -> asyncio.Future[None]:
        """Asks the idle process to end (an empty frame), and makes sure it does; the future is done once it has."""
        if not self._reader.closed:
            self._transport.write(frame(b""))
        self._transport.close()
        return self._reap(_STOP_GRACE)

    def kill(self) -> asyncio.Future[None]:
        with contextlib.suppress(ProcessLookupError, ValueError):
            self._process.kill()
        self._transport.close()
        return self._reap(0)

    def kill_blocking(self) -> None:
        """For when the event loop is gone (the stack stopping after it): ends the process from this thread."""
        with contextlib.suppress(ProcessLookupError, ValueError):
            self._process.kill()
            self._process.join()

    def _reap(self, grace: float) -> asyncio.Future[None]:
        """Collects the process's exit off the event loop: joining it blocks."""

        def join() -> None:
            self._process.join(grace)
            if self._process.exitcode is None:
                self._process.kill()
                self._process.join()

        return asyncio.get_running_loop().run_in_executor(None, join)
