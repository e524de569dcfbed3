"""The authorizer as an operator sees it: signing keys fetched once per execution environment, refetched
sparingly, every unverifiable case failing closed with API Gateway's 401, and no token in the log."""

from __future__ import annotations

import importlib
import logging
import socket
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from _support.events import lambda_context
from _support.jwks_server import JwksServer
from _support.tokens import id_claims, sign
from authorizer.conftest import authorizer_settings, install
from authorizer.invoke import SUB, assert_unauthorized, authorize, token_event
from foodorder.bootstrap import Container
from foodorder.config import Settings
from foodorder.handlers import authorizer as authorizer_module

pytestmark = pytest.mark.usefixtures("fresh_environment")


def test_a_published_key_set_that_is_not_one_fails_closed_as_unauthorized(
    pool_key: rsa.RSAPrivateKey, jwks_server: JwksServer
) -> None:
    jwks_server.jwks = {"keys": "not a key set"}

    assert_unauthorized(sign(id_claims(SUB), pool_key))


def test_unreachable_signing_keys_fail_closed_as_unauthorized_not_as_an_authorizer_failure(
    pool_key: rsa.RSAPrivateKey,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead_url = f"http://127.0.0.1:{probe.getsockname()[1]}/.well-known/jwks.json"
    install(Container(authorizer_settings(dead_url)))

    assert_unauthorized(sign(id_claims(SUB), pool_key))


def test_an_authorizer_without_its_settings_fails_closed_as_unauthorized(pool_key: rsa.RSAPrivateKey) -> None:
    install(Container(Settings()))

    assert_unauthorized(sign(id_claims(SUB), pool_key))


def test_the_signing_keys_are_fetched_once_per_execution_environment(
    pool_key: rsa.RSAPrivateKey, jwks_server: JwksServer
) -> None:
    for _ in range(3):
        authorize(sign(id_claims(str(uuid.uuid4())), pool_key))

    assert jwks_server.requests == 1


def test_a_flood_of_unknown_kids_does_not_refetch_the_keys_within_a_minute(
    pool_key: rsa.RSAPrivateKey, jwks_server: JwksServer
) -> None:
    authorize(sign(id_claims(SUB), pool_key))

    for attempt in range(5):
        assert_unauthorized(sign(id_claims(SUB), pool_key, kid=f"forged-{attempt}"))

    assert jwks_server.requests == 1


def test_the_token_never_reaches_the_log_even_with_powertools_event_logging_switched_on(
    pool_key: rsa.RSAPrivateKey, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # POWERTOOLS_LOGGER_LOG_EVENT=true logs every event whole, and an authorizer's event is the token. Powertools
    # reads it when the handler is decorated, so the handler module is loaded afresh, as in a cold start.
    monkeypatch.setenv("POWERTOOLS_LOGGER_LOG_EVENT", "true")
    cold_handler = importlib.reload(authorizer_module).handler
    accepted = sign(id_claims(SUB), pool_key)
    refused = sign(id_claims(SUB, aud="another-app-client"), pool_key)

    with caplog.at_level(logging.DEBUG):
        cold_handler(token_event(accepted), lambda_context("AuthorizerFunction"))
        with pytest.raises(Exception, match="Unauthorized"):
            cold_handler(token_event(refused), lambda_context("AuthorizerFunction"))

    # Every record whole, its structured keys included, as the JSON formatter would write them.
    logged = "\n".join(str(vars(record)) for record in caplog.records)
    assert "Token accepted" in logged
    assert "Token refused" in logged
    for token in (accepted, refused):
        for segment in token.split("."):
            assert segment not in logged
