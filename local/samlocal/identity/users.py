"""Users and group memberships in the identity database."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Literal

from samlocal.identity.errors import UsernameExists
from samlocal.identity.store import IdentityDatabase

UserStatus = Literal["UNCONFIRMED", "CONFIRMED", "FORCE_CHANGE_PASSWORD"]


@dataclass(frozen=True)
class User:
    sub: str
    login: str
    status: UserStatus
    password_hash: str | None
    password_set_at: float
    created_at: float
    modified_at: float
    attributes: dict[str, str] = field(default_factory=dict)


class UserStore:
    def __init__(self, db: IdentityDatabase, *, case_sensitive: bool) -> None:
        self._db = db
        self._case_sensitive = case_sensitive

    def login_key(self, username: str) -> str:
        return username if self._case_sensitive else username.lower()

    def find(self, username: str) -> User | None:
        """By the internal username (the sub) or by the email users sign in with, as Cognito resolves both."""
        row = (
            self._db.connection()
            .execute("SELECT * FROM identity_users WHERE sub = ? OR login = ?", (username, self.login_key(username)))
            .fetchone()
        )
        return None if row is None else _user(row)

    def all(self) -> list[User]:
        rows = self._db.connection().execute("SELECT * FROM identity_users ORDER BY sub").fetchall()
        return [_user(row) for row in rows]

    def create(self, user: User, *, message: str) -> None:
        try:
            self._db.connection().execute(
                "INSERT INTO identity_users VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    user.sub,
                    user.login,
                    user.status,
                    user.password_hash,
                    user.password_set_at,
                    json.dumps(user.attributes),
                    user.created_at,
                    user.modified_at,
                ),
            )
        except sqlite3.IntegrityError:
            raise UsernameExists(message) from None

    def save(self, user: User) -> None:
        self._db.connection().execute(
            "UPDATE identity_users SET status = ?, password_hash = ?, password_set_at = ?, attributes = ?, "
            "modified_at = ? WHERE sub = ?",
            (
                user.status,
                user.password_hash,
                user.password_set_at,
                json.dumps(user.attributes),
                user.modified_at,
                user.sub,
            ),
        )

    def delete(self, sub: str) -> None:
        with self._db.transaction() as conn:
            for table in (
                "identity_users",
                "identity_codes",
                "identity_memberships",
                "identity_challenges",
                "identity_sessions",
            ):
                conn.execute(f"DELETE FROM {table} WHERE sub = ?", (sub,))  # noqa: S608 - fixed table names

    def groups(self, sub: str) -> list[str]:
        rows = self._db.connection().execute(
            "SELECT group_name FROM identity_memberships WHERE sub = ? ORDER BY group_name", (sub,)
        )
        return [row["group_name"] for row in rows]

    def add_to_group(self, sub: str, group: str) -> None:
        self._db.connection().execute("INSERT OR IGNORE INTO identity_memberships VALUES (?, ?)", (sub, group))

    def remove_from_group(self, sub: str, group: str) -> None:
        self._db.connection().execute("DELETE FROM identity_memberships WHERE sub = ? AND group_name = ?", (sub, group))


def _user(row: sqlite3.Row) -> User:
    return User(
        sub=row["sub"],
        login=row["login"],
        status=row["status"],
        password_hash=row["password_hash"],
        password_set_at=row["password_set_at"],
        created_at=row["created_at"],
        modified_at=row["modified_at"],
        attributes=json.loads(row["attributes"]),
    )
