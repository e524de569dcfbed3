"""Issued tokens, checked against the served JWKS with joserfc: a JWT library independent of PyJWT, which both
signs these tokens and verifies them in the authorizer, so a quirk the two PyJWT sides share cannot hide here."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import jwt
import pytest
from joserfc import jwt as joserfc_jwt
from joserfc.errors import InvalidKeyIdError
from joserfc.jwk import KeySet
from joserfc.jwt import ClaimsOption, JWTClaimsRegistry

from runtime.identity.identity_support import SignIn, SignUp, unverified_claims
from samlocal.identity import IdentityProvider

ID_CLAIMS = {"sub", "email_verified", "iss", "cognito:username", "origin_jti", "aud", "event_id", "token_use",
             "auth_time", "name", "exp", "iat", "jti", "email"}  # fmt: skip
ACCESS_CLAIMS = {"sub", "iss", "client_id", "origin_jti", "event_id", "token_use", "scope", "auth_time", "exp", "iat",
                 "jti", "username"}  # fmt: skip


def _verify(token: str, endpoint: str, provider: IdentityProvider, audience: str | None = None) -> dict[str, Any]:
    issuer = f"{endpoint}/{provider.pool_id}"
    keys = KeySet.import_key_set(httpx.get(f"{issuer}/.well-known/jwks.json").json())
    decoded = joserfc_jwt.decode(token, keys, algorithms=["RS256"])
    iss: ClaimsOption = {"essential": True, "value": issuer}
    exp: ClaimsOption = {"essential": True}
    if audience is None:
        registry = JWTClaimsRegistry(iss=iss, exp=exp)
    else:
        registry = JWTClaimsRegistry(iss=iss, exp=exp, aud={"essential": True, "value": audience})
    registry.validate(decoded.claims)
    assert decoded.header == {"alg": "RS256", "kid": keys.keys[0].kid}
    return dict(decoded.claims)


def test_id_and_access_tokens_verify_against_the_served_jwks_with_an_independent_library(
    endpoint: str, provider: IdentityProvider, sign_up: SignUp, sign_in: SignIn
) -> None:
    sub = sign_up("verified@example.com")
    tokens = sign_in("verified@example.com")

    id_claims = _verify(tokens["IdToken"], endpoint, provider, audience=provider.client_id)
    access_claims = _verify(tokens["AccessToken"], endpoint, provider)

    assert (id_claims["token_use"], access_claims["token_use"]) == ("id", "access")
    assert id_claims["sub"] == access_claims["sub"] == sub
    assert access_claims["client_id"] == provider.client_id
    # Cognito's default lifetimes, since the template sets none: one hour for ID and access tokens.
    assert id_claims["exp"] - id_claims["iat"] == 3600
    assert access_claims["exp"] - access_claims["iat"] == 3600
    assert tokens["ExpiresIn"] == 3600
    assert tokens["TokenType"] == "Bearer"


def test_token_claims_are_exactly_the_ones_cognito_issues(sign_up: SignUp, sign_in: SignIn) -> None:
    sub = sign_up("claims@example.com", name="Claire")
    tokens = sign_in("claims@example.com")

    id_claims, access_claims = unverified_claims(tokens["IdToken"]), unverified_claims(tokens["AccessToken"])

    assert set(id_claims) == ID_CLAIMS
    assert set(access_claims) == ACCESS_CLAIMS
    assert id_claims["cognito:username"] == access_claims["username"] == sub
    assert (id_claims["name"], id_claims["email"], id_claims["email_verified"]) == (
        "Claire",
        "claims@example.com",
        True,
    )
    assert access_claims["scope"] == "aws.cognito.signin.user.admin"
    assert id_claims["origin_jti"] == access_claims["origin_jti"]
    assert id_claims["event_id"] == access_claims["event_id"]


def test_the_token_header_names_only_the_kid_and_rs256_like_cognito(
    endpoint: str, provider: IdentityProvider, sign_up: SignUp, sign_in: SignIn
) -> None:
    sign_up("header@example.com")
    token = sign_in("header@example.com")["IdToken"]

    served = httpx.get(f"{endpoint}/{provider.pool_id}/.well-known/jwks.json").json()

    assert jwt.get_unverified_header(token) == {"alg": "RS256", "kid": served["keys"][0]["kid"]}
    assert set(served["keys"][0]) == {"alg", "e", "kid", "kty", "n", "use"}


def test_every_sign_in_gets_a_fresh_jti_and_origin_jti(sign_up: SignUp, sign_in: SignIn) -> None:
    sign_up("fresh@example.com")

    first, second = (unverified_claims(sign_in("fresh@example.com")["IdToken"]) for _ in range(2))

    assert first["jti"] != second["jti"]
    assert first["origin_jti"] != second["origin_jti"]


def test_the_issuer_follows_the_host_and_port_the_client_used(
    endpoint: str, provider: IdentityProvider, sign_up: SignUp
) -> None:
    sign_up("host@example.com")
    port = urlsplit(endpoint).port
    response = httpx.post(
        f"{endpoint}/",
        headers={
            "Host": f"localhost:{port}",
            "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
            "Content-Type": "application/x-amz-json-1.1",
        },
        json={
            "ClientId": provider.client_id,
            "AuthFlow": "USER_PASSWORD_AUTH",
            "AuthParameters": {"USERNAME": "host@example.com", "PASSWORD": "Corr3ct-horse!"},
        },
    )

    issuer = unverified_claims(response.json()["AuthenticationResult"]["IdToken"])["iss"]
    assert issuer == f"http://localhost:{port}/cognito/{provider.pool_id}"
    assert provider.issuer(f"http://localhost:{port}/cognito") == issuer


def test_the_discovery_document_names_the_issuer_and_the_jwks(endpoint: str, provider: IdentityProvider) -> None:
    issuer = f"{endpoint}/{provider.pool_id}"

    document = httpx.get(f"{issuer}/.well-known/openid-configuration").json()

    assert document["issuer"] == issuer
    assert document["jwks_uri"] == f"{issuer}/.well-known/jwks.json"
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]


def test_the_users_authorizer_checks_accept_an_id_token_and_refuse_an_access_token(
    endpoint: str, provider: IdentityProvider, sign_up: SignUp, sign_in: SignIn
) -> None:
    # Given the authorizer's configuration as the local stack sets it: JWKS_URL, COGNITO_ISSUER, the client id
    issuer = provider.issuer(endpoint)
    jwks = jwt.PyJWKClient(f"{issuer}/.well-known/jwks.json")
    sign_up("caller@example.com")
    tokens = sign_in("caller@example.com")

    def authorize(token: str) -> dict[str, Any]:
        key = jwks.get_signing_key_from_jwt(token).key
        claims: dict[str, Any] = jwt.decode(
            token, key, algorithms=["RS256"], issuer=issuer, audience=provider.client_id
        )
        if claims["token_use"] != "id":
            raise jwt.InvalidTokenError("not an ID token")
        return claims

    # Then the ID token passes every check and the access token fails them
    assert authorize(tokens["IdToken"])["email"] == "caller@example.com"
    with pytest.raises(jwt.InvalidTokenError):
        authorize(tokens["AccessToken"])


def test_a_token_signed_by_another_installation_does_not_verify(
    tmp_path: Path, template: dict[str, Any], endpoint: str, provider: IdentityProvider, sign_up: SignUp
) -> None:
    other = IdentityProvider(tmp_path / "other-state", template)
    other.admin_create_user("twin@example.com", "Twin", "Corr3ct-horse!")
    forged = other.id_token_for("twin@example.com", "Corr3ct-horse!", endpoint)
    other.close()

    with pytest.raises(InvalidKeyIdError):
        _verify(forged, endpoint, provider, audience=provider.client_id)
