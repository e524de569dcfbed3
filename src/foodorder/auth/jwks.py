"""The user pool's signing keys, fetched from its JWKS URL and kept for the life of the execution environment."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any

import jwt

from foodorder.auth.errors import InvalidToken

# An unknown `kid` may mean the pool rotated its keys, or a forged token: refetch, but at most this often.
MIN_REFETCH_SECONDS = 60.0
FETCH_TIMEOUT_SECONDS = 5.0
MAX_JWKS_BYTES = 1_000_000
ALGORITHM = "RS256"

Fetch = Callable[[str], Mapping[str, Any]]


class UnknownKey(InvalidToken):
    def __init__(self, kid: str) -> None:
        super().__init__(f"no signing key with kid {kid!r}")


def fetch_jwks(url: str) -> Mapping[str, Any]:
    """GETs the JWKS document; https on AWS, http for a local identity provider on loopback."""
    if urllib.parse.urlsplit(url).scheme not in {"https", "http"}:
        raise ValueError(f"JWKS URL must be http(s), not {url!r}")
    with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310 - scheme checked
        document = json.loads(response.read(MAX_JWKS_BYTES))
    if not isinstance(document, dict):
        raise ValueError("the JWKS document is not a JSON object")
    return document


def rsa_signing_keys(document: Mapping[str, Any]) -> dict[str, Any]:
    """Public keys by `kid`; keys that are not RSA signing keys for RS256 are left out, never guessed at."""
    keys: dict[str, Any] = {}
    entries = document.get("keys")
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not _is_rs256_signing_key(entry):
            continue
        try:
            keys[entry["kid"]] = jwt.PyJWK(entry, algorithm=ALGORITHM).key
        except jwt.PyJWTError:
            continue
    return keys


def _is_rs256_signing_key(entry: Mapping[str, Any]) -> bool:
    return (
        entry.get("kty") == "RSA"
        and isinstance(entry.get("kid"), str)
        and entry.get("use", "sig") == "sig"
        and entry.get("alg", ALGORITHM) == ALGORITHM
    )


class JwksCache:
    """Keys by `kid`, fetched on first use and again on an unknown `kid`, at most once per MIN_REFETCH_SECONDS.

    A failed fetch counts as an attempt too, so a flood of forged `kid`s can never hammer the identity provider."""

    def __init__(self, url: str, *, fetch: Fetch = fetch_jwks, clock: Callable[[], float] = time.monotonic) -> None:
        self._url = url
        self._fetch = fetch
        self._clock = clock
        self._keys: dict[str, Any] = {}
        self._fetched_at: float | None = None
        self._lock = threading.Lock()

    def key(self, kid: str) -> Any:
        with self._lock:
            if kid not in self._keys and self._may_fetch():
                self._fetched_at = self._clock()
                self._keys = rsa_signing_keys(self._fetch(self._url))
            key = self._keys.get(kid)
        if key is None:
            raise UnknownKey(kid)
        return key

    def _may_fetch(self) -> bool:
        return self._fetched_at is None or self._clock() - self._fetched_at >= MIN_REFETCH_SECONDS
