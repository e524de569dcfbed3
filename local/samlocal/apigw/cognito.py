"""API Gateway's Cognito user-pool authorizer: the ID token verified here, its claims delivered as strings.

A verified token's claims are cached for the authorizer's TTL (Identity.ReauthorizeEvery, 300 s unless the template
says otherwise, as API Gateway caches authorizer results), never past the token's own expiry; the pool's keys are
cached by `kid` and read again from the key source when a token names a `kid` not seen before."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import jwt

from samlocal.apigw.authorizers import Outcome
from samlocal.apigw.responses import UNAUTHORIZED
from samlocal.template.topology import CognitoAuthorizerSpec

KeySource = Callable[[], Mapping[str, Any]]
"""Returns the user pool's JWKS document ({"keys": [...]}), e.g. read from the local identity provider."""

# Distinct tokens the cache holds at most; past that it starts again empty rather than grow without bound.
MAX_CACHED_TOKENS = 10_000


class CognitoAuthorizer:
    """Verifies ID tokens of the local user pool: RS256 signature, exp, iss; no scopes are configured, so an
    access token is refused as API Gateway refuses it."""

    def __init__(self, cognito_endpoint: str, keys: KeySource, clock: Callable[[], float] = time.time) -> None:
        self._endpoint = cognito_endpoint.rstrip("/")
        self._keys = keys
        self._clock = clock
        self._public_keys: dict[str, Any] = {}
        self._verified: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def authorize(self, spec: CognitoAuthorizerSpec, token: str) -> Outcome:
        token = _without_bearer(token)
        if not token:
            return UNAUTHORIZED
        now = self._clock()
        cached = self._verified.get((spec.name, token))
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            claims = self._verified_claims(token, f"{self._endpoint}/{spec.user_pool_id}")
        except Exception:  # anything unverifiable, including an unreachable key source, is no entry
            return UNAUTHORIZED
        if claims.get("token_use") != "id":
            return UNAUTHORIZED
        outcome = {"claims": render_claims(claims)}
        with self._lock:
            if len(self._verified) >= MAX_CACHED_TOKENS:
                self._verified.clear()
            self._verified[(spec.name, token)] = (min(now + spec.ttl, float(claims["exp"])), outcome)
        return outcome

    def _verified_claims(self, token: str, issuer: str) -> dict[str, Any]:
        claims: dict[str, Any] = jwt.decode(
            token,
            self._key(jwt.get_unverified_header(token).get("kid")),
            algorithms=["RS256"],
            issuer=issuer,
            options={"require": ["exp", "iss", "token_use"], "verify_aud": False},
        )
        return claims

    def _key(self, kid: Any) -> Any:
        key = self._public_keys.get(kid) if isinstance(kid, str) else None
        if key is None:
            matching = [entry for entry in self._keys().get("keys", []) if entry.get("kid") == kid]
            if len(matching) != 1:
                raise jwt.InvalidKeyError(f"no single key with kid {kid!r}")
            key = self._public_keys[kid] = jwt.PyJWK(matching[0], algorithm="RS256").key
        return key


_BEARER = "bearer "


def _without_bearer(token: str) -> str:
    """The token after an optional `Bearer ` prefix, in any case, as the Users authorizer accepts it."""
    if token[: len(_BEARER)].lower() == _BEARER:
        token = token[len(_BEARER) :]
    return token.strip()


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def render_claims(claims: Mapping[str, Any]) -> dict[str, str]:
    """Claims as the REST Cognito authorizer delivers them: every value a string; exp and iat as dates
    ("Tue Apr 04 18:39:39 UTC 2023"), other numbers as digits, lists (cognito:groups) joined with commas."""
    return {key: _render(key, value) for key, value in claims.items()}


def _render(key: str, value: Any) -> str:
    if key in ("exp", "iat") and isinstance(value, int | float) and not isinstance(value, bool):
        moment = datetime.fromtimestamp(value, UTC)
        return (
            f"{_DAYS[moment.weekday()]} {_MONTHS[moment.month - 1]} {moment.day:02d} "
            f"{moment.strftime('%H:%M:%S')} UTC {moment.year}"
        )
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_render("", item) for item in value)
    return str(value)
