"""Events as API Gateway documents them (tests/fixtures/apigw), and handler-level events derived from them.

Tests go through the real gateway; these serve the few that must reach a handler with what no gateway would send
(no authorizer context at all, a path the template does not route) and the parity tests of the gateway's events."""

from __future__ import annotations

import copy
import json
from typing import Any, cast

from aws_lambda_powertools.utilities.typing import LambdaContext as PowertoolsContext

from _support.paths import FIXTURES
from samlocal.lambda_runtime.context import LambdaContext


def fixture(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((FIXTURES / "apigw" / f"{name}.json").read_text())
    return document


def documented_proxy_event() -> dict[str, Any]:
    event: dict[str, Any] = copy.deepcopy(fixture("rest_proxy_event")["event"])
    return event


def documented_token_event() -> dict[str, Any]:
    event: dict[str, Any] = copy.deepcopy(fixture("token_authorizer_event")["event"])
    return event


def proxy_event_for(
    method: str,
    path: str,
    resource: str,
    *,
    path_parameters: dict[str, str] | None = None,
    authorizer: dict[str, Any] | None = None,
    body: str | None = None,
) -> dict[str, Any]:
    """The documented proxy event, re-aimed at one of our routes, with `authorizer` as requestContext.authorizer."""
    event = documented_proxy_event()
    event.update(resource=resource, path=path, httpMethod=method, pathParameters=path_parameters, body=body)
    event["stageVariables"] = None
    event["queryStringParameters"] = event["multiValueQueryStringParameters"] = None
    event["requestContext"].update(resourcePath=resource, httpMethod=method, stage="Prod", authorizer=authorizer)
    return event


def lambda_context(function: str = "TestFunction") -> PowertoolsContext:
    """The context the local runtime's execution environments give a handler, typed as the Powertools class the
    handlers declare (the two agree attribute for attribute; Lambda's own is a third class)."""
    context = LambdaContext.start(
        function, 256, f"arn:aws:lambda:us-east-1:123456789012:function:{function}", "request-1", "stream", 10
    )
    return cast(PowertoolsContext, context)
