"""The inside of one execution environment (a spawned process), as Lambda's Python runtime behaves.

The process environment becomes exactly the function's, the handler is imported once (init), then invocations
arrive one at a time over a pipe. Output is tagged with the function name. A handler error is reported back, as
Lambda reports it; `sys.exit` or a crash ends the process, which the gateway sees and replaces."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from samlocal.lambda_runtime.context import LambdaContext
from samlocal.lambda_runtime.handler import call, import_handler
from samlocal.lambda_runtime.invoker import FunctionError


@dataclass(frozen=True)
class RuntimeSpec:
    name: str
    handler: str
    environment: Mapping[str, str]
    sys_path: tuple[str, ...]
    function_arn: str
    memory_size: int
    log_stream: str


def serve(connection: Connection, spec: RuntimeSpec) -> None:
    """The process's main loop. The parent sends (request id, event, milliseconds left) or None to stop; each
    invocation is acknowledged ("started") before the handler runs, then answered ("ok" or "error")."""
    os.environ.clear()
    os.environ.update(spec.environment)
    _tag_output(spec.name)
    sys.path[:0] = spec.sys_path
    try:
        handler = import_handler(spec.handler)
    except FunctionError as error:
        connection.send(("init-error", _error(error)))
        return
    connection.send(("ready", None))
    while (message := _receive(connection)) is not None:
        request_id, event, remaining_ms = message
        connection.send(("started", None))
        context = LambdaContext.start(
            spec.name, spec.memory_size, spec.function_arn, request_id, spec.log_stream, remaining_ms / 1000
        )
        try:
            outcome: tuple[str, Any] = ("ok", call(handler, event, context))
        except FunctionError as error:
            outcome = ("error", _error(error))
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        connection.send(outcome)


def _receive(connection: Connection) -> Any:
    try:
        return connection.recv()
    except EOFError:
        return None


def _error(error: FunctionError) -> dict[str, str]:
    return {"errorMessage": error.message, "errorType": error.error_type}


def _tag_output(name: str) -> None:
    """Everything written to stdout and stderr (print, logging, C extensions) leaves prefixed with the function."""
    read_end, write_end = os.pipe()
    destination = os.dup(2)
    os.dup2(write_end, 1)
    os.dup2(write_end, 2)
    os.close(write_end)
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    prefix = f"[{name}] ".encode()

    def pump() -> None:
        with os.fdopen(read_end, "rb") as source, os.fdopen(destination, "wb", buffering=0) as target:
            for line in source:
                target.write(prefix + line)

    threading.Thread(target=pump, name="log-tagger", daemon=True).start()
