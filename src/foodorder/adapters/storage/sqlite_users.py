"""Users in SQLite: one row per profile; every write is one statement, so each is atomic on its own."""

from __future__ import annotations

import sqlite3

from foodorder.adapters.storage.sqlite_db import SqliteDatabase
from foodorder.domain.pagination import Page
from foodorder.domain.users import User, UserAlreadyExists, UserNotFound

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    userid TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT,
    timestamp TEXT NOT NULL
) WITHOUT ROWID;
"""

_VALUES = "INTO users (userid, name, email, timestamp) VALUES (:userid, :name, :email, :timestamp)"
_INSERT = "INSERT " + _VALUES
_INSERT_OR_IGNORE = "INSERT OR IGNORE " + _VALUES
_INSERT_OR_REPLACE = "INSERT OR REPLACE " + _VALUES


def _user(row: sqlite3.Row) -> User:
    return User(userid=row["userid"], name=row["name"], email=row["email"], timestamp=row["timestamp"])


def _params(user: User) -> dict[str, str | None]:
    return {"userid": user.userid, "name": user.name, "email": user.email, "timestamp": user.timestamp}


class SqliteUsers:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db
        db.ensure_schema(SCHEMA)

    def add(self, user: User) -> None:
        try:
            self._db.connection().execute(_INSERT, _params(user))
        except sqlite3.IntegrityError as exc:
            raise UserAlreadyExists(user.userid) from exc

    def put(self, user: User) -> bool:
        # SQLite's upsert cannot tell whether it inserted, so the plain insert goes first. Each statement is
        # atomic, and the replace overwrites whatever a concurrent writer left: the row always ends as this user.
        conn = self._db.connection()
        if conn.execute(_INSERT_OR_IGNORE, _params(user)).rowcount == 1:
            return True
        conn.execute(_INSERT_OR_REPLACE, _params(user))
        return False

    def get(self, userid: str) -> User:
        row = self._db.connection().execute("SELECT * FROM users WHERE userid = ?", (userid,)).fetchone()
        if row is None:
            raise UserNotFound(userid)
        return _user(row)

    def list(self, limit: int, after: str | None) -> Page[User]:
        # One row more than asked tells whether another page exists without an empty last page.
        rows = (
            self._db.connection()
            .execute("SELECT * FROM users WHERE userid > ? ORDER BY userid LIMIT ?", (after or "", limit + 1))
            .fetchall()
        )
        users = [_user(row) for row in rows[:limit]]
        return Page(users, users[-1].userid if len(rows) > limit else None)

    def delete(self, userid: str) -> None:
        if self._db.connection().execute("DELETE FROM users WHERE userid = ?", (userid,)).rowcount == 0:
            raise UserNotFound(userid)
