"""Order rules in the service layer, on the in-memory adapter with a settable clock."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from _support.clock import MutableClock
from foodorder.adapters.storage.memory_orders import InMemoryOrders
from foodorder.domain.errors import ValidationFailed
from foodorder.domain.lifecycle import OrderStatus
from foodorder.domain.order_input import check_order_id
from foodorder.domain.orders import OrderDraft, OrderItem, OrderNotCancellable, OrderNotEditable, OrderNotFound
from foodorder.services import orders as service

DRAFT = OrderDraft("o-1", 1, (OrderItem(1, "Spaghetti", Decimal("9.99"), 1),), Decimal("9.99"))


@pytest.fixture
def repo() -> InMemoryOrders:
    return InMemoryOrders()


def test_a_new_order_is_placed_by_the_caller_at_the_current_time(repo: InMemoryOrders, clock: MutableClock) -> None:
    order = service.place_order(repo, clock, "user-1", DRAFT)
    assert order.status is OrderStatus.PLACED
    assert order.user_id == "user-1"
    assert order.order_time == "2026-01-02T03:04:05Z"
    assert service.get_order(repo, "user-1", "o-1") == order


def test_cancelling_just_before_ten_minutes_succeeds(repo: InMemoryOrders, clock: MutableClock) -> None:
    service.place_order(repo, clock, "user-1", DRAFT)
    clock.advance(timedelta(minutes=9, seconds=59))
    assert service.cancel_order(repo, clock, "user-1", "o-1").status is OrderStatus.CANCELED


@pytest.mark.parametrize("age", [timedelta(minutes=10), timedelta(minutes=10, seconds=1), timedelta(days=1)])
def test_cancelling_ten_minutes_or_more_after_order_time_is_refused(
    repo: InMemoryOrders, clock: MutableClock, age: timedelta
) -> None:
    service.place_order(repo, clock, "user-1", DRAFT)
    clock.advance(age)
    with pytest.raises(OrderNotCancellable):
        service.cancel_order(repo, clock, "user-1", "o-1")
    assert service.get_order(repo, "user-1", "o-1").status is OrderStatus.PLACED


def test_a_cancelled_order_can_be_neither_edited_nor_cancelled_again(repo: InMemoryOrders, clock: MutableClock) -> None:
    service.place_order(repo, clock, "user-1", DRAFT)
    service.cancel_order(repo, clock, "user-1", "o-1")
    with pytest.raises(OrderNotEditable):
        service.edit_order(repo, "user-1", DRAFT)
    with pytest.raises(OrderNotCancellable):
        service.cancel_order(repo, clock, "user-1", "o-1")


def test_another_users_order_does_not_exist_for_the_caller(repo: InMemoryOrders, clock: MutableClock) -> None:
    service.place_order(repo, clock, "user-1", DRAFT)
    with pytest.raises(OrderNotFound):
        service.get_order(repo, "user-2", "o-1")
    with pytest.raises(OrderNotFound):
        service.cancel_order(repo, clock, "user-2", "o-1")


def test_a_path_order_id_outside_the_allowed_alphabet_is_a_validation_error() -> None:
    with pytest.raises(ValidationFailed):
        check_order_id("../etc")
