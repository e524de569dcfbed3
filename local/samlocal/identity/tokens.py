"""ID and access tokens: RS256 JWTs with the claims Cognito puts in them, and verification of our own."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import jwt

from samlocal.identity.errors import NotAuthorized
from samlocal.identity.keys import SigningKey
from samlocal.identity.sessions import AuthSession
from samlocal.identity.users import User

ACCESS_SCOPE = "aws.cognito.signin.user.admin"


@dataclass(frozen=True)
class TokenPair:
    id_token: str
    access_token: str


class TokenIssuer:
    def __init__(self, key: SigningKey, pool_id: str, client_id: str) -> None:
        self._key = key
        self._pool_id = pool_id
        self._client_id = client_id

    def issue(
        self, user: User, groups: list[str], session: AuthSession, issuer: str, now: int, lifetimes: tuple[int, int]
    ) -> TokenPair:
        """lifetimes: (id token seconds, access token seconds). A fresh jti each time; origin_jti, event_id
        and auth_time come from the sign-in, so refreshed tokens keep them as Cognito's do."""
        id_seconds, access_seconds = lifetimes
        common: dict[str, Any] = {"sub": user.sub}
        if groups:
            common["cognito:groups"] = groups
        id_claims = {
            **common,
            "email_verified": user.attributes.get("email_verified") == "true",
            "iss": issuer,
            "cognito:username": user.sub,
            "origin_jti": session.origin_jti,
            "aud": self._client_id,
            "event_id": session.event_id,
            "token_use": "id",
            "auth_time": session.auth_time,
            **({"name": user.attributes["name"]} if "name" in user.attributes else {}),
            "exp": now + id_seconds,
            "iat": now,
            "jti": str(uuid.uuid4()),
            "email": user.attributes["email"],
        }
        access_claims = {
            **common,
            "iss": issuer,
            "client_id": self._client_id,
            "origin_jti": session.origin_jti,
            "event_id": session.event_id,
            "token_use": "access",
            "scope": ACCESS_SCOPE,
            "auth_time": session.auth_time,
            "exp": now + access_seconds,
            "iat": now,
            "jti": str(uuid.uuid4()),
            "username": user.sub,
        }
        return TokenPair(self._sign(id_claims), self._sign(access_claims))

    def _sign(self, claims: dict[str, Any]) -> str:
        # Cognito's headers carry only kid and alg; typ None tells PyJWT to leave its default out.
        return jwt.encode(claims, self._key.private_key, algorithm="RS256", headers={"kid": self._key.kid, "typ": None})

    def verify_access(self, token: str, now: float) -> dict[str, Any]:
        """Claims of an access token this pool issued to its client; NotAuthorizedException otherwise.
        The issuer's host may differ (the same pool is reachable by several names), its pool may not."""
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._key.public_key,
                algorithms=["RS256"],
                options={"require": ["exp", "iat", "iss", "sub", "origin_jti"], "verify_exp": False},
            )
        except jwt.PyJWTError:
            raise NotAuthorized("Invalid Access Token") from None
        if (
            claims.get("token_use") != "access"
            or claims.get("client_id") != self._client_id
            or not str(claims["iss"]).endswith(f"/{self._pool_id}")
        ):
            raise NotAuthorized("Invalid Access Token")
        if int(claims["exp"]) <= now:
            raise NotAuthorized("Access Token has expired")
        return claims
