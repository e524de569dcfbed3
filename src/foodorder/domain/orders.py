"""Orders: the model, its rules, and the reading of a client's order body."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from foodorder.domain.errors import (
    Conflict,
    FieldError,
    NotFound,
    PayloadMismatch,
    RuleViolation,
    ValidationFailed,
)
from foodorder.domain.validation import Reader, require_object

ORDER_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
CANCELLATION_WINDOW = timedelta(minutes=10)
ORDER_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

# A client may send these (the workshop's clients do); the server owns them and ignores what is sent.
SERVER_OWNED_FIELDS = frozenset({"userId", "status", "orderTime"})
ORDER_FIELDS = frozenset({"orderId", "restaurantId", "orderItems", "totalAmount"})
ITEM_FIELDS = frozenset({"id", "name", "price", "quantity"})


class OrderStatus(StrEnum):
    PLACED = "PLACED"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    CANCELED = "CANCELED"


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

    def cancelled(self) -> Order:
        return replace(self, status=OrderStatus.CANCELED)

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

    def __init__(self, order_id: str) -> None:
        super().__init__(f"Order {order_id} already exists.")


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


def check_order_id(order_id: str) -> str:
    """Path parameters obey the same rule as body fields; a bad one can name no stored order."""
    if not ORDER_ID_PATTERN.fullmatch(order_id):
        raise ValidationFailed([FieldError("orderId", f"must match {ORDER_ID_PATTERN.pattern}")])
    return order_id


def parse_order_draft(body: object, path_order_id: str | None = None) -> OrderDraft:
    """Reads a create (no path id) or edit (path id) body; raises ValidationFailed naming every bad field."""
    reader = Reader(require_object(body))
    reader.reject_unknown(ORDER_FIELDS | SERVER_OWNED_FIELDS)
    if path_order_id is not None and reader.data.get("orderId") is None:
        order_id: str | None = path_order_id
    else:
        order_id = reader.string("orderId", max_length=64, pattern=ORDER_ID_PATTERN)
    if path_order_id is not None and order_id is not None and order_id != path_order_id:
        reader.fail("orderId", "must equal the orderId in the path")
    restaurant_id = reader.integer("restaurantId", minimum=1)
    items = _read_items(reader)
    total = reader.money("totalAmount")
    reader.raise_if_invalid()
    # raise_if_invalid() guarantees every field was read; the asserts tell the type checker so.
    assert order_id is not None
    assert restaurant_id is not None
    assert items is not None
    assert total is not None
    return OrderDraft(order_id=order_id, restaurant_id=restaurant_id, items=items, total_amount=total)


def _read_items(reader: Reader) -> tuple[OrderItem, ...] | None:
    raw_items = reader.array("orderItems", min_items=1, max_items=100)
    if raw_items is None:
        return None
    items: list[OrderItem] = []
    for index, raw in enumerate(raw_items):
        path = reader.path(f"orderItems[{index}]")
        if not isinstance(raw, dict):
            reader.errors.append(FieldError(path, "must be a JSON object"))
            continue
        item = Reader(raw, prefix=path, errors=reader.errors)
        item.reject_unknown(ITEM_FIELDS)
        item_id = item.integer("id", minimum=0)
        name = item.string("name", max_length=200)
        price = item.money("price")
        quantity = item.integer("quantity", minimum=1, maximum=1000)
        if item_id is not None and name is not None and price is not None and quantity is not None:
            items.append(OrderItem(id=item_id, name=name, price=price, quantity=quantity))
    return tuple(items) if len(items) == len(raw_items) else None
