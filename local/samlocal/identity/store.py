"""The identity provider's SQLite file (WAL mode): schema, transactions, and the pool's stable ids."""

from __future__ import annotations

import os
import secrets
import sqlite3
import string
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

DATABASE_FILE = "identity.db"
# Sign-ups and sign-ins of concurrent clients queue behind one another's writes rather than fail.
_BUSY_TIMEOUT_SECONDS = 30.0
_OWNER_ONLY = 0o600
_SIDE_FILES = ("-wal", "-shm")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS identity_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS identity_users (
    sub TEXT PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    password_hash TEXT,
    password_set_at REAL NOT NULL,
    attributes TEXT NOT NULL,
    created_at REAL NOT NULL,
    modified_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS identity_codes (
    sub TEXT PRIMARY KEY, code_hash TEXT NOT NULL, expires_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS identity_memberships (
    sub TEXT NOT NULL, group_name TEXT NOT NULL, PRIMARY KEY (sub, group_name)
);
CREATE TABLE IF NOT EXISTS identity_challenges (
    session_hash TEXT PRIMARY KEY, sub TEXT NOT NULL, expires_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS identity_sessions (
    origin_jti TEXT PRIMARY KEY,
    sub TEXT NOT NULL,
    refresh_hash TEXT NOT NULL UNIQUE,
    event_id TEXT NOT NULL,
    auth_time INTEGER NOT NULL,
    expires_at REAL NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS identity_sessions_by_sub ON identity_sessions (sub);
"""


class IdentityDatabase:
    """A connection per thread (sqlite3 connections must not cross threads), in autocommit mode: single statements
    apply atomically; several together go through `transaction()`."""

    def __init__(self, state_dir: Path) -> None:
        self._path = state_dir / DATABASE_FILE
        _owner_only(self._path)
        self._local = threading.local()
        self.connection().executescript(_SCHEMA)

    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._path, timeout=_BUSY_TIMEOUT_SECONDS, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Several statements applied together; IMMEDIATE takes the write lock up front so reads inside see
        the rows the writes will change."""
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def _owner_only(path: Path) -> None:
    """The database holds password and refresh-token hashes: owner-only (0600), like the signing key, whatever the
    umask. SQLite gives the -wal and -shm files it creates the database file's mode; files left by an older
    install are tightened too."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # An empty file is an empty SQLite database, so creating it here decides its mode.
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, _OWNER_ONLY))
    for file in (path, *(path.with_name(path.name + suffix) for suffix in _SIDE_FILES)):
        with suppress(FileNotFoundError):
            os.chmod(file, _OWNER_ONLY)


@dataclass(frozen=True)
class PoolIdentity:
    pool_id: str
    client_id: str
    created_at: float


def pool_identity(db: IdentityDatabase, region: str, now: float) -> PoolIdentity:
    """Ids shaped like AWS's, made once per state directory; the first writer wins, so restarts and
    concurrent starts agree on them."""
    alphanumerics = string.ascii_letters + string.digits
    fresh = {
        "pool_id": f"{region}_" + "".join(secrets.choice(alphanumerics) for _ in range(9)),
        "client_id": "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(26)),
        "created_at": repr(now),
    }
    with db.transaction() as conn:
        conn.executemany("INSERT OR IGNORE INTO identity_meta (key, value) VALUES (?, ?)", fresh.items())
        stored = dict(conn.execute("SELECT key, value FROM identity_meta").fetchall())
    if not stored["pool_id"].startswith(f"{region}_"):
        raise ValueError(f"the state directory holds pool {stored['pool_id']}, made for another region than {region}")
    return PoolIdentity(stored["pool_id"], stored["client_id"], float(stored["created_at"]))
