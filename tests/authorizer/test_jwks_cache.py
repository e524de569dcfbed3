"""The JWKS cache: keys fetched over real HTTP, kept for the execution environment, refetched on an unknown `kid`
at most once a minute (the way Cognito key rotation is followed without letting forged `kid`s hammer the pool)."""

from __future__ import annotations

import socket
import urllib.error
from dataclasses import dataclass

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from _support.jwks_server import JwksServer
from _support.tokens import KID, public_jwk
from foodorder.auth.jwks import MIN_REFETCH_SECONDS, JwksCache, UnknownKey, fetch_jwks, rsa_signing_keys


@dataclass
class FakeMonotonic:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_first_lookup_fetches_and_later_lookups_use_the_cached_keys(
    jwks_server: JwksServer, pool_key: rsa.RSAPrivateKey
) -> None:
    cache = JwksCache(jwks_server.url, clock=FakeMonotonic())

    first = cache.key(KID)
    second = cache.key(KID)

    assert first.public_numbers() == pool_key.public_key().public_numbers()
    assert second is first
    assert jwks_server.requests == 1


def test_a_rotated_key_is_picked_up_once_a_minute_has_passed_since_the_last_fetch(
    jwks_server: JwksServer, pool_key: rsa.RSAPrivateKey, forger_key: rsa.RSAPrivateKey
) -> None:
    clock = FakeMonotonic()
    cache = JwksCache(jwks_server.url, clock=clock)
    cache.key(KID)
    jwks_server.jwks = {"keys": [public_jwk(pool_key, KID), public_jwk(forger_key, "rotated-in")]}

    clock.now += MIN_REFETCH_SECONDS - 1
    with pytest.raises(UnknownKey):
        cache.key("rotated-in")
    assert jwks_server.requests == 1

    clock.now += 1
    assert cache.key("rotated-in").public_numbers() == forger_key.public_key().public_numbers()
    assert jwks_server.requests == 2


def test_a_failed_fetch_also_waits_a_minute_before_the_next_attempt(jwks_server: JwksServer) -> None:
    clock = FakeMonotonic()
    cache = JwksCache(jwks_server.url.replace("jwks.json", "missing.json"), clock=clock)

    with pytest.raises(urllib.error.HTTPError, match="404"):
        cache.key(KID)
    for _ in range(2):
        clock.now += 1
        with pytest.raises(UnknownKey):
            cache.key(KID)
    assert jwks_server.requests == 1


def test_a_jwks_url_that_nothing_listens_on_raises_rather_than_returning_keys() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # The port was free a moment ago and nothing was started on it.
    with pytest.raises(OSError, match="refused"):
        fetch_jwks(f"http://127.0.0.1:{port}/.well-known/jwks.json")


def test_only_http_and_https_jwks_urls_are_fetched() -> None:
    with pytest.raises(ValueError, match="http"):
        fetch_jwks("file:///etc/passwd")


def test_keys_that_are_not_rs256_signing_keys_are_left_out(pool_key: rsa.RSAPrivateKey) -> None:
    good = public_jwk(pool_key, "good")
    document = {
        "keys": [
            good,
            {"kty": "oct", "kid": "symmetric", "k": "c2VjcmV0"},
            {**public_jwk(pool_key, "for-encryption"), "use": "enc"},
            {**public_jwk(pool_key, "other-alg"), "alg": "RS512"},
            {**public_jwk(pool_key, "broken"), "n": "%%%"},
            "not an object",
        ]
    }

    assert list(rsa_signing_keys(document)) == ["good"]
