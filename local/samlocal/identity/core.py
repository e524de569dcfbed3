"""What every operation shares: the pool's settings and ids, its stores, the clock, and signing in."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from samlocal.identity.errors import ResourceNotFound, UserNotFound
from samlocal.identity.params import Params, text
from samlocal.identity.passwords import PasswordHasher
from samlocal.identity.pool import PoolSettings
from samlocal.identity.sessions import AuthSession, SessionStore
from samlocal.identity.store import PoolIdentity
from samlocal.identity.tokens import TokenIssuer
from samlocal.identity.users import User, UserStore

# The local stand-in for Cognito's email delivery: confirmation codes and invitations are logged here.
log = logging.getLogger("samlocal.identity")


@dataclass(frozen=True)
class Pool:
    settings: PoolSettings
    ids: PoolIdentity
    users: UserStore
    sessions: SessionStore
    tokens: TokenIssuer
    clock: Callable[[], float]
    passwords: PasswordHasher

    def check_pool(self, params: Params) -> None:
        pool_id = text(params, "UserPoolId")
        if pool_id != self.ids.pool_id:
            raise ResourceNotFound(f"User pool {pool_id} does not exist.")

    def check_client(self, params: Params) -> None:
        client_id = text(params, "ClientId")
        if client_id != self.ids.client_id:
            raise ResourceNotFound(f"User pool client {client_id} does not exist.")

    def existing_user(self, params: Params) -> User:
        """The user an admin operation names, by sub or email."""
        user = self.users.find(text(params, "Username"))
        if user is None:
            raise UserNotFound("User does not exist.")
        return user

    def sign_in(self, user: User, issuer: str) -> dict[str, Any]:
        """A new sign-in session: AuthenticationResult with a refresh token."""
        client = self.settings.client
        session, refresh_token = self.sessions.start_session(user.sub, self.clock(), client.refresh_token_seconds)
        return {**self.tokens_for(user, session, issuer), "RefreshToken": refresh_token}

    def tokens_for(self, user: User, session: AuthSession, issuer: str) -> dict[str, Any]:
        client = self.settings.client
        pair = self.tokens.issue(
            user,
            self.users.groups(user.sub),
            session,
            issuer,
            int(self.clock()),
            (client.id_token_seconds, client.access_token_seconds),
        )
        return {
            "AccessToken": pair.access_token,
            "ExpiresIn": client.access_token_seconds,
            "TokenType": "Bearer",
            "IdToken": pair.id_token,
        }
