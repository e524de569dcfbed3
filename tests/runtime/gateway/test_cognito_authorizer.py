"""The Cognito user-pool authorizer of a REST API with no OAuth scopes: ID tokens of the local pool only,
verified (RS256 signature, exp, iss), their claims delivered under requestContext.authorizer.claims as strings."""

from __future__ import annotations

import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from runtime.gateway.gateway_support import COGNITO_ENDPOINT, POOL_ID, Send, Sign
from samlocal.apigw import cognito
from samlocal.apigw.cognito import render_claims
from samlocal.apigw.responses import UNAUTHORIZED as UNAUTHORIZED_RESPONSE
from samlocal.template.topology import CognitoAuthorizerSpec

UNAUTHORIZED = b'{"message":"Unauthorized"}'


def claims_seen(send: Send, authorization: str) -> dict[str, str]:
    response = send("/EchoApi/v1/claims", headers=[("Authorization", authorization)])
    assert response.status == 200, response.body
    claims: dict[str, str] = json.loads(response.body)["event"]["requestContext"]["authorizer"]["claims"]
    return claims


def test_an_id_token_of_the_pool_passes_with_every_claim_as_a_string(send: Send, sign: Sign) -> None:
    # auth_time and iat of the sample API Gateway delivered in https://repost.aws/questions/QUFJRBaEJRSmmqarNrvCWoQA
    token = sign("abc-123", groups=["apiAdmins"], auth_time=1680629979, iat=1680629979, exp=4102444800)

    claims = claims_seen(send, token)

    assert claims["sub"] == "abc-123"
    assert claims["token_use"] == "id"
    assert claims["email_verified"] == "true"
    assert claims["auth_time"] == "1680629979"
    # exp and iat are rendered as dates, the way API Gateway's REST Cognito authorizer delivers them.
    assert claims["exp"] == "Fri Jan 01 00:00:00 UTC 2100"
    assert claims["iat"] == "Tue Apr 04 17:39:39 UTC 2023"
    assert claims["cognito:groups"] == "apiAdmins"
    assert all(isinstance(value, str) for value in claims.values())


def test_several_groups_are_delivered_joined_by_commas() -> None:
    assert render_claims({"cognito:groups": ["apiAdmins", "staff"]}) == {"cognito:groups": "apiAdmins,staff"}


@pytest.mark.parametrize("prefix", ["Bearer ", "bearer ", "BEARER "])
def test_a_bearer_prefix_in_any_case_is_accepted_as_the_users_authorizer_accepts_it(
    send: Send, sign: Sign, prefix: str
) -> None:
    assert claims_seen(send, f"{prefix}{sign('abc-123')}")["sub"] == "abc-123"


def test_an_access_token_is_401_when_no_scopes_are_configured_like_api_gateway(send: Send, sign: Sign) -> None:
    response = send("/EchoApi/v1/claims", headers=[("Authorization", sign(use="access"))])

    assert (response.status, response.body) == (401, UNAUTHORIZED)


def unverifiable_tokens(sign: Sign) -> dict[str, str]:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    return {
        "signed by another key": sign(key=stranger),
        "expired": sign(exp=now - 10, iat=now - 3610),
        "another pool's issuer": sign(iss=f"{COGNITO_ENDPOINT}/us-east-1_Other"),
        "the cloud issuer": sign(iss="https://cognito-idp.us-east-1.amazonaws.com/us-east-1_LocalPool"),
        "without token_use": sign(use=None),
        "not a JWT": "not-a-jwt",
        "tampered payload": _tampered(sign("abc-123")),
    }


def _tampered(token: str) -> str:
    header, payload, signature = token.split(".")
    return ".".join([header, payload[:-4] + ("AAAA" if payload[-4:] != "AAAA" else "BBBB"), signature])


@pytest.mark.parametrize(
    "case",
    [
        "signed by another key",
        "expired",
        "another pool's issuer",
        "the cloud issuer",
        "without token_use",
        "not a JWT",
        "tampered payload",
    ],
)
def test_an_unverifiable_token_is_401(send: Send, sign: Sign, case: str) -> None:
    token = unverifiable_tokens(sign)[case]

    response = send("/EchoApi/v1/claims", headers=[("Authorization", token)])

    assert (response.status, response.body) == (401, UNAUTHORIZED)


def test_no_authorization_header_is_401(send: Send) -> None:
    response = send("/EchoApi/v1/claims")

    assert (response.status, response.body) == (401, UNAUTHORIZED)


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def counting_verifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every signature verification the Cognito authorizer does, recorded."""
    verified: list[str] = []
    decode = jwt.decode

    def counted(token: str, *args: Any, **kwargs: Any) -> Any:
        verified.append(token)
        return decode(token, *args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counted)
    return verified


POOL_AUTHORIZER = CognitoAuthorizerSpec("PoolAuth", POOL_ID, "Authorization", ttl=300)


def test_a_verified_token_is_answered_from_the_cache_for_reauthorize_every_seconds_like_api_gateway(
    monkeypatch: pytest.MonkeyPatch, sign: Sign, jwks: dict[str, Any]
) -> None:
    # API Gateway caches an authorizer's result for the authorizer's TTL (Identity.ReauthorizeEvery, 300 s unless
    # the template says otherwise), the Cognito user-pool authorizer's included.
    verified, clock = counting_verifications(monkeypatch), Clock()
    authorizer = cognito.CognitoAuthorizer(COGNITO_ENDPOINT, lambda: jwks, clock)
    token = sign()

    first = authorizer.authorize(POOL_AUTHORIZER, token)
    clock.now += 299
    cached = authorizer.authorize(POOL_AUTHORIZER, token)
    clock.now += 2
    again = authorizer.authorize(POOL_AUTHORIZER, token)

    assert first == cached == again
    assert isinstance(first, dict)
    assert verified == [token, token]


def test_a_cached_token_is_verified_again_once_it_has_expired(
    monkeypatch: pytest.MonkeyPatch, sign: Sign, jwks: dict[str, Any]
) -> None:
    verified, clock = counting_verifications(monkeypatch), Clock()
    authorizer = cognito.CognitoAuthorizer(COGNITO_ENDPOINT, lambda: jwks, clock)
    token = sign(exp=int(clock.now) + 60)

    authorizer.authorize(POOL_AUTHORIZER, token)
    clock.now += 61  # within the TTL, past the token's exp

    authorizer.authorize(POOL_AUTHORIZER, token)
    assert verified == [token, token]


def test_a_refused_token_is_never_cached(monkeypatch: pytest.MonkeyPatch, sign: Sign, jwks: dict[str, Any]) -> None:
    verified = counting_verifications(monkeypatch)
    authorizer = cognito.CognitoAuthorizer(COGNITO_ENDPOINT, lambda: jwks, Clock())
    forged = sign(key=rsa.generate_private_key(public_exponent=65537, key_size=2048))

    assert authorizer.authorize(POOL_AUTHORIZER, forged) == authorizer.authorize(POOL_AUTHORIZER, forged)
    assert authorizer.authorize(POOL_AUTHORIZER, forged) is UNAUTHORIZED_RESPONSE
    assert verified == [forged, forged, forged]
