"""One contract for every OrdersRepository of the storage registry. Adapters return domain objects and raise
domain errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from foodorder.adapters.registry import Storage
from foodorder.domain.lifecycle import OrderStatus
from foodorder.domain.orders import (
    Order,
    OrderAlreadyExists,
    OrderDraft,
    OrderItem,
    OrderNotCancellable,
    OrderNotEditable,
    OrderNotFound,
)
from foodorder.domain.ports import OrdersRepository

# When a status change in these tests happens: after every orderTime they use.
LATER = "2026-01-02T03:05:00Z"
ITEMS = (
    OrderItem(1, "Spaghetti", Decimal("9.99"), 1),
    OrderItem(2, "Pizza - SMALL", Decimal("4.99"), 2),
)


def an_order(order_id: str = "hogehoge", user_id: str = "user-1", order_time: str = "2026-01-02T03:04:05Z") -> Order:
    return Order(order_id, user_id, 1, ITEMS, Decimal("19.97"), OrderStatus.PLACED, order_time)


@pytest.fixture
def repo(storage: Storage) -> OrdersRepository:
    return storage.orders()


def test_an_order_round_trips_with_exact_money(repo: OrdersRepository) -> None:
    repo.add(an_order())
    stored = repo.get("user-1", "hogehoge")
    assert stored == an_order()
    assert stored.total_amount == Decimal("19.97")
    assert [item.price for item in stored.items] == [Decimal("9.99"), Decimal("4.99")]


def test_adding_an_existing_order_id_is_a_conflict_that_names_and_keeps_the_first(repo: OrdersRepository) -> None:
    repo.add(an_order())
    with pytest.raises(OrderAlreadyExists) as refused:
        repo.add(an_order(order_time="2030-01-01T00:00:00Z"))
    assert refused.value.existing == an_order()
    assert repo.get("user-1", "hogehoge").order_time == "2026-01-02T03:04:05Z"


def test_two_users_may_use_the_same_order_id(repo: OrdersRepository) -> None:
    repo.add(an_order(user_id="user-1"))
    repo.add(an_order(user_id="user-2"))
    assert repo.get("user-2", "hogehoge").user_id == "user-2"


def test_a_missing_or_foreign_order_is_not_found(repo: OrdersRepository) -> None:
    repo.add(an_order(user_id="user-1"))
    with pytest.raises(OrderNotFound):
        repo.get("user-1", "nope")
    with pytest.raises(OrderNotFound):
        repo.get("user-2", "hogehoge")


def test_listing_pages_through_all_of_the_callers_orders_in_key_order(repo: OrdersRepository) -> None:
    ids = [f"order-{n:02d}" for n in range(7)]
    for order_id in reversed(ids):
        repo.add(an_order(order_id))
    repo.add(an_order("someone-elses", user_id="user-2"))
    seen: list[str] = []
    after: str | None = None
    while True:
        page = repo.list("user-1", 3, after)
        seen.extend(order.order_id for order in page.items)
        if page.last_key is None:
            break
        assert len(page.items) == 3
        after = page.last_key
    assert seen == ids
    assert repo.list("user-1", 7, None).last_key is None
    assert repo.list("user-3", 3, None).items == []


def test_an_edit_replaces_restaurant_items_and_total_of_a_placed_order(repo: OrdersRepository) -> None:
    repo.add(an_order())
    items = (*ITEMS, OrderItem(3, "Salad", Decimal("0.01"), 3))
    edited = repo.update_placed("user-1", OrderDraft("hogehoge", 2, items, Decimal("19.97")))
    assert (edited.restaurant_id, edited.items, edited.status) == (2, items, OrderStatus.PLACED)
    assert repo.get("user-1", "hogehoge") == edited


def test_an_edit_of_a_missing_order_is_not_found(repo: OrdersRepository) -> None:
    with pytest.raises(OrderNotFound):
        repo.update_placed("user-1", OrderDraft("hogehoge", 2, ITEMS, Decimal(1)))


def test_cancel_is_one_conditional_write_on_status_and_time(repo: OrdersRepository) -> None:
    repo.add(an_order(order_time="2026-01-02T03:04:05Z"))
    with pytest.raises(OrderNotCancellable):
        repo.cancel_placed("user-1", "hogehoge", placed_after="2026-01-02T03:04:05Z", at=LATER)
    assert repo.get("user-1", "hogehoge").status is OrderStatus.PLACED
    cancelled = repo.cancel_placed("user-1", "hogehoge", placed_after="2026-01-02T03:04:04Z", at=LATER)
    assert (cancelled.status, cancelled.status_time) == (OrderStatus.CANCELED, LATER)
    assert repo.get("user-1", "hogehoge") == cancelled


def test_a_cancelled_order_refuses_edit_and_second_cancel(repo: OrdersRepository) -> None:
    repo.add(an_order())
    repo.cancel_placed("user-1", "hogehoge", placed_after="2000-01-01T00:00:00Z", at=LATER)
    with pytest.raises(OrderNotEditable):
        repo.update_placed("user-1", OrderDraft("hogehoge", 2, ITEMS, Decimal(1)))
    with pytest.raises(OrderNotCancellable):
        repo.cancel_placed("user-1", "hogehoge", placed_after="2000-01-01T00:00:00Z", at=LATER)
    assert repo.get("user-1", "hogehoge").restaurant_id == 1


def test_cancel_of_a_missing_order_is_not_found(repo: OrdersRepository) -> None:
    with pytest.raises(OrderNotFound):
        repo.cancel_placed("user-1", "hogehoge", placed_after="2000-01-01T00:00:00Z", at=LATER)
