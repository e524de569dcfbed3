"""The inside of one execution environment (a spawned process), as Lambda's Python runtime behaves.

The process environment becomes exactly the function's, the handler is imported once (init), then invocations
arrive one at a time over a pipe. Output is tagged with the function name. A handler error is reported back, as
Lambda reports it; `sys.exit` or a crash ends the process, which the gateway sees and replaces."""

from __future__ import annotations

import importlib
import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any


@dataclass(frozen=True)
class RuntimeSpec:
    name: str
    handler: str
    environment: Mapping[str, str]
    sys_path: tuple[str, ...]
    function_arn: str
    memory_size: int
    log_stream: str


@dataclass
class LambdaContext:
    """The attributes of Lambda's Python context object that handlers and Powertools read."""

    function_name: str
    memory_limit_in_mb: int
    invoked_function_arn: str
    aws_request_id: str
    log_group_name: str
    log_stream_name: str
    deadline: float
    function_version: str = "$LATEST"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.deadline - time.monotonic()) * 1000))


Handler = Callable[[Any, LambdaContext], Any]


def serve(connection: Connection, spec: RuntimeSpec) -> None:
    """The process's main loop. The parent sends (request id, event, milliseconds left) or None to stop; each
    invocation is acknowledged ("started") before the handler runs, then answered ("ok" or "error")."""
    os.environ.clear()
    os.environ.update(spec.environment)
    _tag_output(spec.name)
    sys.path[:0] = spec.sys_path
    try:
        handler = _import(spec.handler)
    except Exception as error:  # an import failure is reported to the caller, as Lambda's Runtime.ImportModuleError
        traceback.print_exc()
        connection.send(("init-error", _error(error, "Runtime.ImportModuleError")))
        return
    connection.send(("ready", None))
    while (message := _receive(connection)) is not None:
        request_id, event, remaining_ms = message
        connection.send(("started", None))
        context = LambdaContext(
            function_name=spec.name,
            memory_limit_in_mb=spec.memory_size,
            invoked_function_arn=spec.function_arn,
            aws_request_id=request_id,
            log_group_name=f"/aws/lambda/{spec.name}",
            log_stream_name=spec.log_stream,
            deadline=time.monotonic() + remaining_ms / 1000,
        )
        connection.send(_invoke(handler, event, context))


def _receive(connection: Connection) -> Any:
    try:
        return connection.recv()
    except EOFError:
        return None


def _import(dotted: str) -> Handler:
    module_name, attribute = dotted.rsplit(".", 1)
    handler = getattr(importlib.import_module(module_name), attribute)
    if not callable(handler):
        raise TypeError(f"{dotted} is not callable")
    return handler  # type: ignore[no-any-return]


def _invoke(handler: Handler, event: Any, context: LambdaContext) -> tuple[str, Any]:
    try:
        result = handler(event, context)
        outcome: tuple[str, Any] = ("ok", json.dumps(result))
    except Exception as error:  # the function's error, reported to the caller as Lambda reports it
        traceback.print_exc()
        outcome = ("error", _error(error, type(error).__name__))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return outcome


def _error(error: Exception, error_type: str) -> dict[str, str]:
    return {"errorMessage": str(error), "errorType": error_type}


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
