"""Order use cases: validated values in, domain objects out, storage through the port."""

from __future__ import annotations

from foodorder.domain.orders import Order, OrderDraft, cancellation_cutoff, format_order_time
from foodorder.domain.pagination import Page, PageRequest
from foodorder.domain.ports import Clock, OrdersRepository


def place_order(repo: OrdersRepository, clock: Clock, user_id: str, draft: OrderDraft) -> Order:
    order = Order.place(draft, user_id, clock())
    repo.add(order)
    return order


def get_order(repo: OrdersRepository, user_id: str, order_id: str) -> Order:
    return repo.get(user_id, order_id)


def list_orders(repo: OrdersRepository, user_id: str, page: PageRequest) -> Page[Order]:
    return repo.list(user_id, page.limit, page.after)


def edit_order(repo: OrdersRepository, user_id: str, draft: OrderDraft) -> Order:
    return repo.update_placed(user_id, draft)


def cancel_order(repo: OrdersRepository, clock: Clock, user_id: str, order_id: str) -> Order:
    now = clock()
    return repo.cancel_placed(user_id, order_id, cancellation_cutoff(now), format_order_time(now))
