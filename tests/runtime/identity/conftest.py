"""A local identity provider on a real SQLite file, served by uvicorn on loopback under /cognito (as the combined
local server mounts it), and a real boto3 cognito-idp client pointed at it."""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from _support import tokens
from _support.clock import ManualClock
from _support.paths import TEMPLATE
from runtime.identity.identity_support import PASSWORD, Codes, CognitoClient, SignIn, SignUp
from samlocal.asgi import ASGIApp, Receive, Scope, Send, run_lifespan, serve_in_background
from samlocal.identity import IdentityProvider, create_app
from samlocal.identity.passwords import PasswordHasher
from samlocal.template.loader import load_template

BASE_PATH = "/cognito"


@pytest.fixture
def identity_clock() -> ManualClock:
    return ManualClock()


@functools.cache
def _template() -> dict[str, Any]:
    return load_template(TEMPLATE)


@pytest.fixture
def template() -> dict[str, Any]:
    """A copy each test may change."""
    return copy.deepcopy(_template())


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    return tmp_path / "state"


# scrypt at its lowest cost: these tests hash and verify passwords by the hundred. What the cost buys is shown
# by the provider the stack builds, which never lowers it.
CHEAP_PASSWORDS = PasswordHasher(n=2**4, r=1, p=1)


@pytest.fixture
def provider(state_dir: Path, template: dict[str, Any], identity_clock: ManualClock) -> Iterator[IdentityProvider]:
    # The run's one signing key, instead of a fresh RSA key per test.
    instance = IdentityProvider(
        state_dir, template, clock=identity_clock, passwords=CHEAP_PASSWORDS, key=tokens.identity_key()
    )
    yield instance
    instance.close()


class CurrentProvider:
    """One server for the whole module run, serving whichever test's provider is current: starting and stopping
    uvicorn, and building a boto3 client, per test cost more than the tests themselves."""

    def __init__(self) -> None:
        self.app: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await run_lifespan(receive, send, lambda: None)
            return
        assert self.app is not None, "no test's provider is being served"
        await self.app(scope, receive, send)


@pytest.fixture(scope="session")
def server() -> Iterator[tuple[CurrentProvider, str]]:
    current = CurrentProvider()
    with serve_in_background(current) as url:
        yield current, f"{url}{BASE_PATH}"


@pytest.fixture
def endpoint(provider: IdentityProvider, server: tuple[CurrentProvider, str]) -> Iterator[str]:
    current, url = server
    current.app = create_app(provider, BASE_PATH)
    yield url
    current.app = None


@pytest.fixture(scope="session")
def session_cognito(server: tuple[CurrentProvider, str]) -> CognitoClient:
    return boto3.client(
        "cognito-idp",
        endpoint_url=server[1],
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


@pytest.fixture
def cognito(endpoint: str, session_cognito: CognitoClient) -> CognitoClient:
    return session_cognito


@pytest.fixture
def codes(caplog: pytest.LogCaptureFixture) -> Codes:
    return Codes(caplog)


@pytest.fixture
def sign_up(cognito: CognitoClient, provider: IdentityProvider, codes: Codes) -> SignUp:
    """Signs a user up through the API and, unless told otherwise, confirms them with the logged code."""

    def run(email: str, *, name: str = "Jane Doe", password: str = PASSWORD, confirm: bool = True) -> str:
        response = cognito.sign_up(
            ClientId=provider.client_id,
            Username=email,
            Password=password,
            UserAttributes=[{"Name": "name", "Value": name}],
        )
        if confirm:
            cognito.confirm_sign_up(ClientId=provider.client_id, Username=email, ConfirmationCode=codes(email))
        return response["UserSub"]

    return run


@pytest.fixture
def sign_in(cognito: CognitoClient, provider: IdentityProvider) -> SignIn:
    """InitiateAuth with USER_PASSWORD_AUTH, as the README's client does; returns AuthenticationResult."""

    def run(email: str, password: str = PASSWORD) -> dict[str, Any]:
        response = cognito.initiate_auth(
            ClientId=provider.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )
        return dict(response["AuthenticationResult"])

    return run
