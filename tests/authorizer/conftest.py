"""Fixtures of the authorizer suite: one key pair for the pool, one for a forger, the pool's JWKS on loopback,
and the authorizer's composition root pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from authorizer.idp import KID, JwksServer, authorizer_settings, new_rsa_key, public_jwk, serve_jwks
from foodorder import bootstrap
from foodorder.bootstrap import Container


@pytest.fixture(scope="session")
def pool_key() -> rsa.RSAPrivateKey:
    return new_rsa_key()


@pytest.fixture(scope="session")
def forger_key() -> rsa.RSAPrivateKey:
    return new_rsa_key()


@pytest.fixture
def jwks_server(pool_key: rsa.RSAPrivateKey) -> Iterator[JwksServer]:
    with serve_jwks({"keys": [public_jwk(pool_key, KID)]}) as server:
        yield server


@pytest.fixture
def fresh_environment(jwks_server: JwksServer) -> Iterator[Container]:
    """A new execution environment of the authorizer function: its own, empty JWKS cache."""
    container = Container(authorizer_settings(jwks_server.url))
    bootstrap.use(container)
    yield container
    bootstrap.use(None)
