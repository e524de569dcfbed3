"""Calls the real Users function with the REST proxy event API Gateway builds behind the TOKEN authorizer."""

from __future__ import annotations

from typing import Any

from foodorder.handlers.users import handler
from support import lambda_context, rest_event


def call_users(
    method: str,
    path: str,
    caller: dict[str, Any] | None,
    body: Any = None,
    *,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One request through the function, with the resource and path parameters API Gateway would set."""
    userid = path.removeprefix("/users").removeprefix("/") or None
    event = rest_event(
        method,
        path,
        "/users/{userid}" if userid else "/users",
        body=body,
        authorizer=caller,
        path_parameters={"userid": userid} if userid else None,
        query=query,
        headers=headers,
    )
    result: dict[str, Any] = handler(event, lambda_context())
    return result
