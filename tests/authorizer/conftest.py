"""Fixtures of the authorizer suite: the pool's JWKS on loopback (a fresh server per test, so fetches are
counted), and the authorizer's composition root pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from _support import tokens
from _support.jwks_server import JwksServer, serve_jwks
from _support.tokens import ADMIN_GROUP, AWS_ISSUER, CLIENT_ID, jwks
from foodorder import bootstrap
from foodorder.bootstrap import Container
from foodorder.config import Settings


def authorizer_settings(jwks_url: str) -> Settings:
    """The authorizer function's settings as the template gives them, with the JWKS at `jwks_url`."""
    return Settings(
        user_pool_client_id=CLIENT_ID, cognito_issuer=AWS_ISSUER, jwks_url=jwks_url, admin_group=ADMIN_GROUP
    )


def install(container: Container) -> None:
    """Every invocation in this process uses `container`: one execution environment of the authorizer."""
    bootstrap.use(lambda _: container)


@pytest.fixture
def jwks_server() -> Iterator[JwksServer]:
    with serve_jwks(jwks()) as server:
        yield server


@pytest.fixture
def fresh_environment(jwks_server: JwksServer) -> Iterator[Container]:
    """A new execution environment of the authorizer function: its own, empty JWKS cache."""
    container = Container(authorizer_settings(jwks_server.url))
    install(container)
    yield container
    bootstrap.use(None)


@pytest.fixture
def pool_key() -> rsa.RSAPrivateKey:
    return tokens.pool_key()


@pytest.fixture
def forger_key() -> rsa.RSAPrivateKey:
    return tokens.forger_key()
