"""Every route of SPEC.md §2 through the real gateway: the Cognito user-pool authorizer, the real proxy event, the
real handlers on a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest

from _support.clock import FIXED_STAMP, MutableClock
from _support.gateway import Answer, LocalApi
from _support.orders import EDIT_BODY, README_BODY, body_for
from foodorder import bootstrap
from foodorder.bootstrap import Container
from foodorder.config import Settings

ALICE = "aaaaaaaa-0000-4000-8000-000000000001"
BOB = "bbbbbbbb-0000-4000-8000-000000000002"
FORM = (("Content-Type", "application/x-www-form-urlencoded"),)


class Orders:
    """One user's calls to the Orders API, with their ID token, sent as curl --data-raw sends them."""

    def __init__(self, api: LocalApi, sub: str) -> None:
        self.api = api
        self.token = api.id_token(sub)

    def call(self, method: str, path: str = "", body: str | bytes | None = None, query: str = "") -> Answer:
        return self.api.call("OrdersApi", method, f"/orders{path}", token=self.token, body=body, query=query,
                             headers=FORM)  # fmt: skip

    def create(self, body: str | bytes) -> Answer:
        return self.call("POST", body=body)

    def get(self, order_id: str) -> Answer:
        return self.call("GET", f"/{order_id}")

    def list(self, query: str = "") -> Answer:
        return self.call("GET", query=query)

    def edit(self, order_id: str, body: str) -> Answer:
        return self.call("PUT", f"/{order_id}", body)

    def cancel(self, order_id: str) -> Answer:
        return self.call("DELETE", f"/{order_id}")


@pytest.fixture
def alice(api: LocalApi) -> Orders:
    return Orders(api, ALICE)


@pytest.fixture
def bob(api: LocalApi) -> Orders:
    return Orders(api, BOB)


def test_create_returns_the_stored_order_placed_by_the_caller(alice: Orders) -> None:
    response = alice.create(README_BODY)

    assert response.status == 200
    order = response.json()
    placed = {"userId": ALICE, "status": "PLACED", "orderTime": FIXED_STAMP, "statusTime": FIXED_STAMP}
    assert order == {**json.loads(README_BODY), **placed}
    assert b'"totalAmount":19.97' in response.body
    assert b'"price":9.99' in response.body
    assert alice.get("hogehoge").json() == order


def test_create_ignores_server_owned_fields_the_client_sends(alice: Orders) -> None:
    old = "1999-01-01T00:00:00Z"
    body = json.loads(README_BODY) | {"userId": "mallory", "status": "CANCELED", "orderTime": old, "statusTime": old}

    order = alice.create(json.dumps(body)).json()

    assert (order["userId"], order["status"], order["orderTime"]) == (ALICE, "PLACED", FIXED_STAMP)
    assert order["statusTime"] == FIXED_STAMP


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("restaurantId=1&orderId=x", "body"),
        ("", "body"),
        ('{"restaurantId":1}', "orderId"),
        (README_BODY.replace("9.99", "9.999"), "orderItems[0].price"),
        (README_BODY.replace('"quantity":2', '"quantity":0'), "orderItems[1].quantity"),
        (README_BODY.replace('"hogehoge"', '"not/allowed"'), "orderId"),
        (README_BODY.replace("19.97", "NaN"), "body"),
        ("[" * 100_000, "body"),
        (README_BODY.replace('"restaurantId":1', '"restaurantId":100000000000000000000'), "restaurantId"),
        (b"\xff\xfe\x00garbage", "body"),
    ],
    ids=["form", "empty", "no_order_id", "price_decimals", "quantity_zero", "order_id_alphabet", "nan",
         "deep_nesting", "huge_integer", "binary"],
)  # fmt: skip
def test_an_invalid_body_is_a_400_naming_the_field_and_stores_nothing(
    alice: Orders, body: str | bytes, field: str
) -> None:
    response = alice.create(body)

    assert response.status == 400
    error = response.json()
    assert error["code"] == "ValidationFailed"
    assert field in [e["field"] for e in error["errors"]]
    assert field in error["message"]
    assert alice.list().json()["orders"] == []


def test_a_repeat_with_the_same_body_replays_the_first_response_and_writes_nothing(
    alice: Orders, clock: MutableClock
) -> None:
    first = alice.create(README_BODY)
    clock.advance(timedelta(minutes=5))

    again = alice.create(README_BODY)

    assert (again.status, again.body) == (200, first.body)
    assert again.header("Idempotent-Replayed") == "true"
    assert first.header("Idempotent-Replayed") is None
    assert len(alice.list().json()["orders"]) == 1


