"""Ports: what the services need from storage. Adapters return domain objects and raise domain errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from foodorder.domain.lifecycle import OrderStatus
from foodorder.domain.orders import Order, OrderDraft
from foodorder.domain.pagination import Page
from foodorder.domain.users import User

Clock = Callable[[], datetime]


class OrdersRepository(Protocol):
    def add(self, order: Order) -> None:
        """Stores a new order; OrderAlreadyExists, carrying the stored order, when the caller already has one
        with that id."""

    def get(self, user_id: str, order_id: str) -> Order:
        """OrderNotFound when the caller has no such order."""

    def list(self, user_id: str, limit: int, after: str | None) -> Page[Order]:
        """The caller's orders in `orderId` order, starting after the key `after`."""

    def update_placed(self, user_id: str, draft: OrderDraft) -> Order:
        """One conditional write: replaces restaurant, items and total while the order is PLACED.

        OrderNotFound when absent, OrderNotEditable when not PLACED."""

    def cancel_placed(self, user_id: str, order_id: str, placed_after: str, at: str) -> Order:
        """One conditional write: CANCELED at `at` while PLACED and `orderTime` is later than `placed_after`.

        OrderNotFound when absent, OrderNotCancellable otherwise."""

    def change_status(self, user_id: str, order_id: str, status: OrderStatus, at: str) -> Order:
        """One conditional write: `status` (one the restaurant sets), changed at `at`, while the order is in a
        status `status` may follow (`may_follow`).

        OrderNotFound when absent, StatusNotChanged (with the status found) otherwise; ValueError, before any
        storage is read, for a status the restaurant never sets (PLACED, CANCELED)."""


class UsersRepository(Protocol):
    def add(self, user: User) -> None:
        """Stores a new profile in one conditional write; UserAlreadyExists when the userid is taken."""

    def put(self, user: User) -> bool:
        """Creates or replaces the profile in one write; True when it did not exist before."""

    def get(self, userid: str) -> User:
        """UserNotFound when there is no such profile."""

    def list(self, limit: int, after: str | None) -> Page[User]:
        """Profiles in the store's stable key order, starting after the key `after`."""

    def delete(self, userid: str) -> None:
        """Removes the profile in one conditional write; UserNotFound when it was absent."""
