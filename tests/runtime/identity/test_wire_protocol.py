"""The AWS JSON 1.1 protocol at the HTTP level: bad requests are 4xx with a __type, never a 500."""

from __future__ import annotations

import httpx
import pytest

from samlocal.identity import IdentityProvider, serve_identity_provider

JSON_11 = "application/x-amz-json-1.1"


def _post(endpoint: str, target: str, content: bytes, **headers: str) -> httpx.Response:
    return httpx.post(
        f"{endpoint}/",
        content=content,
        headers={"Content-Type": JSON_11, "X-Amz-Target": f"AWSCognitoIdentityProviderService.{target}", **headers},
    )


def test_an_unknown_operation_is_400_unknown_operation_exception(endpoint: str) -> None:
    response = _post(endpoint, "CreateUserPool", b"{}")

    assert response.status_code == 400
    assert response.json()["__type"] == "UnknownOperationException"


def test_a_target_for_another_service_is_400_unknown_operation_exception(endpoint: str) -> None:
    response = httpx.post(f"{endpoint}/", content=b"{}", headers={"X-Amz-Target": "DynamoDB_20120810.Scan"})

    assert response.status_code == 400
    assert response.json()["__type"] == "UnknownOperationException"


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2]", b"\xff\xfe", b'"text"', b'{"a": ' + b"[" * 100_000],
    ids=["broken", "array", "not_utf8", "string", "nested_past_the_parser"],
)
def test_a_body_that_is_not_a_json_object_is_400_serialization_exception_not_500(endpoint: str, body: bytes) -> None:
    response = _post(endpoint, "SignUp", body)

    assert response.status_code == 400
    assert response.json()["__type"] == "SerializationException"
    assert response.headers["content-type"] == JSON_11


def test_a_missing_required_member_is_400_invalid_parameter_naming_it(
    endpoint: str, provider: IdentityProvider
) -> None:
    response = _post(endpoint, "SignUp", f'{{"ClientId": "{provider.client_id}"}}'.encode())

    assert response.status_code == 400
    assert response.json()["__type"] == "InvalidParameterException"
    assert "'Username'" in response.json()["message"]


def test_a_member_of_the_wrong_type_is_400_not_500(endpoint: str, provider: IdentityProvider) -> None:
    response = _post(endpoint, "InitiateAuth", b'{"ClientId": 7, "AuthFlow": ["USER_PASSWORD_AUTH"]}')

    assert response.status_code == 400
    assert response.json()["__type"] == "InvalidParameterException"


def test_an_invalid_host_header_is_refused_since_it_would_become_the_token_issuer(
    endpoint: str, provider: IdentityProvider
) -> None:
    response = _post(endpoint, "InitiateAuth", b"{}", Host="evil.example/../x")

    assert response.status_code == 400


def test_operations_are_posted_so_get_on_the_endpoint_is_405(endpoint: str) -> None:
    assert httpx.get(f"{endpoint}/").status_code == 405


def test_paths_outside_the_mount_and_unknown_pools_are_404(endpoint: str, provider: IdentityProvider) -> None:
    root = endpoint.removesuffix("/cognito")

    assert httpx.post(f"{root}/", content=b"{}").status_code == 404
    assert httpx.get(f"{endpoint}/us-east-1_NotAPool0/.well-known/jwks.json").status_code == 404
    assert httpx.get(f"{endpoint}/{provider.pool_id}/.well-known/jwks.json").status_code == 200


def test_the_provider_also_serves_unprefixed_at_the_root(provider: IdentityProvider) -> None:
    with serve_identity_provider(provider) as root:
        response = _post(root, "InitiateAuth", b"{}")
        jwks = httpx.get(f"{root}/{provider.pool_id}/.well-known/jwks.json")

    assert response.status_code == 400
    assert response.json()["__type"] == "InvalidParameterException"
    assert jwks.json() == provider.jwks()