def test_the_same_order_id_with_another_body_is_422(alice: Orders) -> None:
    alice.create(README_BODY)

    response = alice.create(body_for("hogehoge", total="20.00"))

    assert (response.status, response.json()["code"]) == (422, "OrderIdReused")
    assert alice.get("hogehoge").json()["totalAmount"] == 19.97


def test_two_users_never_collide_on_the_same_order_id(alice: Orders, bob: Orders) -> None:
    assert alice.create(README_BODY).status == 200

    response = bob.create(body_for("hogehoge", total="20.00"))

    assert (response.status, response.header("Idempotent-Replayed")) == (200, None)
    assert bob.get("hogehoge").json()["userId"] == BOB


def test_an_existing_order_after_the_idempotency_window_is_409(
    alice: Orders, api: LocalApi, clock: MutableClock
) -> None:
    alice.create(README_BODY)
    # What DynamoDB's TTL does after an hour: the idempotency record goes, the order stays.
    clock.advance(timedelta(hours=1))
    with sqlite3.connect(api.database) as db:
        db.execute("DELETE FROM idempotency")

    response = alice.create(README_BODY)

    assert (response.status, response.json()["code"]) == (409, "OrderAlreadyExists")


def test_a_create_that_ended_before_its_result_was_recorded_is_answered_with_its_order_on_retry(
    alice: Orders, api: LocalApi
) -> None:
    # Given a create that placed its order and died (crash, timeout) before Powertools completed its record,
    # whose in-progress record has since expired
    first = alice.create(README_BODY)
    with sqlite3.connect(api.database) as db:
        db.execute("DELETE FROM idempotency")

    # When the client retries within the idempotency window
    retry = alice.create(README_BODY)
    again = alice.create(README_BODY)

    # Then it gets the order the first placed, as a replay, and the repeat after it replays too
    assert (retry.status, retry.header("Idempotent-Replayed")) == (200, "true")
    assert retry.json() == first.json()
    assert (again.status, again.header("Idempotent-Replayed"), again.json()) == (200, "true", first.json())


def test_a_different_body_for_an_order_whose_result_was_not_recorded_is_409(alice: Orders, api: LocalApi) -> None:
    alice.create(README_BODY)
    with sqlite3.connect(api.database) as db:
        db.execute("DELETE FROM idempotency")

    response = alice.create(body_for("hogehoge", total="20.00"))

    assert (response.status, response.json()["code"]) == (409, "OrderAlreadyExists")
    assert alice.get("hogehoge").json()["totalAmount"] == 19.97


def test_get_of_a_missing_or_foreign_order_is_404(alice: Orders, bob: Orders) -> None:
    alice.create(README_BODY)

    assert alice.get("nope").status == 404
    foreign = bob.get("hogehoge")
    assert (foreign.status, foreign.json()) == (
        404,
        {"message": "Order hogehoge was not found.", "code": "OrderNotFound"},
    )


def test_list_returns_only_the_callers_orders_a_page_at_a_time(alice: Orders, bob: Orders) -> None:
    for n in range(5):
        alice.create(body_for(f"order-{n}"))
    bob.create(body_for("bobs"))

    first = alice.list("limit=2").json()
    second = alice.list(f"limit=2&nextToken={first['nextToken']}").json()
    third = alice.list(f"limit=2&nextToken={second['nextToken']}").json()

    assert [o["orderId"] for page in (first, second, third) for o in page["orders"]] == [f"order-{n}" for n in range(5)]
    assert "nextToken" not in third
    assert {o["userId"] for o in alice.list().json()["orders"]} == {ALICE}


@pytest.mark.parametrize(("query", "field"), [("limit=0", "limit"), ("limit=x", "limit"),
                                              ("nextToken=garbage!", "nextToken")])  # fmt: skip
def test_list_with_a_bad_limit_or_token_is_400(alice: Orders, query: str, field: str) -> None:
    response = alice.list(query)

    assert (response.status, response.json()["errors"][0]["field"]) == (400, field)


def test_edit_updates_a_placed_order(alice: Orders) -> None:
    alice.create(README_BODY)

    response = alice.edit("hogehoge", EDIT_BODY)

    order = response.json()
    assert response.status == 200
    assert [item["name"] for item in order["orderItems"]] == ["Spaghetti", "Pizza - SMALL", "Salad"]
    assert (order["totalAmount"], order["status"]) == (19.97, "PLACED")
    assert alice.get("hogehoge").json() == order


