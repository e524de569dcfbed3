"""Orders in a dict: the fake that unit tests use, held to the same contract as the real adapters."""

from __future__ import annotations

import threading

from foodorder.domain.lifecycle import OrderStatus, StatusNotChanged, may_follow, require_restaurant_status
from foodorder.domain.orders import (
    Order,
    OrderAlreadyExists,
    OrderDraft,
    OrderNotCancellable,
    OrderNotEditable,
    OrderNotFound,
)
from foodorder.domain.pagination import Page


class InMemoryOrders:
    def __init__(self) -> None:
        self._orders: dict[tuple[str, str], Order] = {}
        self._lock = threading.Lock()

    def add(self, order: Order) -> None:
        with self._lock:
            key = (order.user_id, order.order_id)
            if key in self._orders:
                raise OrderAlreadyExists(order.order_id, self._orders[key])
            self._orders[key] = order

    def get(self, user_id: str, order_id: str) -> Order:
        try:
            return self._orders[(user_id, order_id)]
        except KeyError:
            raise OrderNotFound(order_id) from None

    def list(self, user_id: str, limit: int, after: str | None) -> Page[Order]:
        keys = sorted(oid for uid, oid in self._orders if uid == user_id and oid > (after or ""))
        page = [self._orders[(user_id, oid)] for oid in keys[:limit]]
        return Page(page, page[-1].order_id if len(keys) > limit else None)

    def update_placed(self, user_id: str, draft: OrderDraft) -> Order:
        with self._lock:
            order = self.get(user_id, draft.order_id)
            if order.status is not OrderStatus.PLACED:
                raise OrderNotEditable(draft.order_id)
            self._orders[(user_id, draft.order_id)] = edited = order.edited(draft)
            return edited

    def cancel_placed(self, user_id: str, order_id: str, placed_after: str, at: str) -> Order:
        with self._lock:
            order = self.get(user_id, order_id)
            if order.status is not OrderStatus.PLACED or order.order_time <= placed_after:
                raise OrderNotCancellable(order_id)
            self._orders[(user_id, order_id)] = canceled = order.with_status(OrderStatus.CANCELED, at)
            return canceled

    def change_status(self, user_id: str, order_id: str, status: OrderStatus, at: str) -> Order:
        require_restaurant_status(status)
        with self._lock:
            order = self.get(user_id, order_id)
            if order.status not in may_follow(status):
                raise StatusNotChanged(order_id, order.status, status)
            self._orders[(user_id, order_id)] = changed = order.with_status(status, at)
            return changed
