"""Importing a handler and calling it as Lambda's Python runtime does, whatever process it runs in."""

from __future__ import annotations

import importlib
import json
import traceback
from collections.abc import Callable
from typing import Any

from samlocal.lambda_runtime.context import LambdaContext
from samlocal.lambda_runtime.invoker import FunctionError

Handler = Callable[[Any, LambdaContext], Any]


def import_handler(dotted: str) -> Handler:
    """`package.module.function`; FunctionError Runtime.ImportModuleError when it cannot be imported, as Lambda says."""
    module_name, _, attribute = dotted.rpartition(".")
    try:
        handler = getattr(importlib.import_module(module_name), attribute)
    except Exception as error:  # any import failure is the function's init error, never the runtime's
        traceback.print_exc()
        raise FunctionError("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {error}") from None
    if not callable(handler):
        raise FunctionError("Runtime.HandlerNotFound", f"{dotted} is not callable")
    return handler  # type: ignore[no-any-return]


def call(handler: Handler, event: Any, context: LambdaContext) -> str:
    """The result as the JSON Lambda returns; FunctionError with the error's type when the handler raises."""
    try:
        result = handler(event, context)
    except MemoryError:
        raise  # the environment itself is spent: its runtime ends it, as Lambda ends one out of memory
    except Exception as error:  # the function's error, reported to the caller as Lambda reports it
        traceback.print_exc()
        raise FunctionError(type(error).__name__, str(error)) from None
    try:
        return json.dumps(result)
    except (TypeError, ValueError) as error:
        raise FunctionError("Runtime.MarshalError", f"Unable to marshal response: {error}") from None
