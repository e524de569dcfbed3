"""The restaurant's `order.updated` event: `detail.data = {"orderId", "userId", "status"}`, as the workshop sends it.

An event that cannot be applied says why in a stable `reason`, which the function logs and counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from foodorder.domain.errors import DomainError
from foodorder.domain.lifecycle import RESTAURANT_STATUSES, OrderStatus
from foodorder.domain.order_input import ORDER_ID_PATTERN


@dataclass(frozen=True)
class StatusUpdate:
    order_id: str
    user_id: str
    status: OrderStatus


class UnusableUpdate(DomainError):
    """The event can never be applied, however often it is delivered."""

    reason: ClassVar[str] = "Unusable"


class MalformedUpdate(UnusableUpdate):
    code = "MalformedOrderUpdate"
    reason = "Malformed"


class UnknownStatus(UnusableUpdate):
    code = "UnknownOrderStatus"
    reason = "UnknownStatus"


def parse_status_update(detail: Any) -> StatusUpdate:
    data = detail.get("data") if isinstance(detail, dict) else None
    if not isinstance(data, dict):
        raise MalformedUpdate("detail.data is not an object")
    values: dict[str, str] = {}
    for name in ("orderId", "userId", "status"):
        value = data.get(name)
        if not isinstance(value, str) or not value:
            raise MalformedUpdate(f"detail.data.{name} is not a non-empty string")
        values[name] = value
    if not ORDER_ID_PATTERN.fullmatch(values["orderId"]):
        raise MalformedUpdate(f"detail.data.orderId must match {ORDER_ID_PATTERN.pattern}")
    try:
        status = OrderStatus(values["status"])
    except ValueError:
        raise UnknownStatus(f"{values['status']!r} is not an order status") from None
    if status not in RESTAURANT_STATUSES:
        # PLACED is where every order starts; CANCELED is the customer's to choose.
        raise UnknownStatus(f"{status.value} is not a status the restaurant sets")
    return StatusUpdate(values["orderId"], values["userId"], status)