def test_edit_of_a_missing_order_is_404_and_an_invalid_edit_is_400(alice: Orders) -> None:
    assert alice.edit("hogehoge", EDIT_BODY).status == 404
    alice.create(README_BODY)

    assert alice.edit("hogehoge", EDIT_BODY.replace('"quantity":1}]', '"quantity":-1}]')).status == 400
    assert alice.edit("other", EDIT_BODY).status == 400


def test_edit_of_an_order_that_is_not_placed_is_400_with_the_workshop_message(alice: Orders) -> None:
    alice.create(README_BODY)
    alice.cancel("hogehoge")

    response = alice.edit("hogehoge", EDIT_BODY)

    assert (response.status, response.json()) == (400, {
        "message": "Cannot edit Order hogehoge. Please check if the order exists and the status is PLACED.",
        "code": "OrderNotEditable",
    })  # fmt: skip


def test_cancel_returns_the_order_canceled(alice: Orders, clock: MutableClock) -> None:
    alice.create(README_BODY)
    clock.advance(timedelta(minutes=9, seconds=59))

    response = alice.cancel("hogehoge")

    assert (response.status, response.json()["status"]) == (200, "CANCELED")
    assert alice.get("hogehoge").json()["status"] == "CANCELED"


def test_cancel_ten_minutes_after_order_time_is_400_with_the_workshop_message(
    alice: Orders, clock: MutableClock
) -> None:
    alice.create(README_BODY)
    clock.advance(timedelta(minutes=10))

    response = alice.cancel("hogehoge")

    assert response.status == 400
    assert response.json()["message"] == (
        "Order hogehoge cannot be cancelled. Make sure the status of this order is PLACED "
        "and it was created less than 10 minutes ago."
    )
    assert alice.get("hogehoge").json()["status"] == "PLACED"


def test_cancel_of_a_canceled_order_is_400_and_of_a_missing_one_404(alice: Orders) -> None:
    assert alice.cancel("hogehoge").status == 404
    alice.create(README_BODY)
    alice.cancel("hogehoge")

    assert alice.cancel("hogehoge").json()["code"] == "OrderNotCancellable"


def test_the_same_money_written_differently_is_the_same_request_and_replays(alice: Orders) -> None:
    assert alice.create(body_for("hogehoge", total="19.9")).status == 200

    again = alice.create(body_for("hogehoge", total="19.90"))

    assert (again.status, again.header("Idempotent-Replayed")) == (200, "true")
    assert b'"totalAmount":19.9,' in again.body


def test_money_reads_back_as_it_was_answered(alice: Orders) -> None:
    assert b'"totalAmount":19.9,' in alice.create(body_for("hogehoge", total="19.90")).body
    assert b'"totalAmount":19.9,' in alice.get("hogehoge").body


class GatedContainer(Container):
    """The create function's container, whose order writes wait until released, so that a second request arrives
    while the first is still running."""

    entered = threading.Event()
    release = threading.Event()

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        inner_add = self.orders.add

        def gated_add(order: Any) -> None:
            GatedContainer.entered.set()
            GatedContainer.release.wait(timeout=10)
            inner_add(order)

        self.orders.add = gated_add  # type: ignore[method-assign]


@pytest.fixture
def gated(api: LocalApi) -> Iterator[type[GatedContainer]]:
    GatedContainer.entered.clear()
    GatedContainer.release.clear()
    bootstrap.use(GatedContainer)
    yield GatedContainer
    GatedContainer.release.set()


def test_a_repeat_while_the_first_is_still_running_is_409(alice: Orders, gated: type[GatedContainer]) -> None:
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(alice.create, README_BODY)
        assert gated.entered.wait(timeout=10)
        second = alice.create(README_BODY)
        gated.release.set()
        assert first.result().status == 200

    assert (second.status, second.json()["code"]) == (409, "OrderInProgress")
    assert len(alice.list().json()["orders"]) == 1


def test_the_orders_api_refuses_an_access_token_with_401_like_api_gateways_cognito_authorizer(
    api: LocalApi,
) -> None:
    response = api.call("OrdersApi", "GET", "/orders", token=api.access_token(ALICE))

    assert (response.status, response.body) == (401, b'{"message":"Unauthorized"}')
