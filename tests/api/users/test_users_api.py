"""SPEC §1 through the real gateway: the Lambda TOKEN authorizer (invoked, its policy evaluated and cached, its
context delivered), the real Users function, a real SQLite file."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from _support.clock import FIXED_STAMP, MutableClock
from _support.gateway import Answer, LocalApi

ALICE = "7d8e2f4a-1b3c-4d5e-8f90-a1b2c3d4e5f6"
BOB = "0f1e2d3c-4b5a-4968-8776-655443322110"
ADMIN = "a0000000-0000-4000-8000-000000000001"
NOT_AUTHORIZED = b'{"Message":"User is not authorized to access this resource"}'


class Users:
    """Calls to the Users API with one caller's ID token."""

    def __init__(self, api: LocalApi, sub: str, *, admin: bool = False) -> None:
        self.api = api
        self.token = api.id_token(sub, admin=admin)

    def __call__(self, method: str, path: str, body: str | None = None, query: str = "") -> Answer:
        return self.api.call("UsersApi", method, path, token=self.token, body=body, query=query)


@pytest.fixture
def alice(api: LocalApi) -> Users:
    return Users(api, ALICE)


@pytest.fixture
def bob(api: LocalApi) -> Users:
    return Users(api, BOB)


@pytest.fixture
def admin(api: LocalApi) -> Users:
    return Users(api, ADMIN, admin=True)


def test_put_registers_the_callers_own_profile_and_get_reads_it_back(alice: Users) -> None:
    stored = {"userid": ALICE, "name": "My name is hogehoge", "timestamp": FIXED_STAMP}

    put = alice("PUT", f"/users/{ALICE}", '{"name": "My name is hogehoge"}')

    assert (put.status, put.json()) == (200, stored)
    got = alice("GET", f"/users/{ALICE}")
    assert (got.status, got.json()) == (200, stored)


def test_put_replaces_the_whole_profile_and_restamps_it(alice: Users, clock: MutableClock) -> None:
    alice("PUT", f"/users/{ALICE}", '{"name": "Old", "email": "old@example.com"}')
    clock.advance(timedelta(minutes=5))

    response = alice("PUT", f"/users/{ALICE}", f'{{"name": "New", "userid": "{ALICE}"}}')

    assert (response.status, response.json()) == (
        200,
        {"userid": ALICE, "name": "New", "timestamp": "2026-01-02T03:09:05Z"},
    )
    assert alice("GET", f"/users/{ALICE}").json() == response.json()


def test_a_missing_user_is_404_where_the_workshop_answered_200_with_an_empty_object(alice: Users) -> None:
    response = alice("GET", f"/users/{ALICE}")

    assert (response.status, response.json()) == (
        404,
        {"message": f"User {ALICE} was not found.", "code": "UserNotFound"},
    )


def test_an_admin_creates_a_user_with_a_generated_userid(admin: Users) -> None:
    response = admin("POST", "/users", '{"name": "Hoge", "email": "hoge@example.com"}')

    body: dict[str, Any] = response.json()
    assert response.status == 200
    assert uuid.UUID(body.pop("userid")).version == 4
    assert body == {"name": "Hoge", "email": "hoge@example.com", "timestamp": FIXED_STAMP}


def test_an_admin_creates_a_user_with_the_userid_the_body_names(admin: Users, bob: Users) -> None:
    response = admin("POST", "/users", f'{{"userid": "{BOB}", "name": "Bob"}}')

    assert (response.status, response.json()) == (200, {"userid": BOB, "name": "Bob", "timestamp": FIXED_STAMP})
    assert bob("GET", f"/users/{BOB}").json() == response.json()


def test_posting_a_userid_that_exists_is_409_and_keeps_the_profile(admin: Users) -> None:
    admin("POST", "/users", f'{{"userid": "{BOB}", "name": "Bob"}}')

    response = admin("POST", "/users", f'{{"userid": "{BOB}", "name": "Impostor"}}')

    assert (response.status, response.json()["code"]) == (409, "UserAlreadyExists")
    assert admin("GET", f"/users/{BOB}").json()["name"] == "Bob"


def test_delete_is_204_with_an_empty_body_and_the_user_is_gone(alice: Users) -> None:
    alice("PUT", f"/users/{ALICE}", '{"name": "Alice"}')

    response = alice("DELETE", f"/users/{ALICE}")

    assert (response.status, response.body) == (204, b"")
    assert alice("GET", f"/users/{ALICE}").status == 404


def test_deleting_a_missing_user_is_404(alice: Users) -> None:
    assert alice("DELETE", f"/users/{ALICE}").status == 404


@pytest.mark.parametrize(("method", "body"), [("GET", None), ("PUT", '{"name": "Mallory"}'), ("DELETE", None)])
def test_another_users_profile_is_refused_by_the_authorizers_policy_with_api_gateways_403(
    alice: Users, bob: Users, method: str, body: str | None
) -> None:
    bob("PUT", f"/users/{BOB}", '{"name": "Bob"}')

    response = alice(method, f"/users/{BOB}", body)

    assert (response.status, response.body) == (403, NOT_AUTHORIZED)
    assert bob("GET", f"/users/{BOB}").json()["name"] == "Bob"


@pytest.mark.parametrize(("method", "path"), [("GET", "/users"), ("POST", "/users")])
def test_the_admin_routes_are_refused_to_a_non_admin_with_api_gateways_403(
    alice: Users, method: str, path: str
) -> None:
    response = alice(method, path, '{"name": "x"}')

    assert (response.status, response.body) == (403, NOT_AUTHORIZED)


def test_an_admin_reads_replaces_and_deletes_any_profile(admin: Users, bob: Users) -> None:
    bob("PUT", f"/users/{BOB}", '{"name": "Bob"}')

    assert admin("GET", f"/users/{BOB}").json()["name"] == "Bob"
    assert admin("PUT", f"/users/{BOB}", '{"name": "Robert"}').json()["name"] == "Robert"
    assert admin("DELETE", f"/users/{BOB}").status == 204


def test_the_users_api_without_a_token_is_401_and_the_authorizer_is_not_invoked(api: LocalApi) -> None:
    response = api.call("UsersApi", "GET", f"/users/{ALICE}")

    assert (response.status, response.body) == (401, b'{"message":"Unauthorized"}')


def test_an_access_token_is_refused_by_the_token_authorizer_with_401(api: LocalApi) -> None:
    response = api.call("UsersApi", "GET", f"/users/{ALICE}", token=api.access_token(ALICE))

    assert (response.status, response.body) == (401, b'{"message":"Unauthorized"}')


def test_a_bearer_prefix_is_accepted(api: LocalApi) -> None:
    token = "Bearer " + api.id_token(ALICE)

    response = api.call("UsersApi", "PUT", f"/users/{ALICE}", token=token, body='{"name": "Alice"}')

    assert response.status == 200
