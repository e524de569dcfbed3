"""One SQLite file in WAL mode, shared safely by threads and processes."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

# Writers queue behind one another; a generous wait keeps bursts of concurrent writes from failing.
BUSY_TIMEOUT_SECONDS = 30.0
# The adapters' single-statement conditional writes use UPDATE ... RETURNING (3.35) and upserts (3.24).
MINIMUM_SQLITE = (3, 35, 0)


class SqliteTooOld(RuntimeError):
    def __init__(self) -> None:
        wanted = ".".join(map(str, MINIMUM_SQLITE))
        super().__init__(f"SQLite {sqlite3.sqlite_version} is older than {wanted}, which the storage needs")


class SqliteDatabase:
    """Hands each thread its own connection (sqlite3 connections must not cross threads).

    Connections run in autocommit mode: every write the adapters make is a single statement, which SQLite
    applies atomically, so no explicit transactions are needed."""

    def __init__(self, path: str | Path) -> None:
        if sqlite3.sqlite_version_info < MINIMUM_SQLITE:
            raise SqliteTooOld
        self.path = Path(path)
        self._local = threading.local()
        self._schema_lock = threading.Lock()
        self._applied: set[str] = set()

    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    def ensure_schema(self, ddl: str) -> None:
        """Runs idempotent DDL once per process; CREATE ... IF NOT EXISTS makes racing processes harmless."""
        with self._schema_lock:
            if ddl in self._applied:
                return
            self.connection().executescript(ddl)
            self._applied.add(ddl)

    def ensure_column(self, table: str, column: str, ddl: str) -> None:
        """Adds a column that a database written by an earlier version lacks; racing processes are harmless."""
        with self._schema_lock:
            if ddl in self._applied:
                return
            columns = {row["name"] for row in self.connection().execute(f"PRAGMA table_info({table})")}
            if column not in columns:
                try:
                    self.connection().execute(ddl)
                except sqlite3.OperationalError as error:
                    if "duplicate column" not in str(error):
                        raise
            self._applied.add(ddl)

    def close(self) -> None:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
