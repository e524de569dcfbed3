"""Defence in depth: what each function does with what no gateway in front of it would let through. The events are
the one API Gateway documents (tests/fixtures/apigw), aimed at our routes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from _support.events import lambda_context, proxy_event_for
from _support.orders import README_BODY
from foodorder import bootstrap
from foodorder.bootstrap import Container
from foodorder.config import Settings
from foodorder.handlers import users
from foodorder.handlers.orders import create

ALICE = "7d8e2f4a-1b3c-4d5e-8f90-a1b2c3d4e5f6"
BOB = "0f1e2d3c-4b5a-4968-8776-655443322110"


@pytest.fixture(autouse=True)
def memory_storage() -> Iterator[None]:
    bootstrap.use(lambda _: Container(Settings(storage_backend="memory")))
    yield
    bootstrap.use(None)


def user_context(sub: str, *, is_admin: str = "false") -> dict[str, str]:
    """requestContext.authorizer as API Gateway delivers our TOKEN authorizer's output: principalId and the
    context's values, stringified."""
    return {"principalId": sub, "sub": sub, "email": f"{sub}@example.com", "isAdmin": is_admin}


def call_users(method: str, path: str, resource: str, authorizer: Any, body: str | None = None) -> dict[str, Any]:
    userid = path.split("/")[2] if resource == "/users/{userid}" else None
    params = {"userid": userid} if userid else None
    event = proxy_event_for(method, path, resource, path_parameters=params, authorizer=authorizer, body=body)
    result: dict[str, Any] = users.handler(event, lambda_context("UsersFunction"))
    return result


@pytest.mark.parametrize(
    "authorizer",
    [None, {}, {"principalId": ALICE}, {"principalId": BOB, "sub": ALICE, "isAdmin": "true"}],
    ids=["no_authorizer", "empty", "no_sub", "principal_disagrees"],
)
def test_without_a_verified_caller_the_users_function_fails_closed_with_401(authorizer: Any) -> None:
    response = call_users("GET", f"/users/{ALICE}", "/users/{userid}", authorizer)

    assert (response["statusCode"], response["body"]) == (401, '{"message":"Unauthorized","code":"Unauthenticated"}')


@pytest.mark.parametrize(("method", "body"), [("GET", None), ("PUT", '{"name": "Mallory"}'), ("DELETE", None)])
def test_a_non_admin_on_another_users_path_is_403_even_past_the_gateway(method: str, body: str | None) -> None:
    response = call_users(method, f"/users/{BOB}", "/users/{userid}", user_context(ALICE), body)

    assert response["statusCode"] == 403
    assert '"code":"Forbidden"' in response["body"]


def test_only_the_string_true_makes_an_admin_as_api_gateway_stringifies_context_values() -> None:
    response = call_users("GET", "/users", "/users", user_context(ALICE, is_admin="True"))

    assert response["statusCode"] == 403


@pytest.mark.parametrize(("method", "path", "resource"), [("PUT", f"/users/{BOB}", "/users/{userid}"),
                                                          ("POST", "/users", "/users")])  # fmt: skip
def test_a_caller_without_the_right_is_403_before_the_body_is_read(method: str, path: str, resource: str) -> None:
    response = call_users(method, path, resource, user_context(ALICE), "name=not-even-json")

    assert (response["statusCode"], '"code":"Forbidden"' in response["body"]) == (403, True)


def test_a_path_the_users_function_has_no_route_for_is_404_in_our_error_shape_not_500() -> None:
    # The authorizer's policy allows /users/{sub}/*, so a resource added later under it could reach the function.
    response = call_users("GET", f"/users/{ALICE}/extra", "/users/{userid}", user_context(ALICE))

    assert (response["statusCode"], response["body"]) == (404, '{"message":"No such resource.","code":"NotFound"}')


def test_an_orders_function_without_verified_claims_fails_closed_with_401() -> None:
    event = proxy_event_for("POST", "/orders", "/orders", authorizer=None, body=README_BODY)

    response = create.handler(event, lambda_context("CreateOrderFunction"))

    assert (response["statusCode"], response["body"]) == (401, '{"message":"Unauthorized","code":"Unauthenticated"}')


def test_an_orders_function_answers_404_for_a_method_it_does_not_declare() -> None:
    # One route convention: a function registers only the route it declares, so a template binding it elsewhere
    # is caught (tests/template) and, if deployed anyway, answered 404, never served by the wrong code.
    claims = {"claims": {"sub": ALICE, "token_use": "id"}}
    event = proxy_event_for("DELETE", "/orders", "/orders", authorizer=claims, body=README_BODY)

    response = create.handler(event, lambda_context("CreateOrderFunction"))

    assert response["statusCode"] == 404
