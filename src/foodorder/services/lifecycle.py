"""The restaurant moves an order forward: one conditional write, and what it tells about the event."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from foodorder.domain.lifecycle import OrderStatus, StatusNotChanged
from foodorder.domain.orders import format_order_time
from foodorder.domain.ports import Clock, OrdersRepository
from foodorder.domain.status_update import StatusUpdate


class Outcome(StrEnum):
    APPLIED = "Applied"
    # EventBridge delivers at least once: the same event again.
    DUPLICATE = "Duplicate"
    # ...and in no particular order: a status the order is already past, or one it can no longer take.
    STALE = "Stale"


@dataclass(frozen=True)
class StatusChange:
    outcome: Outcome
    # The order's status after the event: the new one when applied, the one found otherwise.
    status: OrderStatus


def change_status(repo: OrdersRepository, clock: Clock, update: StatusUpdate) -> StatusChange:
    """OrderNotFound when the user has no such order; storage failures propagate (the platform retries)."""
    try:
        order = repo.change_status(update.user_id, update.order_id, update.status, format_order_time(clock()))
    except StatusNotChanged as refused:
        return StatusChange(Outcome.DUPLICATE if refused.duplicate else Outcome.STALE, refused.current)
    return StatusChange(Outcome.APPLIED, order.status)
