"""Where an invocation's time goes inside the execution environment: GetOrderFunction's handler called in this
process as the local runtime calls it, then peeled layer by layer.

- the whole invocation: the event read from its JSON frame, the Lambda context, Powertools' Logger (context
  injection, correlation id, the per-request "Request handled" line), the resolver and the route, the result's JSON;
- the same without the per-request log line (the Logger's level raised above INFO for the measurement);
- Powertools' resolver alone (resolve(), as the handler calls it);
- the route function alone: the domain, SQLite and the JSON body.

Each figure is the median of several rounds of many calls, in microseconds. The event has the shape and size of
the one the local gateway builds (a Cognito ID token of the usual length in Authorization, its claims as strings).

Run: `make bench`, or `.venv/bin/python benchmarks/handler_layers.py`."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

from harness import median_micros, silenced_stdout
from samlocal.lambda_runtime.context import LambdaContext
from samlocal.lambda_runtime.handler import call
from scenario import add_orders

USER = "0a1b2c3d-4e5f-6789-abcd-ef0123456789"
ORDER_ID = "bulk-00000"
CALLS, ROUNDS = 2000, 5
FUNCTION = "GetOrderFunction"


def _event() -> dict[str, Any]:
    token = "eyJ" + "x" * 1050  # never verified here: the gateway's authorizer did that
    claims = {"sub": USER, "token_use": "id", "email": "alice@example.com", "cognito:username": USER,
              "exp": "Sun Dec 06 03:13:21 UTC 2026", "iat": "Sun Dec 06 02:13:21 UTC 2026"}  # fmt: skip
    headers = {"host": "127.0.0.1:3000", "user-agent": "wrk", "Authorization": token}
    return {
        "resource": "/orders/{orderId}",
        "path": f"/orders/{ORDER_ID}",
        "httpMethod": "GET",
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": {"orderId": ORDER_ID},
        "stageVariables": None,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "OrdersApi",
            "authorizer": {"claims": claims},
            "httpMethod": "GET",
            "path": f"/Prod/orders/{ORDER_ID}",
            "protocol": "HTTP/1.1",
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "resourcePath": "/orders/{orderId}",
            "stage": "Prod",
        },
        "body": None,
        "isBase64Encoded": False,
    }


def _micros(action: Callable[[], Any]) -> float:
    return median_micros(action, CALLS, ROUNDS)


def _use_function_environment(state_dir: Path) -> None:
    """The variables template.yaml and the local env-vars file give GetOrderFunction, set before its modules load."""
    os.environ.update(
        {
            "STORAGE_BACKEND": "sqlite",
            "SQLITE_PATH": str(state_dir / "foodorder.db"),
            "POWERTOOLS_SERVICE_NAME": "orders",
            "POWERTOOLS_METRICS_NAMESPACE": "FoodOrder",
            "POWERTOOLS_LOG_LEVEL": "INFO",
            "AWS_LAMBDA_FUNCTION_NAME": FUNCTION,
        }
    )


def measure() -> dict[str, float]:
    """In a process of its own: the function's variables, its modules and Powertools' state are the process's, as
    they are an execution environment's, and would leak into whatever ran next in this one."""
    output = subprocess.run(
        [sys.executable, __file__, "--json"], check=True, capture_output=True, text=True, cwd=Path(__file__).parent
    ).stdout
    figures: dict[str, float] = json.loads(output)
    return figures


def _measure_here() -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="foodorder-layers-") as tmp, silenced_stdout():
        _use_function_environment(Path(tmp))
        add_orders(Path(tmp), USER, 1)
        module = importlib.import_module("foodorder.handlers.orders.get")
        from foodorder.observability import logger

        event = _event()
        frame = json.dumps(["request-id", 10_000, event])
        arn = f"arn:aws:lambda:us-east-1:123456789012:function:{FUNCTION}"

        def context() -> LambdaContext:
            return LambdaContext.start(FUNCTION, 256, arn, "request-id", "stream", 10.0)

        def invocation() -> str:
            _, _, received = json.loads(frame)
            return call(module.handler, received, context())

        def route_alone() -> Any:
            # What resolve() sets before it calls the route.
            module.app.resolver.current_event = APIGatewayProxyEvent(event)
            return module.get_one()

        if json.loads(invocation())["statusCode"] != 200:
            raise RuntimeError("GetOrderFunction did not find the order it was given")
        figures = {"whole invocation": _micros(invocation)}
        logger.setLevel("WARNING")
        figures["without the per-request log line"] = _micros(invocation)
        logger.setLevel("INFO")
        figures["Powertools resolver and route"] = _micros(lambda: module.app.resolver.resolve(event, context()))
        figures["route function alone"] = _micros(route_alone)
        return figures


if __name__ == "__main__":
    measured = _measure_here()
    if sys.argv[1:] == ["--json"]:
        print(json.dumps(measured))
    else:
        for layer, micros in measured.items():
            print(f"{layer:40} {micros:6.0f} us")
