"""The Users API: one function for every route, behind the TOKEN authorizer.

The gateway already enforces the authorizer's policy; the function checks the caller again (defence in depth)
from the context the authorizer returned, which API Gateway delivers in requestContext.authorizer."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.metrics import MetricUnit

from foodorder import bootstrap
from foodorder.domain.errors import Unauthenticated
from foodorder.domain.pagination import encode_token
from foodorder.domain.users import Caller
from foodorder.handlers._http import entrypoint, json_body, json_response, make_app, query_param
from foodorder.observability import logger, metrics
from foodorder.services.users import create_user, delete_user, get_user, list_users, put_user

app = make_app()


def current_caller() -> Caller:
    """The verified caller; without an authorizer context nothing was verified, so fail closed (401)."""
    context = app.current_event.request_context.authorizer
    sub = context.get("sub")
    if not isinstance(sub, str) or not sub or context.get("principalId", sub) != sub:
        raise Unauthenticated("Unauthorized")
    # API Gateway stringifies context values: the authorizer's boolean arrives as "true" or "false".
    return Caller(sub=sub, is_admin=context.get("isAdmin") == "true")


@app.get("/users")
def list_all() -> Response[str]:
    page = list_users(
        bootstrap.container().users, current_caller(), query_param(app, "limit"), query_param(app, "nextToken")
    )
    body: dict[str, Any] = {"users": [user.to_document() for user in page.items]}
    if page.last_key is not None:
        body["nextToken"] = encode_token(page.last_key)
    return json_response(200, body)


@app.post("/users")
def create() -> Response[str]:
    container = bootstrap.container()
    user = create_user(container.users, container.clock, current_caller(), lambda: json_body(app))
    logger.info("User created", userid=user.userid)
    metrics.add_metric(name="UserCreated", unit=MetricUnit.Count, value=1)
    return json_response(200, user.to_document())


@app.get("/users/<userid>")
def get_one(userid: str) -> Response[str]:
    return json_response(200, get_user(bootstrap.container().users, current_caller(), userid).to_document())


@app.put("/users/<userid>")
def put(userid: str) -> Response[str]:
    container = bootstrap.container()
    result = put_user(container.users, container.clock, current_caller(), userid, lambda: json_body(app))
    if result.created:
        logger.info("User created", userid=userid)
        metrics.add_metric(name="UserCreated", unit=MetricUnit.Count, value=1)
    return json_response(200, result.user.to_document())


@app.delete("/users/<userid>")
def delete(userid: str) -> Response[str]:
    delete_user(bootstrap.container().users, current_caller(), userid)
    logger.info("User deleted", userid=userid)
    metrics.add_metric(name="UserDeleted", unit=MetricUnit.Count, value=1)
    return Response(status_code=204, body="")


handler = entrypoint(app, emits_metrics=True)
