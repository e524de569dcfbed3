"""The Orders API (SPEC §2) through real HTTP with real ID tokens: the five routes, the edit/cancel rules and
ownership."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import httpx
import pytest

from _support.orders import new_order_id, readme_order
from integration.identity_support import Person
from integration.orders_support import SALAD, all_order_ids, assert_status_changed, exact

pytestmark = pytest.mark.integration


def test_create_stores_the_readmes_order_and_owns_user_status_and_time(orders_api: httpx.Client, alice: Person) -> None:
    order_id = new_order_id()
    sent = {**readme_order(order_id), "userId": "someone-else", "status": "DELIVERED", "orderTime": "1999"}

    response = orders_api.post("/orders", json=sent, headers=alice.auth)

    assert response.status_code == 200, response.text
    order = exact(response)
    assert (order["orderId"], order["userId"], order["status"]) == (order_id, alice.sub, "PLACED")
    assert order["totalAmount"] == Decimal("19.97")
    assert order["orderItems"][1] == {"id": 2, "name": "Pizza - SMALL", "price": Decimal("4.99"), "quantity": 2}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", order["orderTime"])


def test_get_returns_the_stored_order(orders_api: httpx.Client, alice: Person, placed: dict[str, Any]) -> None:
    response = orders_api.get(f"/orders/{placed['orderId']}", headers=alice.auth)

    assert response.status_code == 200, response.text
    assert response.json() == placed


def test_list_holds_the_callers_orders_only(
    orders_api: httpx.Client, alice: Person, bob: Person, placed: dict[str, Any]
) -> None:
    assert placed["orderId"] in all_order_ids(orders_api, alice)
    assert placed["orderId"] not in all_order_ids(orders_api, bob)


def test_edit_replaces_the_items_of_a_placed_order(
    orders_api: httpx.Client, alice: Person, placed: dict[str, Any]
) -> None:
    edited = {**readme_order(placed["orderId"]), "orderItems": [*placed["orderItems"], SALAD]}

    response = orders_api.put(f"/orders/{placed['orderId']}", json=edited, headers=alice.auth)

    assert response.status_code == 200, response.text
    assert [item["name"] for item in response.json()["orderItems"]] == ["Spaghetti", "Pizza - SMALL", "Salad"]
    assert exact(response)["totalAmount"] == Decimal("19.97")
    assert orders_api.get(f"/orders/{placed['orderId']}", headers=alice.auth).json() == response.json()


def test_cancel_returns_the_order_canceled(orders_api: httpx.Client, alice: Person, placed: dict[str, Any]) -> None:
    response = orders_api.delete(f"/orders/{placed['orderId']}", headers=alice.auth)

    assert response.status_code == 200, response.text
    assert_status_changed(response.json(), placed, "CANCELED")


def test_a_canceled_order_can_be_neither_edited_nor_canceled_again(
    orders_api: httpx.Client, alice: Person, placed: dict[str, Any]
) -> None:
    order_id = placed["orderId"]
    orders_api.delete(f"/orders/{order_id}", headers=alice.auth).raise_for_status()

    edit = orders_api.put(f"/orders/{order_id}", json=readme_order(order_id), headers=alice.auth)
    cancel = orders_api.delete(f"/orders/{order_id}", headers=alice.auth)

    assert edit.status_code == 400
    assert edit.json()["message"] == (
        f"Cannot edit Order {order_id}. Please check if the order exists and the status is PLACED."
    )
    assert cancel.status_code == 400
    assert cancel.json()["message"] == (
        f"Order {order_id} cannot be cancelled. Make sure the status of this order is PLACED "
        "and it was created less than 10 minutes ago."
    )


def test_a_missing_order_is_404_on_get_edit_and_cancel(orders_api: httpx.Client, alice: Person) -> None:
    order_id = new_order_id()

    responses = [
        orders_api.get(f"/orders/{order_id}", headers=alice.auth),
        orders_api.put(f"/orders/{order_id}", json=readme_order(order_id), headers=alice.auth),
        orders_api.delete(f"/orders/{order_id}", headers=alice.auth),
    ]

    assert [(r.status_code, r.json()["code"]) for r in responses] == [(404, "OrderNotFound")] * 3


def test_another_users_order_is_404_to_them_and_left_untouched(
    orders_api: httpx.Client, alice: Person, bob: Person, placed: dict[str, Any]
) -> None:
    order_id = placed["orderId"]

    responses = [
        orders_api.get(f"/orders/{order_id}", headers=bob.auth),
        orders_api.put(f"/orders/{order_id}", json=readme_order(order_id), headers=bob.auth),
        orders_api.delete(f"/orders/{order_id}", headers=bob.auth),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert orders_api.get(f"/orders/{order_id}", headers=alice.auth).json() == placed
