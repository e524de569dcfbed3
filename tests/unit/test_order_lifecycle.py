"""The lifecycle rule and the restaurant's event, in the domain and the service, on the in-memory adapter."""

from __future__ import annotations

from typing import Any

import pytest

from _support.clock import FIXED_STAMP, MutableClock
from contract.test_orders_repository import an_order
from foodorder.adapters.storage.memory_orders import InMemoryOrders
from foodorder.domain.lifecycle import OrderStatus, may_follow
from foodorder.domain.orders import Order, OrderNotFound
from foodorder.domain.status_update import MalformedUpdate, StatusUpdate, UnknownStatus, parse_status_update
from foodorder.services.lifecycle import Outcome, change_status

S = OrderStatus


def test_the_restaurant_moves_forward_only_and_may_skip_steps() -> None:
    assert may_follow(S.ACKNOWLEDGED) == {S.PLACED}
    assert may_follow(S.IN_PROCESS) == {S.PLACED, S.ACKNOWLEDGED}
    assert may_follow(S.READY) == {S.PLACED, S.ACKNOWLEDGED, S.IN_PROCESS}
    assert may_follow(S.COMPLETED) == {S.PLACED, S.ACKNOWLEDGED, S.IN_PROCESS, S.READY}


def test_an_order_is_rejected_only_before_the_kitchen_starts() -> None:
    assert may_follow(S.REJECTED) == {S.PLACED, S.ACKNOWLEDGED}


def test_the_restaurant_can_neither_place_nor_cancel_an_order() -> None:
    assert may_follow(S.PLACED) == may_follow(S.CANCELED) == frozenset()


def test_the_workshops_event_detail_is_read() -> None:
    detail = {"data": {"orderId": "O2", "userId": "sub-1", "status": "IN-PROCESS"}}
    assert parse_status_update(detail) == StatusUpdate("O2", "sub-1", S.IN_PROCESS)


@pytest.mark.parametrize(
    "detail",
    [
        None,
        "text",
        {},
        {"data": []},
        {"data": {"userId": "u", "status": "READY"}},
        {"data": {"orderId": "O2", "userId": 7, "status": "READY"}},
        {"data": {"orderId": "O2", "userId": "u", "status": None}},
        {"data": {"orderId": "no spaces", "userId": "u", "status": "READY"}},
    ],
)
def test_a_malformed_detail_is_unusable(detail: Any) -> None:
    with pytest.raises(MalformedUpdate):
        parse_status_update(detail)


@pytest.mark.parametrize("status", ["DELIVERED", "in-process", "PLACED", "CANCELED"])
def test_a_status_the_restaurant_cannot_set_is_unknown(status: str) -> None:
    with pytest.raises(UnknownStatus):
        parse_status_update({"data": {"orderId": "O2", "userId": "u", "status": status}})


@pytest.fixture
def repo() -> InMemoryOrders:
    orders = InMemoryOrders()
    orders.add(an_order(order_time="2026-01-02T03:00:00Z"))
    return orders


def test_an_applied_event_records_when_the_status_changed(repo: InMemoryOrders, clock: MutableClock) -> None:
    change = change_status(repo, clock, StatusUpdate("hogehoge", "user-1", S.IN_PROCESS))
    assert (change.outcome, change.status) == (Outcome.APPLIED, S.IN_PROCESS)
    stored = repo.get("user-1", "hogehoge")
    assert (stored.status_time, stored.order_time) == (FIXED_STAMP, "2026-01-02T03:00:00Z")
    assert stored.to_document()["statusTime"] == FIXED_STAMP


def test_the_same_event_twice_is_a_duplicate_that_changes_nothing(repo: InMemoryOrders, clock: MutableClock) -> None:
    update = StatusUpdate("hogehoge", "user-1", S.READY)
    change_status(repo, clock, update)
    before = repo.get("user-1", "hogehoge")
    assert change_status(repo, clock, update).outcome is Outcome.DUPLICATE
    assert repo.get("user-1", "hogehoge") == before


def test_an_event_delivered_late_is_stale_and_changes_nothing(repo: InMemoryOrders, clock: MutableClock) -> None:
    change_status(repo, clock, StatusUpdate("hogehoge", "user-1", S.READY))
    late = change_status(repo, clock, StatusUpdate("hogehoge", "user-1", S.ACKNOWLEDGED))
    assert (late.outcome, late.status) == (Outcome.STALE, S.READY)


def test_an_event_for_an_unknown_order_is_not_found(repo: InMemoryOrders, clock: MutableClock) -> None:
    with pytest.raises(OrderNotFound):
        change_status(repo, clock, StatusUpdate("hogehoge", "someone-else", S.READY))


def test_an_order_placed_before_statuses_moved_has_been_placed_since_its_order_time() -> None:
    document = an_order().to_document()
    del document["statusTime"]
    assert Order.from_document(document).status_time == an_order().order_time
