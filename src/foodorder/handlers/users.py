"""The Users API: one function for every route, behind the TOKEN authorizer.

Each route authorizes first, then reads the request, then runs its use case. The gateway already enforced the
authorizer's policy; the function checks the caller again (defence in depth) from the context the authorizer
returned, which API Gateway delivers in requestContext.authorizer."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.metrics import MetricUnit

from foodorder import bootstrap
from foodorder.domain.errors import Unauthenticated
from foodorder.domain.pagination import encode_token, parse_page_request
from foodorder.domain.users import USERID_PATTERN, Caller, check_userid, parse_user_draft
from foodorder.handlers._http import HttpFunction, json_body, json_response, path_param, query_param
from foodorder.observability import logger, metrics
from foodorder.services.users import create_user, delete_user, get_user, list_users, put_user

app = HttpFunction("UsersApi")


def caller() -> Caller:
    """The verified caller; without an authorizer context nothing was verified, so fail closed (401)."""
    context = app.event.request_context.authorizer
    sub = context.get("sub")
    if not isinstance(sub, str) or not sub or context.get("principalId", sub) != sub:
        raise Unauthenticated("Unauthorized")
    # API Gateway stringifies context values: the authorizer's boolean arrives as "true" or "false".
    return Caller(sub=sub, is_admin=context.get("isAdmin") == "true")


def allowed_userid() -> str:
    """The path's userid once the caller may reach it (their own, or any for an admin), then checked as an id."""
    userid = path_param(app, "userid")
    caller().require_access(userid)
    return check_userid(userid)


@app.route("GET", "/users", returns="UserPage", errors=(400, 403), query=("limit", "nextToken"))
def list_all() -> Response[str]:
    """Lists every profile, a page at a time (administrators only)."""
    caller().require_admin()
    request = parse_page_request(query_param(app, "limit"), query_param(app, "nextToken"), USERID_PATTERN)
    page = list_users(bootstrap.container().users, request)
    body: dict[str, Any] = {"users": [user.to_document() for user in page.items]}
    if page.last_key is not None:
        body["nextToken"] = encode_token(page.last_key)
    return json_response(200, body)


@app.route("POST", "/users", body="UserDraft", returns="User", errors=(400, 403, 409))
def create() -> Response[str]:
    """Creates a profile, with a generated userid when the body has none (administrators only)."""
    caller().require_admin()
    draft = parse_user_draft(json_body(app))
    container = bootstrap.container()
    user = create_user(container.users, container.clock, draft)
    logger.info("User created", userid=user.userid)
    metrics.add_metric(name="UserCreated", unit=MetricUnit.Count, value=1)
    return json_response(200, user.to_document())


@app.route("GET", "/users/{userid}", returns="User", errors=(400, 403, 404))
def get_one() -> Response[str]:
    """Reads a profile: the caller's own, or any for an administrator."""
    userid = allowed_userid()
    return json_response(200, get_user(bootstrap.container().users, userid).to_document())


@app.route("PUT", "/users/{userid}", body="UserDraft", returns="User", errors=(400, 403))
def put() -> Response[str]:
    """Creates or replaces a profile: this is how a user registers theirs (userid = their sub)."""
    userid = allowed_userid()
    draft = parse_user_draft(json_body(app), path_userid=userid)
    container = bootstrap.container()
    result = put_user(container.users, container.clock, userid, draft)
    if result.created:
        logger.info("User created", userid=userid)
        metrics.add_metric(name="UserCreated", unit=MetricUnit.Count, value=1)
    return json_response(200, result.user.to_document())


@app.route("DELETE", "/users/{userid}", status=204, errors=(400, 403, 404))
def delete() -> Response[str]:
    """Deletes a profile."""
    userid = allowed_userid()
    delete_user(bootstrap.container().users, userid)
    logger.info("User deleted", userid=userid)
    metrics.add_metric(name="UserDeleted", unit=MetricUnit.Count, value=1)
    return Response(status_code=204, body="")


handler = app.handler(emits_metrics=True)
