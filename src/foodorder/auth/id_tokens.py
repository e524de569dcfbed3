"""Cognito ID token verification: RS256 by the pool's key, unexpired, this pool's issuer, this app client, `id` use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jwt

from foodorder.auth.errors import InvalidToken
from foodorder.auth.jwks import ALGORITHM, JwksCache
from foodorder.domain.users import USERID_PATTERN

# Tolerates small clock skew between the identity provider and this function on exp, iat and nbf.
LEEWAY_SECONDS = 30
REQUIRED_CLAIMS = ["sub", "iss", "aud", "exp", "iat", "token_use"]
BEARER_PREFIX = "bearer "


@dataclass(frozen=True)
class Identity:
    sub: str
    email: str | None
    is_admin: bool


class IdTokenVerifier:
    def __init__(self, *, issuer: str, client_id: str, admin_group: str, keys: JwksCache) -> None:
        self._issuer = issuer
        self._client_id = client_id
        self._admin_group = admin_group
        self._keys = keys

    def verify(self, authorization: object) -> Identity:
        """The identity in a raw `Authorization` header value (a `Bearer ` prefix is tolerated); InvalidToken
        for anything that is not a valid ID token of this pool and client."""
        token = _strip_bearer(authorization)
        try:
            claims = jwt.decode(
                token,
                self._keys.key(_rs256_kid(token)),
                algorithms=[ALGORITHM],
                audience=self._client_id,
                issuer=self._issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": REQUIRED_CLAIMS, "strict_aud": True},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(str(exc)) from None
        return self._identity(claims)

    def _identity(self, claims: dict[str, Any]) -> Identity:
        # Cognito's access tokens are signed by the same keys; only an ID token names its user for this API.
        if claims.get("token_use") != "id":
            raise InvalidToken("not an ID token")
        sub = claims.get("sub")
        # The sub becomes part of the policy's resource ARNs, so it must hold no wildcard or path character.
        if not isinstance(sub, str) or not USERID_PATTERN.fullmatch(sub):
            raise InvalidToken("sub is not a user id")
        email = claims.get("email")
        groups = claims.get("cognito:groups")
        is_admin = isinstance(groups, list) and self._admin_group in groups
        return Identity(sub=sub, email=email if isinstance(email, str) else None, is_admin=is_admin)


def _strip_bearer(authorization: object) -> str:
    if not isinstance(authorization, str) or not authorization.strip():
        raise InvalidToken("no token")
    token = authorization.strip()
    if token[: len(BEARER_PREFIX)].lower() == BEARER_PREFIX:
        token = token[len(BEARER_PREFIX) :].strip()
    return token


def _rs256_kid(token: str) -> str:
    """The `kid` of a token whose header claims RS256; `none`, HS256 and every other algorithm are refused here,
    before any key is chosen."""
    header = jwt.get_unverified_header(token)
    if header.get("alg") != ALGORITHM:
        raise InvalidToken(f"algorithm {header.get('alg')!r} is not {ALGORITHM}")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise InvalidToken("no kid in the token header")
    return kid
