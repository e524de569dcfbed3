"""The deliveries not yet done, in SQLite in the state directory: an event PutEvents accepted survives a restart
and is delivered after it (at least once, as EventBridge and Lambda's asynchronous invocation promise)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    rule TEXT NOT NULL,
    function TEXT NOT NULL,
    event TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    due REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (due);
"""


@dataclass(frozen=True)
class Pending:
    """One event for one rule's target."""

    event_id: str
    rule: str
    function: str
    event: dict[str, Any]


@dataclass(frozen=True)
class Queued:
    id: int
    pending: Pending
    attempts: int


class DeliveryQueue:
    """One connection, serialised by a lock: the queue is small and its writes are single statements. Once closed,
    updates are ignored: a delivery that finishes during shutdown is simply delivered again after the restart."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.executescript(_SCHEMA)
        self._lock = threading.Lock()
        self._closed = False

    def push(self, items: Iterable[Pending], due: float) -> None:
        """All of one PutEvents call in one transaction: it answers only once they are stored."""
        rows = [(p.event_id, p.rule, p.function, json.dumps(p.event), due) for p in items]
        if not rows:
            return
        with self._lock, self._conn:
            self._conn.execute("BEGIN")
            self._conn.executemany(
                "INSERT INTO deliveries (event_id, rule, function, event, due) VALUES (?, ?, ?, ?, ?)", rows
            )

    def due(self, now: float, exclude: Sequence[int], limit: int) -> list[Queued]:
        marks = ", ".join("?" * len(exclude))
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, event_id, rule, function, event, attempts FROM deliveries "  # noqa: S608
                f"WHERE due <= ? AND id NOT IN ({marks}) ORDER BY due, id LIMIT ?",
                (now, *exclude, limit),
            ).fetchall()
        return [Queued(row[0], Pending(row[1], row[2], row[3], json.loads(row[4])), row[5]) for row in rows]

    def next_due(self) -> float | None:
        with self._lock:
            row = self._conn.execute("SELECT MIN(due) FROM deliveries").fetchone()
        return None if row[0] is None else float(row[0])

    def retry(self, delivery_id: int, due: float) -> None:
        with self._lock:
            if not self._closed:
                self._conn.execute(
                    "UPDATE deliveries SET attempts = attempts + 1, due = ? WHERE id = ?", (due, delivery_id)
                )

    def done(self, delivery_id: int) -> None:
        with self._lock:
            if not self._closed:
                self._conn.execute("DELETE FROM deliveries WHERE id = ?", (delivery_id,))

    def __len__(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()
