"""The inside of one execution environment (a process forked from the fork server), as Lambda's Python runtime
behaves.

The process environment becomes exactly the function's, its memory is capped at the function's MemorySize, the
handler is imported once (init), then invocations arrive one at a time over a socket, as frames of JSON (wire.py).
Output is tagged with the function name. A handler error is reported back, as Lambda reports it; `sys.exit`, a
crash or running out of memory ends the process, which the gateway sees and replaces."""

from __future__ import annotations

import io
import json
import os
import resource
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing import reduction
from multiprocessing.connection import Connection
from typing import Any, TextIO

import orjson

from samlocal.lambda_runtime.context import LambdaContext
from samlocal.lambda_runtime.handler import call, import_handler
from samlocal.lambda_runtime.invoker import FunctionError
from samlocal.lambda_runtime.wire import ERROR, FATAL, INIT_ERROR, OK, READY

_MIB = 1024 * 1024


@dataclass(frozen=True)
class RuntimeSpec:
    name: str
    handler: str
    environment: Mapping[str, str]
    sys_path: tuple[str, ...]
    function_arn: str
    memory_size: int
    log_stream: str


class ParentStderr:
    """The starting process's stderr, handed to the environment as it starts: the fork server's own is wherever
    the stack's stderr was when the fork server started, which is not where it is now under a test's capture.
    Reduced to a file descriptor the environment receives as a number."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (_received_fd, (reduction.DupFd(2),))


def _received_fd(handle: Any) -> int:
    return int(handle.detach())


def serve(connection: Connection, spec: RuntimeSpec, stderr: int) -> None:
    """The process's main loop. The parent sends [request id, milliseconds left, event] or an empty frame to stop;
    each invocation is answered with OK and the result's JSON, or ERROR and Lambda's error object."""
    os.environ.clear()
    os.environ.update(spec.environment)
    _cap_memory(spec.memory_size)
    os.dup2(stderr, 1)
    os.dup2(stderr, 2)
    os.close(stderr)
    # Both to the stack's stderr, in the order written, as one CloudWatch stream holds both on Lambda.
    sys.stdout = _Tagged(sys.stderr, spec.name)
    sys.stderr = _Tagged(sys.stderr, spec.name)
    sys.path[:0] = spec.sys_path
    try:
        handler = import_handler(spec.handler)
    except FunctionError as error:
        connection.send_bytes(INIT_ERROR + _error(error))
        return
    connection.send_bytes(READY)
    while message := _receive(connection):
        # json, not orjson: an integer past 64 bits stays an integer, as Lambda's runtime reads it.
        request_id, remaining_ms, event = json.loads(message)
        context = LambdaContext.start(
            spec.name, spec.memory_size, spec.function_arn, request_id, spec.log_stream, remaining_ms / 1000
        )
        try:
            answer = OK + call(handler, event, context).encode()
        except FunctionError as error:
            answer = ERROR + _error(error)
        except MemoryError:
            # Lambda stops an environment that ran out of memory; the next invocation gets a fresh one.
            connection.send_bytes(FATAL + _error(FunctionError("Runtime.OutOfMemory", "Runtime exited: out of memory")))
            os._exit(1)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        connection.send_bytes(answer)


def _receive(connection: Connection) -> bytes:
    try:
        return connection.recv_bytes()
    except EOFError:  # the gateway went away: so does this environment
        return b""


def _error(error: FunctionError) -> bytes:
    return orjson.dumps({"errorMessage": error.message, "errorType": error.error_type})


def _cap_memory(memory_size: int) -> None:
    """The function's MemorySize as the limit of the process's data segment (heap and anonymous mappings), so that
    allocating past it is a MemoryError, as exceeding it in Lambda is Runtime.OutOfMemory."""
    limit = memory_size * _MIB
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


class _Tagged(io.TextIOBase):
    """Writes every line to `target` prefixed with the function name, as `sam local` tags a function's output.
    In Python rather than on the file descriptor, so no thread and no pipe stand between a log line and the
    terminal (output a C extension writes to the descriptor itself is not tagged)."""

    def __init__(self, target: TextIO, name: str) -> None:
        self._target = target
        self._prefix = f"[{name}] "
        self._at_line_start = True

    def write(self, text: str) -> int:
        out: list[str] = []
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            if last and not piece:
                break
            if self._at_line_start:
                out.append(self._prefix)
            out.append(piece if last else piece + "\n")
            self._at_line_start = not last
        self._target.write("".join(out))
        return len(text)

    def flush(self) -> None:
        self._target.flush()

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._target.fileno()

    def isatty(self) -> bool:
        return False
