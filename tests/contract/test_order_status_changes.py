"""The restaurant's status changes, held to one contract on every backend: one conditional write whose condition is
the lifecycle rule, so duplicates, stale events and racing events can never move an order backwards."""

from __future__ import annotations

import contextlib
import threading
from itertools import permutations

import pytest

from _support.dynamodb import MOTO_IS_NOT_ATOMIC, on_a_real_engine
from contract.test_orders_repository import LATER, an_order
from foodorder.adapters.registry import Storage
from foodorder.adapters.storage.dynamodb_orders import DynamoDbOrders
from foodorder.domain.lifecycle import RESTAURANT_STATUSES, OrderStatus, StatusNotChanged, may_follow
from foodorder.domain.orders import OrderDraft, OrderNotEditable, OrderNotFound
from foodorder.domain.ports import OrdersRepository

S = OrderStatus
EVERY_MOVE = [(current, new) for current in S for new in sorted(RESTAURANT_STATUSES)]


@pytest.fixture
def repo(storage: Storage) -> OrdersRepository:
    return storage.orders()


def put_in(repo: OrdersRepository, status: S) -> None:
    repo.add(an_order())
    if status is S.CANCELED:
        repo.cancel_placed("user-1", "hogehoge", placed_after="2000-01-01T00:00:00Z", at=LATER)
    elif status is not S.PLACED:
        repo.change_status("user-1", "hogehoge", status, LATER)


@pytest.mark.parametrize(("current", "new"), EVERY_MOVE, ids=[f"{c}->{n}" for c, n in EVERY_MOVE])
def test_a_status_changes_exactly_when_the_lifecycle_allows_it(repo: OrdersRepository, current: S, new: S) -> None:
    put_in(repo, current)
    at = "2026-01-02T03:06:00Z"
    if current in may_follow(new):
        changed = repo.change_status("user-1", "hogehoge", new, at)
        assert (changed.status, changed.status_time) == (new, at)
        assert repo.get("user-1", "hogehoge") == changed
    else:
        before = repo.get("user-1", "hogehoge")
        with pytest.raises(StatusNotChanged) as refused:
            repo.change_status("user-1", "hogehoge", new, at)
        assert (refused.value.current, refused.value.requested) == (current, new)
        assert refused.value.duplicate is (current is new)
        assert repo.get("user-1", "hogehoge") == before


@pytest.mark.parametrize("status", sorted(set(S) - RESTAURANT_STATUSES))
def test_a_status_the_restaurant_never_sets_is_a_value_error(repo: OrdersRepository, status: S) -> None:
    repo.add(an_order())
    before = repo.get("user-1", "hogehoge")
    with pytest.raises(ValueError, match=f"{status.value} is not a status the restaurant sets"):
        repo.change_status("user-1", "hogehoge", status, LATER)
    assert repo.get("user-1", "hogehoge") == before


def test_a_status_change_keeps_everything_but_status_and_its_time(repo: OrdersRepository) -> None:
    repo.add(an_order())
    changed = repo.change_status("user-1", "hogehoge", S.READY, LATER)
    assert changed == an_order().with_status(S.READY, LATER)


def test_a_status_change_of_a_missing_or_foreign_order_is_not_found(repo: OrdersRepository) -> None:
    repo.add(an_order(user_id="user-1"))
    with pytest.raises(OrderNotFound):
        repo.change_status("user-2", "hogehoge", S.ACKNOWLEDGED, LATER)
    with pytest.raises(OrderNotFound):
        repo.change_status("user-1", "other", S.ACKNOWLEDGED, LATER)


def test_a_moved_order_can_no_longer_be_edited(repo: OrdersRepository) -> None:
    put_in(repo, S.ACKNOWLEDGED)
    with pytest.raises(OrderNotEditable):
        repo.update_placed("user-1", OrderDraft("hogehoge", 2, an_order().items, an_order().total_amount))


RACES = [S.ACKNOWLEDGED, S.IN_PROCESS, S.REJECTED, S.COMPLETED]


@pytest.mark.parametrize("first", RACES)
def test_racing_events_leave_a_status_that_some_order_of_them_gives(repo: OrdersRepository, first: S) -> None:
    if isinstance(repo, DynamoDbOrders) and not on_a_real_engine():
        pytest.skip(MOTO_IS_NOT_ATOMIC)
    # Given one PLACED order and several events for it delivered at once
    repo.add(an_order())
    events = [first, *(status for status in RACES if status is not first)]
    start = threading.Barrier(len(events))

    def deliver(status: S) -> None:
        start.wait()
        with contextlib.suppress(StatusNotChanged):
            repo.change_status("user-1", "hogehoge", status, LATER)

    threads = [threading.Thread(target=deliver, args=(status,)) for status in events]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Then the order is where applying them one after the other, in some order, would have left it
    assert repo.get("user-1", "hogehoge").status in {sequential(order) for order in permutations(events)}


def sequential(events: tuple[S, ...]) -> S:
    status = S.PLACED
    for event in events:
        if status in may_follow(event):
            status = event
    return status
