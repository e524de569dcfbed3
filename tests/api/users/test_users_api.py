"""SPEC §1 through the real Users function, as API Gateway invokes it behind the TOKEN authorizer, on SQLite and on
DynamoDB (moto). The caller arrives as API Gateway delivers a Lambda authorizer's output: principalId and the
context's values, stringified, in requestContext.authorizer."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from api.users.users_client import call_users
from foodorder.handlers.users import handler
from support import MutableClock, lambda_authorizer_context, lambda_context, response_json, rest_event

ALICE = "7d8e2f4a-1b3c-4d5e-8f90-a1b2c3d4e5f6"
BOB = "0f1e2d3c-4b5a-4968-8776-655443322110"
ADMIN = "a0000000-0000-4000-8000-000000000001"
STAMP = "2026-01-02T03:04:05Z"

pytestmark = pytest.mark.usefixtures("container")


def as_user(sub: str) -> dict[str, Any]:
    return lambda_authorizer_context(sub, email=f"{sub}@example.com")


def as_admin() -> dict[str, Any]:
    return lambda_authorizer_context(ADMIN, admin=True, email="admin@example.com")


def call(method: str, path: str, caller: dict[str, Any] | None, body: Any = None, **kwargs: Any) -> dict[str, Any]:
    return call_users(method, path, caller, body, **kwargs)


def status_and_body(response: dict[str, Any]) -> tuple[int, Any]:
    return response["statusCode"], response_json(response)


def test_put_registers_the_callers_own_profile_and_get_reads_it_back() -> None:
    stored = {"userid": ALICE, "name": "My name is hogehoge", "timestamp": STAMP}

    assert status_and_body(call("PUT", f"/users/{ALICE}", as_user(ALICE), {"name": "My name is hogehoge"})) == (
        200,
        stored,
    )
    assert status_and_body(call("GET", f"/users/{ALICE}", as_user(ALICE))) == (200, stored)


def test_put_replaces_the_whole_profile_and_restamps_it(clock: MutableClock) -> None:
    call("PUT", f"/users/{ALICE}", as_user(ALICE), {"name": "Old", "email": "old@example.com"})
    clock.advance(timedelta(minutes=5))

    status, body = status_and_body(call("PUT", f"/users/{ALICE}", as_user(ALICE), {"name": "New", "userid": ALICE}))

    assert (status, body) == (200, {"userid": ALICE, "name": "New", "timestamp": "2026-01-02T03:09:05Z"})
    assert response_json(call("GET", f"/users/{ALICE}", as_user(ALICE))) == body


def test_a_missing_user_is_404_where_the_workshop_answered_200_with_an_empty_object() -> None:
    assert status_and_body(call("GET", f"/users/{ALICE}", as_user(ALICE))) == (
        404,
        {"message": f"User {ALICE} was not found.", "code": "UserNotFound"},
    )


def test_an_admin_creates_a_user_with_a_generated_userid() -> None:
    status, body = status_and_body(call("POST", "/users", as_admin(), {"name": "Hoge", "email": "hoge@example.com"}))

    assert status == 200
    assert uuid.UUID(body.pop("userid")).version == 4
    assert body == {"name": "Hoge", "email": "hoge@example.com", "timestamp": STAMP}


def test_an_admin_creates_a_user_with_the_userid_the_body_names() -> None:
    status, body = status_and_body(call("POST", "/users", as_admin(), {"userid": BOB, "name": "Bob"}))

    assert (status, body) == (200, {"userid": BOB, "name": "Bob", "timestamp": STAMP})
    assert response_json(call("GET", f"/users/{BOB}", as_user(BOB))) == body


def test_posting_a_userid_that_exists_is_409_and_keeps_the_profile() -> None:
    call("POST", "/users", as_admin(), {"userid": BOB, "name": "Bob"})

    status, body = status_and_body(call("POST", "/users", as_admin(), {"userid": BOB, "name": "Impostor"}))

    assert (status, body["code"]) == (409, "UserAlreadyExists")
    assert response_json(call("GET", f"/users/{BOB}", as_admin()))["name"] == "Bob"


def test_delete_is_204_with_an_empty_body_and_the_user_is_gone() -> None:
    call("PUT", f"/users/{ALICE}", as_user(ALICE), {"name": "Alice"})

    response = call("DELETE", f"/users/{ALICE}", as_user(ALICE))

    assert (response["statusCode"], response.get("body") or "") == (204, "")
    assert call("GET", f"/users/{ALICE}", as_user(ALICE))["statusCode"] == 404


def test_deleting_a_missing_user_is_404() -> None:
    assert status_and_body(call("DELETE", f"/users/{ALICE}", as_user(ALICE)))[0] == 404


@pytest.mark.parametrize(("method", "body"), [("GET", None), ("PUT", {"name": "Mallory"}), ("DELETE", None)])
def test_a_non_admin_on_another_users_path_is_403_even_past_the_gateway(method: str, body: Any) -> None:
    call("PUT", f"/users/{BOB}", as_user(BOB), {"name": "Bob"})

    status, payload = status_and_body(call(method, f"/users/{BOB}", as_user(ALICE), body))

    assert (status, payload["code"]) == (403, "Forbidden")
    assert response_json(call("GET", f"/users/{BOB}", as_user(BOB)))["name"] == "Bob"


@pytest.mark.parametrize(("method", "path"), [("GET", "/users"), ("POST", "/users")])
def test_a_non_admin_on_the_admin_routes_is_403(method: str, path: str) -> None:
    assert status_and_body(call(method, path, as_user(ALICE), {"name": "x"}))[0] == 403


def test_an_admin_reads_replaces_and_deletes_any_profile() -> None:
    call("PUT", f"/users/{BOB}", as_user(BOB), {"name": "Bob"})

    assert response_json(call("GET", f"/users/{BOB}", as_admin()))["name"] == "Bob"
    assert response_json(call("PUT", f"/users/{BOB}", as_admin(), {"name": "Robert"}))["name"] == "Robert"
    assert call("DELETE", f"/users/{BOB}", as_admin())["statusCode"] == 204


@pytest.mark.parametrize(
    "authorizer",
    [None, {}, {"principalId": ALICE}, {"principalId": BOB, "sub": ALICE, "isAdmin": "true"}],
    ids=["no_authorizer", "empty", "no_sub", "principal_disagrees"],
)
def test_without_a_verified_caller_the_function_fails_closed_with_401(authorizer: dict[str, Any] | None) -> None:
    assert status_and_body(call("GET", f"/users/{ALICE}", authorizer)) == (
        401,
        {"message": "Unauthorized", "code": "Unauthenticated"},
    )


def test_only_the_string_true_makes_an_admin_as_api_gateway_stringifies_context_values() -> None:
    context = {**lambda_authorizer_context(ALICE), "isAdmin": "True"}

    assert call("GET", "/users", context)["statusCode"] == 403


@pytest.mark.parametrize(("method", "path"), [("PUT", f"/users/{BOB}"), ("POST", "/users")])
def test_a_caller_without_the_right_is_403_before_the_body_is_read(method: str, path: str) -> None:
    status, payload = status_and_body(call(method, path, as_user(ALICE), "name=not-even-json"))
    assert (status, payload["code"]) == (403, "Forbidden")


def test_a_path_the_function_has_no_route_for_is_404_in_our_error_shape_not_500() -> None:
    # The gateway's policy allows /users/{sub}/*, so such a path can reach the function.
    event = rest_event("GET", f"/users/{ALICE}/extra", "/users/{userid}", authorizer=as_user(ALICE))
    status, payload = status_and_body(handler(event, lambda_context()))
    assert (status, payload) == (404, {"message": "No such resource.", "code": "NotFound"})
