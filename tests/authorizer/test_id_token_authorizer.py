"""The Users API's TOKEN authorizer, invoked as API Gateway invokes it, against a JWKS served on loopback.

API Gateway's documented contract for Lambda authorizers: return a policy for the principal, or raise
`Exception("Unauthorized")` to make the gateway answer 401; any other error is a 500 ("authorizer failure")."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from _support.tokens import (
    ADMIN_GROUP,
    AWS_ISSUER,
    CLIENT_ID,
    KID,
    access_claims,
    hand_made,
    id_claims,
    public_pem,
    sign,
    with_payload,
)
from authorizer.invoke import STAGE_ARN, SUB, assert_unauthorized, authorize
from foodorder import bootstrap
from foodorder.auth.errors import InvalidToken

pytestmark = pytest.mark.usefixtures("fresh_environment")


def owner_resources(sub: str) -> list[str]:
    return [
        f"{STAGE_ARN}/GET/users/{sub}",
        f"{STAGE_ARN}/GET/users/{sub}/*",
        f"{STAGE_ARN}/PUT/users/{sub}",
        f"{STAGE_ARN}/PUT/users/{sub}/*",
        f"{STAGE_ARN}/DELETE/users/{sub}",
        f"{STAGE_ARN}/DELETE/users/{sub}/*",
    ]


ADMIN_RESOURCES = [
    f"{STAGE_ARN}/GET/users",
    f"{STAGE_ARN}/GET/users/*",
    f"{STAGE_ARN}/POST/users",
    f"{STAGE_ARN}/POST/users/*",
    f"{STAGE_ARN}/PUT/users",
    f"{STAGE_ARN}/PUT/users/*",
    f"{STAGE_ARN}/DELETE/users",
    f"{STAGE_ARN}/DELETE/users/*",
]


def test_a_user_id_token_gets_a_policy_for_their_own_profile_with_a_flat_string_context(
    pool_key: rsa.RSAPrivateKey,
) -> None:
    result = authorize(sign(id_claims(SUB), pool_key))

    assert result == {
        "principalId": SUB,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": owner_resources(SUB)}],
        },
        "context": {"sub": SUB, "email": f"{SUB}@example.com", "isAdmin": "false"},
    }


def test_an_admin_anywhere_in_cognito_groups_also_gets_every_users_route_because_api_gateway_caches_the_policy(
    pool_key: rsa.RSAPrivateKey,
) -> None:
    # Called for one method, the cached policy answers every method for 300 s: it must list them all.
    token = sign(id_claims(SUB, groups=["kitchen", ADMIN_GROUP]), pool_key)

    result = authorize(token, method_arn=f"{STAGE_ARN}/POST/users")

    assert result["policyDocument"]["Statement"] == [
        {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": owner_resources(SUB) + ADMIN_RESOURCES}
    ]
    assert result["context"] == {"sub": SUB, "email": f"{SUB}@example.com", "isAdmin": "true"}


def test_other_groups_do_not_make_an_admin(pool_key: rsa.RSAPrivateKey) -> None:
    result = authorize(sign(id_claims(SUB, groups=["apiAdminsX", "kitchen"]), pool_key))

    assert result["policyDocument"]["Statement"][0]["Resource"] == owner_resources(SUB)
    assert result["context"]["isAdmin"] == "false"


def test_a_bearer_prefix_is_tolerated_in_the_authorization_header(pool_key: rsa.RSAPrivateKey) -> None:
    token = sign(id_claims(SUB), pool_key)

    assert authorize(f"Bearer {token}") == authorize(token)


def test_the_policy_names_the_api_and_stage_of_the_method_arn_it_was_called_for(pool_key: rsa.RSAPrivateKey) -> None:
    method_arn = f"arn:aws:execute-api:eu-west-1:210987654321:zz99yy88xx/dev/DELETE/users/{SUB}"

    result = authorize(sign(id_claims(SUB), pool_key), method_arn=method_arn)

    assert result["policyDocument"]["Statement"][0]["Resource"][0] == (
        f"arn:aws:execute-api:eu-west-1:210987654321:zz99yy88xx/dev/GET/users/{SUB}"
    )


def test_a_token_expired_within_the_small_clock_skew_leeway_is_still_accepted(pool_key: rsa.RSAPrivateKey) -> None:
    token = sign(id_claims(SUB, exp=int(time.time()) - 5), pool_key)

    assert authorize(token)["principalId"] == SUB


def now() -> int:
    return int(time.time())


# Each case: how to make the token from the pool's key and a forger's key.
REJECTED_TOKENS: dict[str, Callable[[rsa.RSAPrivateKey, rsa.RSAPrivateKey], str]] = {
    "expired": lambda pool, forger: sign(id_claims(SUB, exp=now() - 3600, iat=now() - 7200), pool),
    "issued_in_the_future": lambda pool, forger: sign(id_claims(SUB, iat=now() + 3600), pool),
    "not_yet_valid_nbf": lambda pool, forger: sign(id_claims(SUB, nbf=now() + 3600), pool),
    "without_exp": lambda pool, forger: sign({k: v for k, v in id_claims(SUB).items() if k != "exp"}, pool),
    "wrong_audience": lambda pool, forger: sign(id_claims(SUB, aud="another-app-client"), pool),
    "audience_list_holding_the_client": lambda pool, forger: sign(id_claims(SUB, aud=[CLIENT_ID, "x"]), pool),
    "wrong_issuer": lambda pool, forger: sign(id_claims(SUB, iss=AWS_ISSUER.replace("TestPool1", "OtherPool")), pool),
    "access_token": lambda pool, forger: sign(access_claims(SUB), pool),
    "access_token_use_with_id_claims": lambda pool, forger: sign(id_claims(SUB, token_use="access"), pool),
    "unknown_kid": lambda pool, forger: sign(id_claims(SUB), pool, kid="rotated-away"),
    "other_key_same_kid": lambda pool, forger: sign(id_claims(SUB), forger, kid=KID),
    "tampered_payload": lambda pool, forger: with_payload(
        sign(id_claims(SUB), pool), id_claims(SUB, groups=[ADMIN_GROUP])
    ),
    "alg_none": lambda pool, forger: hand_made({"alg": "none", "kid": KID}, id_claims(SUB)),
    "hs256_keyed_with_the_public_key": lambda pool, forger: hand_made(
        {"alg": "HS256", "kid": KID, "typ": "JWT"}, id_claims(SUB), hmac_secret=public_pem(pool)
    ),
    "sub_with_a_wildcard": lambda pool, forger: sign(id_claims("abc*"), pool),
    "malformed": lambda pool, forger: "not-a-jwt",
    "malformed_segments": lambda pool, forger: "eyJhbGciOiJSUzI1NiJ9.%%%.abc",
    "empty": lambda pool, forger: "",
    "bearer_alone": lambda pool, forger: "Bearer ",
}


@pytest.mark.parametrize("case", REJECTED_TOKENS)
def test_every_rejected_token_raises_the_unauthorized_exception_api_gateway_answers_with_401(
    case: str, pool_key: rsa.RSAPrivateKey, forger_key: rsa.RSAPrivateKey
) -> None:
    token = REJECTED_TOKENS[case](pool_key, forger_key)
    assert_unauthorized(token)
    # And it is refused on purpose: the verifier names a reason rather than crashing into the catch-all.
    with pytest.raises(InvalidToken):
        bootstrap.container().id_tokens.verify(token)


def test_a_missing_token_is_unauthorized() -> None:
    assert_unauthorized(None)


def test_a_method_arn_that_is_not_an_execute_api_arn_is_unauthorized_rather_than_an_authorizer_failure(
    pool_key: rsa.RSAPrivateKey,
) -> None:
    assert_unauthorized(sign(id_claims(SUB), pool_key), method_arn="arn:aws:lambda:us-east-1:1:function:x")
