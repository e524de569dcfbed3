"""A local identity provider on a real SQLite file, served by uvicorn on loopback under /cognito (as the combined
local server mounts it), and a real boto3 cognito-idp client pointed at it."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from foodorder.local.identity import IdentityProvider, serve_identity_provider
from foodorder.local.template import load_template
from local.identity.identity_support import PASSWORD, Codes, CognitoClient, ManualClock, SignIn, SignUp

BASE_PATH = "/cognito"


@pytest.fixture
def identity_clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def template() -> dict[str, Any]:
    return copy.deepcopy(load_template())


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def provider(state_dir: Path, template: dict[str, Any], identity_clock: ManualClock) -> Iterator[IdentityProvider]:
    instance = IdentityProvider(state_dir, template, clock=identity_clock)
    yield instance
    instance.close()


@pytest.fixture
def endpoint(provider: IdentityProvider) -> Iterator[str]:
    with serve_identity_provider(provider, BASE_PATH) as url:
        yield url


@pytest.fixture
def cognito(endpoint: str) -> CognitoClient:
    return boto3.client(
        "cognito-idp",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


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
