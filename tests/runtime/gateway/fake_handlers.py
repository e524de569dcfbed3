"""Small Lambda handlers for the gateway's tests, imported by the execution environments (never by the tests).

The gateway's test template names them as `fake_handlers.<function>`, with this directory as CodeUri."""

from __future__ import annotations

import ctypes
import json
import os
import sys
import time
from pathlib import Path
from typing import Any


def echo(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Returns the event it received and what it saw of its context and environment."""
    seen = {
        "event": event,
        "context": {
            "function_name": context.function_name,
            "memory_limit_in_mb": context.memory_limit_in_mb,
            "invoked_function_arn": context.invoked_function_arn,
            "aws_request_id": context.aws_request_id,
            "remaining_positive": context.get_remaining_time_in_millis() > 0,
        },
        "environment": dict(os.environ),
        "pid": os.getpid(),
    }
    print(f"echo handled {event['path']}")
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(seen)}


def _malformed(kind: str) -> Any:
    return {
        "string": "not a response",
        "status-as-string": {"statusCode": "200", "body": "{}"},
        "body-as-object": {"statusCode": 200, "body": {"a": 1}},
        "unknown-key": {"statusCode": 200, "body": "{}", "message": "extra"},
        "not-json": {"statusCode": 200, "body": object()},
    }[kind]


def behave(event: dict[str, Any], context: Any) -> Any:
    """Misbehaves as the path asks: raise, exit, crash, hang, run out of memory, or answer something that is not a
    proxy response; `pid` answers with the environment's process id."""
    kind = event["pathParameters"]["kind"]
    if kind == "raise":
        raise RuntimeError("the handler failed")
    if kind == "exit":
        sys.exit(1)
    if kind == "hard-exit":
        os._exit(3)
    if kind == "segfault":
        ctypes.string_at(0)
    if kind == "hang":
        time.sleep(60)
    if kind == "oom":
        # Twice the function's MemorySize, written to so that every page is really taken.
        hog = bytearray(2 * context.memory_limit_in_mb * 1024 * 1024)
        hog[::4096] = b"x" * len(hog[::4096])
    if kind == "pid":
        return {"statusCode": 200, "body": str(os.getpid())}
    if kind == "ok":
        return {
            "statusCode": 201,
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
            "headers": {"X-Single": "one"},
            "body": "created",
        }
    if kind == "binary":
        return {"statusCode": 200, "headers": {"Content-Type": "image/png"}, "body": "AAEC", "isBase64Encoded": True}
    return _malformed(kind)


def meet(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Waits (bounded) until another invocation of this function is running at the same time."""
    markers = Path(os.environ["MEETING_DIR"])
    (markers / event["pathParameters"]["who"]).write_text(str(os.getpid()))
    deadline = time.monotonic() + 20
    while len(list(markers.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    met = len(list(markers.iterdir())) >= 2
    return {"statusCode": 200, "body": json.dumps({"met": met, "pid": os.getpid()})}


def authorize(event: dict[str, Any], context: Any) -> Any:
    """A TOKEN authorizer whose answer the token chooses; it counts its invocations in a file."""
    with Path(os.environ["AUTHORIZER_CALLS"]).open("a") as calls:
        calls.write(event["authorizationToken"] + "\n")
    token, arn = event["authorizationToken"], event["methodArn"]
    base, stage = arn.split("/")[:2]
    if token == "unauthorized":
        raise Exception("Unauthorized")
    if token == "broken":
        raise ValueError("the authorizer itself failed")
    if token == "no-policy":
        return {"principalId": "user-1"}
    context_values: dict[str, Any] = {"email": "a@example.com", "isAdmin": True, "level": 3, "methodArn": arn}
    if token == "nested-context":
        context_values["nested"] = {"a": 1}
    statements = [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": f"{base}/{stage}/GET/secure/*"}]
    if token == "deny":
        statements.append({"Action": "execute-api:*", "Effect": "Deny", "Resource": f"{base}/*/GET/secure/denied"})
    if token == "elsewhere":
        statements = [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": f"{base}/{stage}/GET/other"}]
    return {
        "principalId": "user-1",
        "policyDocument": {"Version": "2012-10-17", "Statement": statements},
        "context": context_values,
    }
