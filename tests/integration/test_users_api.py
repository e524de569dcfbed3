"""The Users API (SPEC §1) through real HTTP with real ID tokens: the five routes, and who may reach them."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from integration.identity_support import Person

pytestmark = pytest.mark.integration

# API Gateway's own body when a Lambda authorizer's policy does not allow the method (SPEC §3).
NOT_AUTHORIZED = b'{"Message":"User is not authorized to access this resource"}'


def all_users(users_api: httpx.Client, admin: Person) -> list[dict[str, Any]]:
    """Every page of GET /users, following nextToken."""
    users: list[dict[str, Any]] = []
    params: dict[str, str] = {"limit": "100"}
    while True:
        response = users_api.get("/users", params=params, headers=admin.auth)
        assert response.status_code == 200, response.text
        page = response.json()
        users.extend(page["users"])
        if "nextToken" not in page:
            return users
        params["nextToken"] = page["nextToken"]


def test_a_user_registers_their_profile_with_put_and_reads_it_back(users_api: httpx.Client, alice: Person) -> None:
    put = users_api.put(f"/users/{alice.sub}", json={"name": "Alice Liddell"}, headers=alice.auth)
    got = users_api.get(f"/users/{alice.sub}", headers=alice.auth)

    assert put.status_code == 200, put.text
    assert put.json()["userid"] == alice.sub
    assert put.json()["name"] == "Alice Liddell"
    assert got.status_code == 200, got.text
    assert got.json() == put.json()


def test_an_admin_lists_every_user_with_get_users(users_api: httpx.Client, admin: Person, bob: Person) -> None:
    users_api.put(f"/users/{bob.sub}", json={"name": "Bob"}, headers=bob.auth).raise_for_status()

    listed = {user["userid"]: user for user in all_users(users_api, admin)}

    assert listed[bob.sub]["name"] == "Bob"


def test_an_admin_creates_a_user_with_post_users_and_the_userid_is_generated(
    users_api: httpx.Client, admin: Person
) -> None:
    created = users_api.post("/users", json={"name": "Created By Admin"}, headers=admin.auth)

    assert created.status_code == 200, created.text
    userid = created.json()["userid"]
    assert userid
    assert users_api.get(f"/users/{userid}", headers=admin.auth).json() == created.json()
    assert users_api.delete(f"/users/{userid}", headers=admin.auth).status_code == 204


def test_a_user_deletes_their_own_profile_with_204_and_it_is_gone(users_api: httpx.Client, alice: Person) -> None:
    users_api.put(f"/users/{alice.sub}", json={"name": "Leaving"}, headers=alice.auth).raise_for_status()

    deleted = users_api.delete(f"/users/{alice.sub}", headers=alice.auth)
    got = users_api.get(f"/users/{alice.sub}", headers=alice.auth)

    assert deleted.status_code == 204
    assert deleted.content == b""
    assert got.status_code == 404
    assert got.json()["code"] == "UserNotFound"


def test_a_missing_user_is_404_with_a_stable_code(users_api: httpx.Client, admin: Person) -> None:
    missing = str(uuid.uuid4())

    got = users_api.get(f"/users/{missing}", headers=admin.auth)
    deleted = users_api.delete(f"/users/{missing}", headers=admin.auth)

    assert (got.status_code, got.json()["code"]) == (404, "UserNotFound")
    assert (deleted.status_code, deleted.json()["code"]) == (404, "UserNotFound")


@pytest.mark.parametrize(("method", "body"), [("GET", None), ("POST", {"name": "Not Allowed"})])
def test_a_regular_user_on_the_admin_routes_gets_api_gateways_403(
    users_api: httpx.Client, alice: Person, method: str, body: dict[str, str] | None
) -> None:
    response = users_api.request(method, "/users", json=body, headers=alice.auth)

    assert response.status_code == 403
    assert response.content == NOT_AUTHORIZED


@pytest.mark.parametrize(("method", "body"), [("GET", None), ("PUT", {"name": "Hijacked"}), ("DELETE", None)])
def test_a_regular_user_on_another_users_profile_gets_api_gateways_403(
    users_api: httpx.Client, alice: Person, bob: Person, method: str, body: dict[str, str] | None
) -> None:
    response = users_api.request(method, f"/users/{bob.sub}", json=body, headers=alice.auth)

    assert response.status_code == 403
    assert response.content == NOT_AUTHORIZED


def test_the_readmes_json_under_curls_form_content_type_is_accepted(users_api: httpx.Client, bob: Person) -> None:
    # `curl --data-raw '{"name": ...}'` sends application/x-www-form-urlencoded; the body is JSON all the same.
    headers = {**bob.auth, "Content-Type": "application/x-www-form-urlencoded"}

    response = users_api.put(f"/users/{bob.sub}", content='{"name": "My name is hogehoge"}', headers=headers)

    assert response.status_code == 200, response.text
    assert response.json()["name"] == "My name is hogehoge"


def test_a_really_form_encoded_body_is_400_naming_the_body(users_api: httpx.Client, bob: Person) -> None:
    response = users_api.put(f"/users/{bob.sub}", data={"name": "Bob"}, headers=bob.auth)

    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "body", "message": "is not valid JSON"}]
