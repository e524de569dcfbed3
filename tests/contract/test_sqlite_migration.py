"""A database written before orders had statuses to move (no status_time column) opens under this version: the
column is added in place, old rows read as PLACED since their orderTime, and they take status changes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from foodorder.adapters.storage.sqlite_db import SqliteDatabase
from foodorder.adapters.storage.sqlite_orders import SqliteOrders
from foodorder.domain.lifecycle import OrderStatus

ORDER_TIME = "2026-01-02T03:04:05Z"
LATER = "2026-01-02T03:05:00Z"
# The orders table as the version before the order lifecycle created it.
EARLIER_SCHEMA = """
CREATE TABLE orders (
    user_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    restaurant_id INTEGER NOT NULL,
    order_items TEXT NOT NULL,
    total_amount TEXT NOT NULL,
    status TEXT NOT NULL,
    order_time TEXT NOT NULL,
    PRIMARY KEY (user_id, order_id)
) WITHOUT ROWID;
"""


def earlier_database(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.executescript(EARLIER_SCHEMA)
        conn.execute(
            "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?)",
            ("user-1", "o-1", 1, '[{"id":1,"name":"Spaghetti","price":9.99,"quantity":1}]', "9.99",
             "PLACED", ORDER_TIME),
        )  # fmt: skip
    conn.close()


def test_an_order_stored_before_status_time_existed_reads_status_time_equal_to_order_time(tmp_path: Path) -> None:
    earlier_database(tmp_path / "db")

    order = SqliteOrders(SqliteDatabase(tmp_path / "db")).get("user-1", "o-1")

    assert (order.status, order.order_time, order.status_time) == (OrderStatus.PLACED, ORDER_TIME, ORDER_TIME)
    assert order.to_document()["statusTime"] == ORDER_TIME


def test_an_order_stored_before_status_time_existed_takes_a_status_change(tmp_path: Path) -> None:
    earlier_database(tmp_path / "db")
    SqliteOrders(SqliteDatabase(tmp_path / "db"))
    # A second process opening the same file finds the column there already.
    orders = SqliteOrders(SqliteDatabase(tmp_path / "db"))

    changed = orders.change_status("user-1", "o-1", OrderStatus.ACKNOWLEDGED, at=LATER)

    assert (changed.status, changed.status_time) == (OrderStatus.ACKNOWLEDGED, LATER)
    assert orders.get("user-1", "o-1").status_time == LATER
