"""Orders in SQLite: one row per order, the conditional rules expressed in the WHERE clause of one UPDATE."""

from __future__ import annotations

import sqlite3

from foodorder import codec
from foodorder.adapters.storage.sqlite_db import SqliteDatabase
from foodorder.domain.lifecycle import OrderStatus, StatusNotChanged, may_follow, require_restaurant_status
from foodorder.domain.orders import (
    Order,
    OrderAlreadyExists,
    OrderDraft,
    OrderItem,
    OrderNotCancellable,
    OrderNotEditable,
    OrderNotFound,
    items_document,
)
from foodorder.domain.pagination import Page

SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    user_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    restaurant_id INTEGER NOT NULL,
    order_items TEXT NOT NULL,
    total_amount TEXT NOT NULL,
    status TEXT NOT NULL,
    order_time TEXT NOT NULL,
    status_time TEXT,
    PRIMARY KEY (user_id, order_id)
) WITHOUT ROWID;
"""
# A database written before statuses moved lacks status_time; NULL reads as "PLACED since orderTime".
STATUS_TIME_COLUMN = "ALTER TABLE orders ADD COLUMN status_time TEXT"


def _items_json(items: tuple[OrderItem, ...]) -> str:
    return codec.dumps([items_document(item) for item in items])


def _order(row: sqlite3.Row) -> Order:
    return Order.from_document(
        {
            "orderId": row["order_id"],
            "userId": row["user_id"],
            "restaurantId": row["restaurant_id"],
            "orderItems": codec.loads(row["order_items"]),
            "totalAmount": row["total_amount"],
            "status": row["status"],
            "orderTime": row["order_time"],
            "statusTime": row["status_time"],
        }
    )


class SqliteOrders:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db
        db.ensure_schema(SCHEMA)
        db.ensure_column("orders", "status_time", STATUS_TIME_COLUMN)

    def add(self, order: Order) -> None:
        try:
            self._db.connection().execute(
                "INSERT INTO orders (user_id, order_id, restaurant_id, order_items, total_amount, status, order_time, "
                "status_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    order.user_id,
                    order.order_id,
                    order.restaurant_id,
                    _items_json(order.items),
                    format(order.total_amount, "f"),
                    order.status.value,
                    order.order_time,
                    order.status_time,
                ),
            )
        except sqlite3.IntegrityError as exc:
            row = self._find(order.user_id, order.order_id)
            raise OrderAlreadyExists(order.order_id, _order(row) if row is not None else None) from exc

    def get(self, user_id: str, order_id: str) -> Order:
        row = self._find(user_id, order_id)
        if row is None:
            raise OrderNotFound(order_id)
        return _order(row)

    def list(self, user_id: str, limit: int, after: str | None) -> Page[Order]:
        # One row more than asked tells whether another page exists without an empty last page.
        rows = (
            self._db.connection()
            .execute(
                "SELECT * FROM orders WHERE user_id = ? AND order_id > ? ORDER BY order_id LIMIT ?",
                (user_id, after or "", limit + 1),
            )
            .fetchall()
        )
        orders = [_order(row) for row in rows[:limit]]
        return Page(orders, orders[-1].order_id if len(rows) > limit else None)

    def update_placed(self, user_id: str, draft: OrderDraft) -> Order:
        rows = (
            self._db.connection()
            .execute(
                "UPDATE orders SET restaurant_id = ?, order_items = ?, total_amount = ? "
                "WHERE user_id = ? AND order_id = ? AND status = 'PLACED' RETURNING *",
                (
                    draft.restaurant_id,
                    _items_json(draft.items),
                    format(draft.total_amount, "f"),
                    user_id,
                    draft.order_id,
                ),
            )
            .fetchall()
        )
        if not rows:
            self.get(user_id, draft.order_id)
            raise OrderNotEditable(draft.order_id)
        return _order(rows[0])

    def cancel_placed(self, user_id: str, order_id: str, placed_after: str, at: str) -> Order:
        rows = (
            self._db.connection()
            .execute(
                "UPDATE orders SET status = 'CANCELED', status_time = ? WHERE user_id = ? AND order_id = ? "
                "AND status = 'PLACED' AND order_time > ? RETURNING *",
                (at, user_id, order_id, placed_after),
            )
            .fetchall()
        )
        if not rows:
            self.get(user_id, order_id)
            raise OrderNotCancellable(order_id)
        return _order(rows[0])

    def change_status(self, user_id: str, order_id: str, status: OrderStatus, at: str) -> Order:
        require_restaurant_status(status)
        allowed = sorted(may_follow(status))
        marks = ", ".join("?" * len(allowed))
        rows = (
            self._db.connection()
            .execute(
                "UPDATE orders SET status = ?, status_time = ? WHERE user_id = ? AND order_id = ? "  # noqa: S608
                f"AND status IN ({marks}) RETURNING *",
                (status.value, at, user_id, order_id, *allowed),
            )
            .fetchall()
        )
        if not rows:
            # Only to say why nothing was written: the decision was the UPDATE's.
            raise StatusNotChanged(order_id, self.get(user_id, order_id).status, status)
        return _order(rows[0])

    def _find(self, user_id: str, order_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = (
            self._db.connection()
            .execute(
                "SELECT * FROM orders WHERE user_id = ? AND order_id = ?",
                (user_id, order_id),
            )
            .fetchone()
        )
        return row
