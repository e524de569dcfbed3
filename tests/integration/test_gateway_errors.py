"""What API Gateway itself answers, byte for byte (SPEC §3), on both APIs: the TOKEN authorizer of the Users API
and the Cognito user-pool authorizer of the Orders API."""

from __future__ import annotations

import httpx
import pytest

from integration.deviations import ACCESS_TOKEN_PASSES_COGNITO_AUTHORIZER, known_deviation
from integration.identity_support import Person

pytestmark = pytest.mark.integration

UNAUTHORIZED = b'{"message":"Unauthorized"}'
MISSING_AUTHENTICATION_TOKEN = b'{"message":"Missing Authentication Token"}'

Route = tuple[httpx.Client, str]


@pytest.fixture(params=["users-token-authorizer", "orders-cognito-authorizer"])
def protected(
    request: pytest.FixtureRequest, users_api: httpx.Client, orders_api: httpx.Client, alice: Person
) -> Route:
    """A route alice may call with her ID token, on each API."""
    if request.param == "users-token-authorizer":
        return users_api, f"/users/{alice.sub}"
    return orders_api, "/orders"


def tampered(token: str) -> str:
    """The same token with one character of its signature changed."""
    header, payload, signature = token.split(".")
    middle = len(signature) // 2
    swapped = "A" if signature[middle] != "A" else "B"
    return f"{header}.{payload}.{signature[:middle]}{swapped}{signature[middle + 1 :]}"


def test_the_id_token_passes_both_authorizers(protected: Route, alice: Person) -> None:
    client, path = protected

    response = client.get(path, headers=alice.auth)

    assert response.status_code in (200, 404), response.text


def test_no_authorization_header_is_401_unauthorized_like_api_gateway(protected: Route) -> None:
    client, path = protected

    response = client.get(path)

    assert (response.status_code, response.content) == (401, UNAUTHORIZED)


@pytest.mark.parametrize("token", ["garbage", "Bearer garbage", "a.b.c"])
def test_a_token_that_is_not_a_jwt_is_401_unauthorized_like_api_gateway(protected: Route, token: str) -> None:
    client, path = protected

    response = client.get(path, headers={"Authorization": token})

    assert (response.status_code, response.content) == (401, UNAUTHORIZED)


def test_an_id_token_with_a_tampered_signature_is_401_unauthorized(protected: Route, alice: Person) -> None:
    client, path = protected

    response = client.get(path, headers={"Authorization": tampered(alice.id_token)})

    assert (response.status_code, response.content) == (401, UNAUTHORIZED)


def test_an_access_token_is_401_because_only_id_tokens_are_accepted_without_scopes(
    protected: Route, alice: Person, request: pytest.FixtureRequest
) -> None:
    client, path = protected
    if request.node.callspec.params["protected"] == "orders-cognito-authorizer":
        known_deviation(request, ACCESS_TOKEN_PASSES_COGNITO_AUTHORIZER)

    response = client.get(path, headers={"Authorization": alice.access_token})

    assert (response.status_code, response.content) == (401, UNAUTHORIZED)


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/nope"), ("GET", "/orders/a/b"), ("PATCH", "/orders"), ("PATCH", "/users")]
)
@pytest.mark.parametrize("api", ["users", "orders"])
def test_an_unknown_route_is_403_missing_authentication_token_like_api_gateway(
    users_api: httpx.Client, orders_api: httpx.Client, alice: Person, api: str, method: str, path: str
) -> None:
    client = users_api if api == "users" else orders_api

    response = client.request(method, path, headers=alice.auth)

    assert (response.status_code, response.content) == (403, MISSING_AUTHENTICATION_TOKEN)
