"""The SQLite file every adapter shares."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from foodorder.adapters.storage.sqlite_db import SqliteDatabase, SqliteTooOld


def test_an_sqlite_library_without_returning_is_refused_at_start_not_at_the_first_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 34, 1))
    with pytest.raises(SqliteTooOld, match=r"older than 3\.35\.0"):
        SqliteDatabase(tmp_path / "db")


def test_each_thread_gets_its_own_connection_to_one_wal_file(tmp_path: Path) -> None:
    db = SqliteDatabase(tmp_path / "db")
    seen: list[sqlite3.Connection] = []
    thread = threading.Thread(target=lambda: seen.append(db.connection()))
    thread.start()
    thread.join()
    assert seen[0] is not db.connection()
    assert db.connection().execute("PRAGMA journal_mode").fetchone()[0] == "wal"
