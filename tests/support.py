"""Test support shared by every suite: Lambda context, API Gateway REST proxy events, a settable clock, and
DynamoDB tables created from template.yaml's own key schemas."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from aws_lambda_powertools.utilities.typing import LambdaContext

from foodorder.local.template import load_template

FIXED_NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@dataclass
class FakeLambdaContext:
    """The attributes Powertools reads from Lambda's context object."""

    function_name: str = "test-function"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:test-function"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    remaining_millis: int = 10_000

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_millis


def lambda_context(**overrides: Any) -> LambdaContext:
    """A FakeLambdaContext typed as the LambdaContext the handlers declare."""
    return cast(LambdaContext, FakeLambdaContext(**overrides))


@dataclass
class MutableClock:
    now: datetime = FIXED_NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def rest_event(
    method: str,
    path: str,
    resource: str,
    *,
    body: Any = None,
    claims: dict[str, str] | None = None,
    authorizer: dict[str, Any] | None = None,
    path_parameters: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An API Gateway REST (v1) proxy event. `claims` puts Cognito claims where the user-pool authorizer
    delivers them; `authorizer` sets requestContext.authorizer whole (a Lambda authorizer's principal/context)."""
    raw_body = body if body is None or isinstance(body, str) else json.dumps(body)
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    request_id = str(uuid.uuid4())
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": all_headers,
        "multiValueHeaders": {name: [value] for name, value in all_headers.items()},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": path_parameters,
        "stageVariables": None,
        "body": raw_body,
        "isBase64Encoded": False,
        "requestContext": {
            "resourcePath": resource,
            "httpMethod": method,
            "path": f"/Prod{path}",
            "stage": "Prod",
            "requestId": request_id,
            "identity": {"sourceIp": "127.0.0.1"},
            "authorizer": authorizer if authorizer is not None else ({"claims": claims} if claims else None),
        },
    }


def template_tables() -> dict[str, dict[str, Any]]:
    """Every AWS::DynamoDB::Table in template.yaml by logical id."""
    resources = load_template()["Resources"]
    return {name: r["Properties"] for name, r in resources.items() if r["Type"] == "AWS::DynamoDB::Table"}


def create_template_tables(client: Any) -> dict[str, str]:
    """Creates the template's tables (named by logical id) with the template's key schemas."""
    for name, props in template_tables().items():
        client.create_table(
            TableName=name,
            KeySchema=props["KeySchema"],
            AttributeDefinitions=props["AttributeDefinitions"],
            BillingMode=props["BillingMode"],
        )
    return {name: name for name in template_tables()}


def template_function_globals() -> dict[str, str]:
    variables: dict[str, str] = load_template()["Globals"]["Function"]["Environment"]["Variables"]
    return dict(variables)


def response_json(response: dict[str, Any]) -> Any:
    return json.loads(response["body"]) if response.get("body") else None


def response_header(response: dict[str, Any], name: str) -> str | None:
    """A header of a Lambda proxy response, whether it came back in `headers` or `multiValueHeaders`."""
    for key, value in (response.get("headers") or {}).items():
        if key.lower() == name.lower():
            return str(value)
    for key, values in (response.get("multiValueHeaders") or {}).items():
        if key.lower() == name.lower():
            return ",".join(values)
    return None


def lambda_authorizer_context(sub: str, *, admin: bool = False, email: str = "") -> dict[str, Any]:
    """requestContext.authorizer as API Gateway delivers a Lambda authorizer's output: the principalId beside
    the context's values, which API Gateway turns into strings."""
    return {"principalId": sub, "sub": sub, "email": email, "isAdmin": "true" if admin else "false"}
