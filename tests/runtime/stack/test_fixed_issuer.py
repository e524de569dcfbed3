"""The stack's tokens name one issuer, {CognitoEndpoint}/{UserPool}, as Cognito's name its one regional endpoint,
whatever Host header the sign-in carried: both authorizers expect exactly that issuer, and no client may pick it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from _support.orders import new_order_id
from _support.paths import TEMPLATE
from integration.identity_support import PASSWORD as STACK_PASSWORD
from integration.identity_support import People
from integration.stack_support import LocalStack, local_cognito
from runtime.gateway.gateway_support import COGNITO_ENDPOINT, sender, write_fake_template
from runtime.identity.identity_support import PASSWORD, unverified_claims
from samlocal.apigw.gateway import Gateway
from samlocal.asgi import serve_in_background
from samlocal.identity import IdentityProvider, create_app
from samlocal.template.intrinsics import LocalValues
from samlocal.template.loader import load_template

EMAIL = "host@example.com"
FORGED_HOSTS = ["localhost", "attacker.example:8443"]


@pytest.fixture
def provider(tmp_path: Path) -> Iterator[IdentityProvider]:
    instance = IdentityProvider(tmp_path / "state", load_template(TEMPLATE))
    yield instance
    instance.close()


@pytest.fixture
def served(provider: IdentityProvider) -> Iterator[str]:
    """The provider at a loopback port of its own, told that its endpoint is COGNITO_ENDPOINT."""
    app = create_app(provider, base_path="/cognito", endpoint=COGNITO_ENDPOINT)
    with serve_in_background(app) as url:
        yield f"{url}/cognito"


def sign_in(url: str, client_id: str, host: str, email: str, password: str) -> str:
    """InitiateAuth on the wire, with the Host header a client chose; returns the ID token."""
    response = httpx.post(
        f"{url}/",
        headers={
            "Host": host,
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
        },
        content=json.dumps(
            {
                "ClientId": client_id,
                "AuthFlow": "USER_PASSWORD_AUTH",
                "AuthParameters": {"USERNAME": email, "PASSWORD": password},
            }
        ),
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["AuthenticationResult"]["IdToken"]
    return token


@pytest.mark.parametrize("host", FORGED_HOSTS)
def test_the_issuer_is_the_fixed_endpoint_whatever_the_host_and_the_cognito_authorizer_accepts_the_token(
    tmp_path: Path, provider: IdentityProvider, served: str, host: str
) -> None:
    sub = provider.admin_create_user(EMAIL, "Host", PASSWORD)
    token = sign_in(served, provider.client_id, host, EMAIL, PASSWORD)
    values = LocalValues(
        cognito_endpoint=COGNITO_ENDPOINT,
        cognito_ids={"UserPool": provider.pool_id, "UserPoolClient": provider.client_id},
    )

    with Gateway.from_template(values, provider.jwks, template=write_fake_template(tmp_path)) as gateway:
        response = sender(gateway)("/EchoApi/v1/claims", headers=[("Authorization", token)])

    assert unverified_claims(token)["iss"] == f"{COGNITO_ENDPOINT}/{provider.pool_id}"
    assert response.status == 200, response.body
    assert json.loads(response.body)["event"]["requestContext"]["authorizer"]["claims"]["sub"] == sub


@pytest.mark.parametrize("host", FORGED_HOSTS)
def test_the_discovery_document_names_the_fixed_issuer_whatever_the_host(
    provider: IdentityProvider, served: str, host: str
) -> None:
    issuer = f"{COGNITO_ENDPOINT}/{provider.pool_id}"

    document = httpx.get(f"{served}/{provider.pool_id}/.well-known/openid-configuration", headers={"Host": host})

    assert document.json()["issuer"] == issuer
    assert document.json()["jwks_uri"] == f"{issuer}/.well-known/jwks.json"


@pytest.mark.slow
def test_the_running_stack_issues_its_outputs_issuer_to_a_client_that_named_localhost(tmp_path: Path) -> None:
    # The stack binds 127.0.0.1, so CognitoEndpoint says 127.0.0.1; a client may well have typed localhost.
    stack = LocalStack(tmp_path / "state")
    try:
        outputs = stack.start()
        stack_response = _use_the_stack_through_localhost(outputs)
        stack.stop()
    finally:
        stack.kill()

    issuer, users, orders = stack_response
    assert issuer == f"{outputs['CognitoEndpoint']}/{outputs['UserPool']}"
    # 404s from the functions: the TOKEN authorizer (Users API) and the Cognito authorizer (Orders API) let it in.
    assert (users.status_code, users.json()["code"]) == (404, "UserNotFound")
    assert (orders.status_code, orders.json()["code"]) == (404, "OrderNotFound")


def _use_the_stack_through_localhost(outputs: dict[str, str]) -> tuple[str, httpx.Response, httpx.Response]:
    person = People(local_cognito(outputs), outputs).create("host")
    endpoint = httpx.URL(outputs["CognitoEndpoint"])
    token = sign_in(
        str(endpoint), outputs["UserPoolClient"], f"localhost:{endpoint.port}", person.email, STACK_PASSWORD
    )
    auth: dict[str, Any] = {"headers": {"Authorization": token}, "timeout": 60}
    users = httpx.get(f"{outputs['APIEndpoint']}/users/{person.sub}", **auth)
    orders = httpx.get(f"{outputs['OrdersServiceEndpoint']}/orders/{new_order_id()}", **auth)
    return unverified_claims(token)["iss"], users, orders
