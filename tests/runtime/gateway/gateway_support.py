"""Fixtures of the gateway tests: the run's signing key standing in for the identity provider's, Cognito-shaped
tokens, and gateways built from the tests' own template, whose handlers run in worker processes."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from _support import tokens
from samlocal.apigw.gateway import Gateway
from samlocal.apigw.responses import LocalRequest, LocalResponse
from samlocal.lambda_runtime.inprocess import InProcessInvoker
from samlocal.template.envvars import EnvVars
from samlocal.template.intrinsics import LocalValues

HERE = Path(__file__).resolve().parent
COGNITO_ENDPOINT = "http://127.0.0.1:3000/cognito"
POOL_ID = "us-east-1_LocalPool"
CLIENT_ID = "localclient0000000000000001"
ISSUER = f"{COGNITO_ENDPOINT}/{POOL_ID}"
KID = "test-key-1"

Send = Callable[..., LocalResponse]
Sign = Callable[..., str]


@pytest.fixture(scope="session")
def signing_key() -> RSAPrivateKey:
    return tokens.pool_key()


@pytest.fixture(scope="session")
def jwks(signing_key: RSAPrivateKey) -> dict[str, Any]:
    public = jwt.algorithms.RSAAlgorithm.to_jwk(signing_key.public_key(), as_dict=True)
    return {"keys": [{**public, "kid": KID, "alg": "RS256", "use": "sig"}]}


@pytest.fixture(scope="session")
def sign(signing_key: RSAPrivateKey) -> Sign:
    """Signs a Cognito-shaped token: an ID token by default, an access token with use="access", one without
    token_use with use=None."""

    def make(
        sub: str = "11111111-2222-3333-4444-555555555555",
        *,
        use: str | None = "id",
        groups: list[str] | None = None,
        key: RSAPrivateKey | None = None,
        **overrides: Any,
    ) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "sub": sub,
            "iss": ISSUER,
            "origin_jti": str(uuid.uuid4()),
            "event_id": str(uuid.uuid4()),
            "auth_time": now,
            "exp": now + 3600,
            "iat": now,
            "jti": str(uuid.uuid4()),
        }
        if use is not None:
            claims["token_use"] = use
        if use == "id":
            claims |= {
                "email_verified": True,
                "cognito:username": sub,
                "aud": CLIENT_ID,
                "name": "Test User",
                "email": "user@example.com",
            }
        elif use == "access":
            claims |= {"client_id": CLIENT_ID, "scope": "aws.cognito.signin.user.admin", "username": sub}
        if groups:
            claims["cognito:groups"] = groups
        claims |= overrides
        return jwt.encode(claims, key or signing_key, algorithm="RS256", headers={"kid": KID})

    return make


def local_values() -> LocalValues:
    ids = {"UserPool": POOL_ID, "UserPoolClient": CLIENT_ID}
    return LocalValues(cognito_endpoint=COGNITO_ENDPOINT, cognito_ids=ids)


def write_fake_template(directory: Path) -> Path:
    """The tests' template with its placeholders filled: handlers from this directory, state in `directory`."""
    (directory / "meeting").mkdir(exist_ok=True)
    text = (HERE / "gateway_template.yaml").read_text()
    target = directory / "template.yaml"
    target.write_text(text.replace("CODE_DIR", str(HERE)).replace("STATE_DIR", str(directory)))
    return target


@pytest.fixture(scope="module")
def fake_state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gateway")


# What an env-vars file (`sam local --env-vars`) sets for the tests' template: for every function, and for one.
ENV_VARS = EnvVars.parse(
    {
        "Parameters": {"FROM_GLOBALS": "from-env-vars"},
        "EchoFunction": {"OVERRIDDEN": "from-env-vars-for-echo", "UNDECLARED": "ignored"},
    }
)


@pytest.fixture(scope="module")
def fake_gateway(fake_state: Path, jwks: dict[str, Any]) -> Iterator[Gateway]:
    """The tests' template with its handlers in-process: for what the gateway does around an invocation."""
    template = write_fake_template(fake_state)
    with Gateway.from_template(
        local_values(), lambda: jwks, template=template, env_vars=ENV_VARS, invoker=InProcessInvoker
    ) as gateway:
        yield gateway


@pytest.fixture(scope="module")
def process_gateway(fake_state: Path, jwks: dict[str, Any]) -> Iterator[Gateway]:
    """The tests' template with its handlers in worker processes, as the served stack runs them."""
    template = write_fake_template(fake_state)
    with Gateway.from_template(local_values(), lambda: jwks, template=template, env_vars=ENV_VARS) as gateway:
        yield gateway


def sender(gateway: Gateway) -> Send:
    def send(
        path: str,
        method: str = "GET",
        *,
        headers: list[tuple[str, str]] | None = None,
        body: bytes = b"",
        query: str = "",
        source_ip: str = "203.0.113.9",
    ) -> LocalResponse:
        return gateway.handle(LocalRequest(method, path, query, tuple(headers or []), body, source_ip))

    return send


@pytest.fixture(scope="module")
def send(fake_gateway: Gateway) -> Send:
    return sender(fake_gateway)
