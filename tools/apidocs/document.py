"""One OpenAPI 3.1 document per API of template.yaml, from the routes the handlers declare.

Every operation lists what the function answers (the route's success and error statuses, with the error schema)
and what API Gateway answers before or after it (the authorizer's 401 and 403, 500 when a Lambda authorizer fails,
502 when a function fails), with API Gateway's own bodies."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from importlib.metadata import version
from typing import Any

from apidocs.readme import ReadmeRequest
from apidocs.schemas import COMPONENTS, HEADERS, PARAMETERS, Schema, referenced
from apidocs.stack import Api, Operation
from samlocal.template.topology import AuthorizerSpec, TokenAuthorizerSpec

Document = dict[str, Any]
JSON = "application/json"

# What an error status of a function means, whatever the route (the route's docstring says the rest).
_ERRORS = {
    400: "Invalid request (every bad field is named in `errors`), or a business rule refuses it.",
    403: "The caller may not do this.",
    404: "Not found (another user's order is not found either).",
    409: "A conflict: the resource exists, or the same request is still in flight.",
    422: "The idempotency key (the caller and orderId) was reused with a different body.",
}
# The claim of the signed-in caller's ID token that a path parameter usually takes; the docs page fills it in.
TOKEN_CLAIMS = {"userid": "sub"}
TOKEN_CLAIM_EXTENSION = "x-token-claim"  # noqa: S105 - the name of an OpenAPI extension, not a secret
_PATH_PARAMETER = re.compile(r"\{([A-Za-z0-9_]+)\}")


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(description: str, *schemas: str) -> Schema:
    schema = _ref(schemas[0]) if len(schemas) == 1 else {"anyOf": [_ref(name) for name in schemas]}
    return {"description": description, "content": {JSON: {"schema": schema}}}


def build_document(api: Api, examples: Sequence[ReadmeRequest], servers: Sequence[Schema]) -> Document:
    paths: dict[str, dict[str, Any]] = {}
    for operation in sorted(api.operations, key=lambda op: (op.route.path, op.route.method)):
        requests = [r for r in examples if r.output == api.output and r.method == operation.route.method]
        paths.setdefault(operation.route.path, {})[operation.route.method.lower()] = _operation(operation, requests)
    schemes = {op.authorizer.name: _security_scheme(op.authorizer) for op in api.operations if op.authorizer}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{api.name} ({api.stage})",
            "version": version("foodorder"),
            "description": (
                f"Generated from template.yaml and the handlers' routes; served at the stack output {api.output}."
            ),
        },
        "servers": list(servers),
        "paths": paths,
        "components": {
            "securitySchemes": schemes,
            "schemas": {name: COMPONENTS[name] for name in sorted(referenced(paths))},
        },
    }


def default_servers(api: Api) -> list[Schema]:
    """The local stack, relative to the page that serves the document (same origin), then a deployed stack."""
    return [
        {"url": api.local_url, "description": "The local stack (make run), same origin as the docs page"},
        {
            "url": api.aws_url,
            "description": f"A deployed stack: its output {api.output} (or run `make docs STACK_NAME=...`)",
            "variables": {
                "restApiId": {"default": "restApiId", "description": f"The first label of {api.output}'s host"},
                "region": {"default": "us-east-1"},
            },
        },
    ]


def _operation(operation: Operation, requests: Iterable[ReadmeRequest]) -> dict[str, Any]:
    route = operation.route
    matching = [(r, values) for r in requests if (values := r.path_values(route.path)) is not None]
    document: dict[str, Any] = {
        "operationId": operation.operation_id,
        # Grouped by resource, the path's first segment (orders, users).
        "tags": [route.path.strip("/").split("/")[0]],
        "summary": route.summary,
    }
    parameters = [_parameter(name, "path", matching) for name in _PATH_PARAMETER.findall(route.path)]
    parameters += [_parameter(name, "query", []) for name in route.query]
    if parameters:
        document["parameters"] = parameters
    if route.body is not None:
        body: dict[str, Any] = {"schema": _ref(route.body)}
        with_body = [r.body for r, _ in matching if r.body is not None]
        if with_body:
            body["example"] = with_body[0]
        document["requestBody"] = {"required": True, "content": {JSON: body}}
    document["responses"] = _responses(operation)
    if operation.authorizer is not None:
        document["security"] = [{operation.authorizer.name: []}]
    return document


def _parameter(name: str, where: str, matching: Sequence[tuple[ReadmeRequest, Mapping[str, str]]]) -> dict[str, Any]:
    parameter: dict[str, Any] = {"name": name, "in": where, "required": where == "path", "schema": PARAMETERS[name]}
    example = next((values[name] for _, values in matching if name in values), None)
    if example is not None:
        parameter["example"] = example
    if name in TOKEN_CLAIMS:
        parameter[TOKEN_CLAIM_EXTENSION] = TOKEN_CLAIMS[name]
    return parameter


def _responses(operation: Operation) -> dict[str, Any]:
    route, authorizer = operation.route, operation.authorizer
    token = isinstance(authorizer, TokenAuthorizerSpec)
    responses: dict[str, Any] = {}
    if route.returns is None:
        responses[str(route.status)] = {"description": "Done; no body."}
    else:
        responses[str(route.status)] = _json(f"The {route.returns}.", route.returns)
    if route.headers:
        responses[str(route.status)]["headers"] = {name: HEADERS[name] for name in route.headers}
    for status in route.errors:
        responses[str(status)] = _json(_ERRORS[status], "Error")
    if authorizer is not None:
        responses["401"] = _json(
            "No token, or one that cannot be verified (API Gateway: Unauthorized).", "GatewayMessage", "Error"
        )
    if token:
        # The TOKEN authorizer's policy reaches only what the caller may: API Gateway denies the rest.
        denied = ("GatewayDenied", "Error") if 403 in route.errors else ("GatewayDenied",)
        responses["403"] = _json("The authorizer's policy denies the call, or the function refuses it.", *denied)
    failures = ("Error", "AuthorizerFailed") if token else ("Error",)
    responses["500"] = _json("An unexpected error (no trace is ever returned).", *failures)
    responses["502"] = _json("The function failed or timed out (API Gateway: Internal server error).", "GatewayMessage")
    return dict(sorted(responses.items()))


def _security_scheme(authorizer: AuthorizerSpec) -> Schema:
    if isinstance(authorizer, TokenAuthorizerSpec):
        checked = "a Lambda TOKEN authorizer verifies it (a `Bearer ` prefix is accepted)"
    else:
        checked = "the Cognito user-pool authorizer verifies it (an access token is refused)"
    return {
        "type": "apiKey",
        "in": "header",
        "name": authorizer.header,
        "description": f"A Cognito ID token (InitiateAuth USER_PASSWORD_AUTH), raw; {checked}.",
    }
