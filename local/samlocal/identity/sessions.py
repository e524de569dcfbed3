"""Short-lived secrets: confirmation codes, NEW_PASSWORD_REQUIRED sessions, and refresh-token sessions.

Every secret is stored only as its SHA-256: they are random and long (codes also expire and are bound to one
user), so a fast hash is enough to keep a copied database from being replayed."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from typing import Literal

from samlocal.identity.store import IdentityDatabase

CODE_SECONDS = 24 * 3600  # Cognito's confirmation codes are valid for 24 hours.

CodeCheck = Literal["ok", "mismatch", "expired"]


@dataclass(frozen=True)
class AuthSession:
    """One sign-in: the refresh token and every token refreshed from it share origin_jti, event_id, auth_time."""

    origin_jti: str
    sub: str
    event_id: str
    auth_time: int
    expires_at: float
    revoked: bool


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class SessionStore:
    def __init__(self, db: IdentityDatabase) -> None:
        self._db = db

    def issue_code(self, sub: str, now: float) -> str:
        code = f"{secrets.randbelow(1_000_000):06d}"
        self._db.connection().execute(
            "INSERT OR REPLACE INTO identity_codes VALUES (?, ?, ?)", (sub, _digest(code), now + CODE_SECONDS)
        )
        return code

    def check_code(self, sub: str, code: str, now: float) -> CodeCheck:
        row = self._db.connection().execute("SELECT * FROM identity_codes WHERE sub = ?", (sub,)).fetchone()
        if row is None or not hmac.compare_digest(row["code_hash"], _digest(code)):
            return "mismatch"
        return "expired" if row["expires_at"] <= now else "ok"

    def discard_code(self, sub: str) -> None:
        self._db.connection().execute("DELETE FROM identity_codes WHERE sub = ?", (sub,))

    def start_challenge(self, sub: str, now: float, lifetime: float) -> str:
        session = secrets.token_urlsafe(64)
        self._db.connection().execute(
            "INSERT INTO identity_challenges VALUES (?, ?, ?)", (_digest(session), sub, now + lifetime)
        )
        return session

    def challenge_user(self, session: str, now: float) -> str | None:
        row = (
            self._db.connection()
            .execute(
                "SELECT sub FROM identity_challenges WHERE session_hash = ? AND expires_at > ?", (_digest(session), now)
            )
            .fetchone()
        )
        return None if row is None else str(row["sub"])

    def finish_challenge(self, session: str) -> bool:
        """Consumes the session; False when another request already answered it."""
        deleted = self._db.connection().execute(
            "DELETE FROM identity_challenges WHERE session_hash = ?", (_digest(session),)
        )
        return deleted.rowcount == 1

    def start_session(self, sub: str, now: float, lifetime: float) -> tuple[AuthSession, str]:
        refresh_token = secrets.token_urlsafe(96)
        session = AuthSession(str(uuid.uuid4()), sub, str(uuid.uuid4()), int(now), now + lifetime, revoked=False)
        self._db.connection().execute(
            "INSERT INTO identity_sessions VALUES (?, ?, ?, ?, ?, ?, 0)",
            (session.origin_jti, sub, _digest(refresh_token), session.event_id, session.auth_time, session.expires_at),
        )
        return session, refresh_token

    def by_refresh_token(self, refresh_token: str) -> AuthSession | None:
        return self._one("refresh_hash", _digest(refresh_token))

    def by_origin(self, origin_jti: str) -> AuthSession | None:
        return self._one("origin_jti", origin_jti)

    def revoke_all(self, sub: str) -> None:
        self._db.connection().execute("UPDATE identity_sessions SET revoked = 1 WHERE sub = ?", (sub,))

    def _one(self, column: Literal["refresh_hash", "origin_jti"], value: str) -> AuthSession | None:
        row = (
            self._db.connection()
            .execute(
                f"SELECT * FROM identity_sessions WHERE {column} = ?",  # noqa: S608 - column from a Literal
                (value,),
            )
            .fetchone()
        )
        if row is None:
            return None
        return AuthSession(
            row["origin_jti"], row["sub"], row["event_id"], row["auth_time"], row["expires_at"], bool(row["revoked"])
        )
