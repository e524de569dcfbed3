"""Orders: the model, its rules and its errors (the statuses and how they follow one another: lifecycle.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from foodorder.domain.errors import (
    Conflict,
    NotFound,
    PayloadMismatch,
    RuleViolation,
)
from foodorder.domain.lifecycle import OrderStatus

CANCELLATION_WINDOW = timedelta(minutes=10)
ORDER_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True)
class OrderItem:
    id: int
    name: str
    price: Decimal
    quantity: int


@dataclass(frozen=True)
class OrderDraft:
    """What a client may decide about an order: everything but its owner, status and time."""

    order_id: str
    restaurant_id: int
    items: tuple[OrderItem, ...]
    total_amount: Decimal


@dataclass(frozen=True)
class Order:
    order_id: str
    user_id: str
    restaurant_id: int
    items: tuple[OrderItem, ...]
    total_amount: Decimal
    status: OrderStatus
    order_time: str
    # When `status` last changed; an order is PLACED at its orderTime.
    status_time: str = ""

    def __post_init__(self) -> None:
        if not self.status_time:
            object.__setattr__(self, "status_time", self.order_time)

    @classmethod
    def place(cls, draft: OrderDraft, user_id: str, now: datetime) -> Order:
        return cls(
            order_id=draft.order_id,
            user_id=user_id,
            restaurant_id=draft.restaurant_id,
            items=draft.items,
            total_amount=draft.total_amount,
            status=OrderStatus.PLACED,
            order_time=format_order_time(now),
        )

    def edited(self, draft: OrderDraft) -> Order:
        return replace(self, restaurant_id=draft.restaurant_id, items=draft.items, total_amount=draft.total_amount)

    def with_status(self, status: OrderStatus, at: str) -> Order:
        return replace(self, status=status, status_time=at)

    def to_document(self) -> dict[str, Any]:
        """The order as the API returns it and as the workshop stored it under `data`."""
        return {
            "orderId": self.order_id,
            "userId": self.user_id,
            "restaurantId": self.restaurant_id,
            "orderItems": [items_document(item) for item in self.items],
            "totalAmount": self.total_amount,
            "status": self.status.value,
            "orderTime": self.order_time,
            "statusTime": self.status_time,
        }

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> Order:
        return cls(
            order_id=str(doc["orderId"]),
            user_id=str(doc["userId"]),
            restaurant_id=int(doc["restaurantId"]),
            items=tuple(
                OrderItem(
                    id=int(i["id"]),
                    name=str(i["name"]),
                    price=Decimal(i["price"]),
                    quantity=int(i["quantity"]),
                )
                for i in doc["orderItems"]
            ),
            total_amount=Decimal(doc["totalAmount"]),
            status=OrderStatus(doc["status"]),
            order_time=str(doc["orderTime"]),
            # Orders stored before statuses moved have no statusTime: they have been PLACED since orderTime.
            status_time=str(doc.get("statusTime") or doc["orderTime"]),
        )


def items_document(item: OrderItem) -> dict[str, Any]:
    return {"id": item.id, "name": item.name, "price": item.price, "quantity": item.quantity}


def format_order_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(ORDER_TIME_FORMAT)


def cancellation_cutoff(now: datetime) -> str:
    """Orders placed strictly after this time may still be cancelled (less than 10 minutes old)."""
    return format_order_time(now - CANCELLATION_WINDOW)


class OrderNotFound(NotFound):
    code = "OrderNotFound"

    def __init__(self, order_id: str) -> None:
        super().__init__(f"Order {order_id} was not found.")


class OrderAlreadyExists(Conflict):
    code = "OrderAlreadyExists"

    def __init__(self, order_id: str, existing: Order | None = None) -> None:
        super().__init__(f"Order {order_id} already exists.")
        # The order that holds the id, when the failed write could say which without another read.
        self.existing = existing


class OrderInProgress(Conflict):
    code = "OrderInProgress"

    def __init__(self, order_id: str) -> None:
        super().__init__(f"Order {order_id} is still being placed by an earlier request; retry shortly.")


class OrderIdReused(PayloadMismatch):
    code = "OrderIdReused"

    def __init__(self, order_id: str) -> None:
        super().__init__(f"Order {order_id} was already placed with a different request body.")


class OrderNotEditable(RuleViolation):
    code = "OrderNotEditable"

    def __init__(self, order_id: str) -> None:
        super().__init__(f"Cannot edit Order {order_id}. Please check if the order exists and the status is PLACED.")


class OrderNotCancellable(RuleViolation):
    code = "OrderNotCancellable"

    def __init__(self, order_id: str) -> None:
        super().__init__(
            f"Order {order_id} cannot be cancelled. Make sure the status of this order is PLACED "
            "and it was created less than 10 minutes ago."
        )
