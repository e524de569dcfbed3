"""The order lifecycle: its statuses, which of them the restaurant sets, and which status may follow which."""

from __future__ import annotations

from enum import StrEnum

from foodorder.domain.errors import RuleViolation


class OrderStatus(StrEnum):
    PLACED = "PLACED"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    IN_PROCESS = "IN-PROCESS"
    READY = "READY"
    COMPLETED = "COMPLETED"
    REJECTED = "REJECTED"
    CANCELED = "CANCELED"


# The restaurant's path: forward only, any step may be skipped.
_FORWARD = (
    OrderStatus.PLACED,
    OrderStatus.ACKNOWLEDGED,
    OrderStatus.IN_PROCESS,
    OrderStatus.READY,
    OrderStatus.COMPLETED,
)
# What each status the restaurant may set can follow; PLACED and CANCELED are not the restaurant's to set.
_PREDECESSORS: dict[OrderStatus, frozenset[OrderStatus]] = {
    **{status: frozenset(_FORWARD[:index]) for index, status in enumerate(_FORWARD) if index},
    OrderStatus.REJECTED: frozenset({OrderStatus.PLACED, OrderStatus.ACKNOWLEDGED}),
}
RESTAURANT_STATUSES = frozenset(_PREDECESSORS)


def may_follow(status: OrderStatus) -> frozenset[OrderStatus]:
    """The statuses an order may be in for the restaurant to move it to `status` (none for PLACED, CANCELED)."""
    return _PREDECESSORS.get(status, frozenset())


def require_restaurant_status(status: OrderStatus) -> None:
    """ValueError for a status the restaurant never sets: a caller's mistake, never an event's (events are parsed
    into restaurant statuses before they reach storage)."""
    if status not in RESTAURANT_STATUSES:
        raise ValueError(f"{status.value} is not a status the restaurant sets")


class StatusNotChanged(RuleViolation):
    """The order is not in a status the requested one may follow: a duplicate, or a status it is already past."""

    code = "StatusNotChanged"

    def __init__(self, order_id: str, current: OrderStatus, requested: OrderStatus) -> None:
        super().__init__(f"Order {order_id} is {current.value}; it cannot become {requested.value}.")
        self.current = current
        self.requested = requested

    @property
    def duplicate(self) -> bool:
        return self.current is self.requested
