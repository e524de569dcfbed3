"""What every HTTP handler shares: the routes it declares, the error-to-status table, JSON in and out, the
caller's identity, the entry point."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent
from aws_lambda_powertools.utilities.typing import LambdaContext

from foodorder import codec
from foodorder.domain.errors import (
    Conflict,
    DomainError,
    FieldError,
    Forbidden,
    NotFound,
    PayloadMismatch,
    RuleViolation,
    Unauthenticated,
    ValidationFailed,
)
from foodorder.observability import logger, metrics, tracer

LambdaHandler = Callable[[dict[str, Any], LambdaContext], dict[str, Any]]

_STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (ValidationFailed, 400),
    (RuleViolation, 400),
    (Unauthenticated, 401),
    (Forbidden, 403),
    (NotFound, 404),
    (Conflict, 409),
    (PayloadMismatch, 422),
)


def status_for(error: DomainError) -> int:
    return next((status for kind, status in _STATUS if isinstance(error, kind)), 400)


def json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response[str]:
    return Response(status_code=status, content_type="application/json", body=codec.dumps(payload), headers=headers)


def error_response(error: DomainError) -> Response[str]:
    payload: dict[str, Any] = {"message": error.message, "code": error.code}
    if isinstance(error, ValidationFailed):
        payload["errors"] = [{"field": e.field, "message": e.message} for e in error.errors]
    return json_response(status_for(error), payload)


def internal_error(error: Exception) -> Response[str]:
    # The trace goes to the log, never to the client.
    logger.exception("Unhandled error")
    return json_response(500, {"message": "Internal server error", "code": "InternalError"})


@dataclass(frozen=True)
class Route:
    """A route as template.yaml binds it: the API's logical id, the method, and the path in API Gateway's syntax;
    and what its OpenAPI operation says (tools/apidocs): the route function's docstring, the names of the request
    and response bodies' schemas, the success status and the headers it may carry, the error statuses the function
    answers with, and the query parameters it reads. Plain values, so declaring them costs a cold start nothing."""

    api: str
    method: str
    path: str
    summary: str = ""
    body: str | None = None
    returns: str | None = None
    status: int = 200
    headers: tuple[str, ...] = ()
    errors: tuple[int, ...] = ()
    query: tuple[str, ...] = ()


RouteFunction = Callable[[], Response[str]]
# The functions' half of CORS, matching template.yaml's Globals.Api.Cors: API Gateway answers the preflight and adds
# nothing to a proxy response, so each response carries its own Access-Control-Allow-Origin, and exposes the header
# a browser client needs to read.
CORS = CORSConfig(
    allow_origin="*",
    allow_headers=["Authorization", "Content-Type"],
    expose_headers=["Idempotent-Replayed"],
    max_age=600,
)
_PATH_PARAMETER = re.compile(r"\{([A-Za-z0-9_]+)\}")


class HttpFunction:
    """One Lambda function behind API Gateway. Each route it serves is declared once, with `route()`, which both
    lists it in `routes` (what the template must bind to this function) and registers it with the Powertools
    resolver, which answers any other method or path with a 404."""

    def __init__(self, api: str) -> None:
        self.api = api
        self.routes: list[Route] = []
        self.resolver = APIGatewayRestResolver(cors=CORS)
        self.resolver.exception_handler(DomainError)(error_response)
        self.resolver.exception_handler(Exception)(internal_error)
        # A path the function has no route for (the gateway let it through, e.g. /users/{sub}/x) is a 404 in our
        # error shape; without this Powertools' NotFoundError would reach the catch-all above and be a 500.
        self.resolver.not_found(lambda _: error_response(NotFound("No such resource.")))

    def route(
        self,
        method: str,
        path: str,
        *,
        body: str | None = None,
        returns: str | None = None,
        status: int = 200,
        headers: tuple[str, ...] = (),
        errors: tuple[int, ...] = (),
        query: tuple[str, ...] = (),
    ) -> Callable[[RouteFunction], RouteFunction]:
        """Route functions take no arguments: they read path parameters from the event, by the template's names."""
        rule = _PATH_PARAMETER.sub(r"<\1>", path)

        def register(function: RouteFunction) -> RouteFunction:
            summary = " ".join((function.__doc__ or "").split())
            route = Route(self.api, method.upper(), path, summary, body, returns, status, headers, errors, query)
            self.routes.append(route)
            self.resolver.route(rule, method=method.upper())(lambda **_: function())
            return function

        return register

    @property
    def event(self) -> APIGatewayProxyEvent:
        return self.resolver.current_event

    @property
    def context(self) -> LambdaContext:
        return self.resolver.lambda_context

    def handler(self, *, emits_metrics: bool = False) -> LambdaHandler:
        return entrypoint(self.resolver, emits_metrics=emits_metrics)


def json_body(app: HttpFunction) -> Any:
    """The body as JSON whatever the Content-Type says: curl --data-raw sends JSON as form-urlencoded."""
    try:
        # A base64 body that is not UTF-8 fails in decoding, with a ValueError like any other non-JSON body.
        body = app.event.decoded_body
        if not body:
            raise ValidationFailed([FieldError("body", "is required")])
        return codec.loads(body)
    except (ValueError, RecursionError):
        # RecursionError: json gives up on nesting deeper than the interpreter's stack, e.g. "[" * 100000.
        raise ValidationFailed([FieldError("body", "is not valid JSON")]) from None


def caller_sub(app: HttpFunction) -> str:
    """The caller's `sub` from the claims the Cognito user-pool authorizer verified; none means no entry."""
    claims = app.event.request_context.authorizer.claims or {}
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub:
        raise Unauthenticated("Unauthorized")
    return sub


def path_param(app: HttpFunction, name: str) -> str:
    value = (app.event.path_parameters or {}).get(name)
    if not value:
        raise ValidationFailed([FieldError(name, "is required in the path")])
    return value


def query_param(app: HttpFunction, name: str) -> str | None:
    value = app.event.get_query_string_value(name)
    return value if isinstance(value, str) else None


def entrypoint(app: APIGatewayRestResolver, *, emits_metrics: bool = False) -> LambdaHandler:
    """The Lambda handler: JSON logs with the Lambda context and the API Gateway request id as correlation id."""

    def resolve(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        response = app.resolve(event, context)
        # One line per invocation, refusals included, so every request can be found by its correlation id.
        logger.info(
            "Request handled",
            method=event.get("httpMethod"),
            resource=event.get("resource"),
            status=response.get("statusCode"),
        )
        return response

    handler: LambdaHandler = resolve if tracer is None else tracer.capture_lambda_handler(resolve)
    if emits_metrics:
        handler = metrics.log_metrics(handler)
    wrapped: LambdaHandler = logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)(
        handler
    )
    return wrapped
