"""Every route of SPEC.md §2 through the real handlers, on SQLite and on DynamoDB (moto)."""

from __future__ import annotations

import base64
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest

from api.orders_client import EDIT_BODY, README_BODY, OrdersClient, body_for
from foodorder.bootstrap import Container
from support import MutableClock, response_header, response_json

pytestmark = pytest.mark.usefixtures("container")


@pytest.fixture
def alice() -> OrdersClient:
    return OrdersClient("alice-sub")


def status_and_body(response: dict[str, Any]) -> tuple[int, Any]:
    return response["statusCode"], response_json(response)


def test_create_returns_the_stored_order_placed_by_the_caller(alice: OrdersClient) -> None:
    response = alice.create(README_BODY)
    status, order = status_and_body(response)
    assert status == 200
    assert order == {**json.loads(README_BODY), "userId": "alice-sub", "status": "PLACED",
                     "orderTime": "2026-01-02T03:04:05Z"}  # fmt: skip
    assert '"totalAmount":19.97' in response["body"]
    assert '"price":9.99' in response["body"]
    assert status_and_body(alice.get("hogehoge")) == (200, order)


def test_create_ignores_server_owned_fields_the_client_sends(alice: OrdersClient) -> None:
    body = json.loads(README_BODY) | {"userId": "mallory", "status": "CANCELED", "orderTime": "1999-01-01T00:00:00Z"}
    status, order = status_and_body(alice.create(json.dumps(body)))
    assert status == 200
    assert (order["userId"], order["status"], order["orderTime"]) == ("alice-sub", "PLACED", "2026-01-02T03:04:05Z")


def test_a_json_body_sent_as_form_urlencoded_like_curl_data_raw_is_accepted(alice: OrdersClient) -> None:
    response = alice.create(README_BODY, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response["statusCode"] == 200


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
    ],
)
def test_an_invalid_body_is_a_400_naming_the_field_and_stores_nothing(
    alice: OrdersClient, body: str, field: str
) -> None:
    status, error = status_and_body(alice.create(body))
    assert status == 400
    assert error["code"] == "ValidationFailed"
    assert field in [e["field"] for e in error["errors"]]
    assert field in error["message"]
    assert response_json(alice.list())["orders"] == []


def test_a_repeat_with_the_same_body_replays_the_first_response_and_writes_nothing(
    alice: OrdersClient, clock: MutableClock
) -> None:
    first = alice.create(README_BODY)
    clock.advance(timedelta(minutes=5))
    again = alice.create(README_BODY)
    assert again["statusCode"] == 200
    assert again["body"] == first["body"]
    assert response_header(again, "Idempotent-Replayed") == "true"
    assert response_header(first, "Idempotent-Replayed") is None
    assert len(response_json(alice.list())["orders"]) == 1


def test_the_same_order_id_with_another_body_is_422(alice: OrdersClient) -> None:
    alice.create(README_BODY)
    status, error = status_and_body(alice.create(body_for("hogehoge", total="20.00")))
    assert (status, error["code"]) == (422, "OrderIdReused")
    assert response_json(alice.get("hogehoge"))["totalAmount"] == 19.97


def test_two_users_never_collide_on_the_same_order_id(alice: OrdersClient) -> None:
    bob = OrdersClient("bob-sub")
    assert alice.create(README_BODY)["statusCode"] == 200
    response = bob.create(body_for("hogehoge", total="20.00"))
    assert response["statusCode"] == 200
    assert response_header(response, "Idempotent-Replayed") is None
    assert response_json(bob.get("hogehoge"))["userId"] == "bob-sub"


def test_an_existing_order_after_the_idempotency_window_is_409(alice: OrdersClient, container: Container) -> None:
    from foodorder.services.placement import idempotency_data

    alice.create(README_BODY)
    # What DynamoDB's TTL does after an hour: the record goes, the order stays.
    draft_data = idempotency_data("alice-sub", _draft(README_BODY))
    container.idempotency_store.delete_record(draft_data, exception=RuntimeError("expired"))
    status, error = status_and_body(alice.create(README_BODY))
    assert (status, error["code"]) == (409, "OrderAlreadyExists")


def _draft(body: str) -> Any:
    from foodorder import codec
    from foodorder.domain.order_input import parse_order_draft

    return parse_order_draft(codec.loads(body))


def test_get_of_a_missing_or_foreign_order_is_404(alice: OrdersClient) -> None:
    alice.create(README_BODY)
    assert status_and_body(alice.get("nope"))[0] == 404
    status, error = status_and_body(OrdersClient("bob-sub").get("hogehoge"))
    assert (status, error) == (404, {"message": "Order hogehoge was not found.", "code": "OrderNotFound"})


def test_list_returns_only_the_callers_orders_a_page_at_a_time(alice: OrdersClient) -> None:
    for n in range(5):
        alice.create(body_for(f"order-{n}"))
    OrdersClient("bob-sub").create(body_for("bobs"))
    first = response_json(alice.list(limit="2"))
    second = response_json(alice.list(limit="2", nextToken=first["nextToken"]))
    third = response_json(alice.list(limit="2", nextToken=second["nextToken"]))
    ids = [o["orderId"] for page in (first, second, third) for o in page["orders"]]
    assert ids == [f"order-{n}" for n in range(5)]
    assert "nextToken" not in third
    assert {o["userId"] for o in response_json(alice.list())["orders"]} == {"alice-sub"}


@pytest.mark.parametrize(("query", "field"), [({"limit": "0"}, "limit"), ({"limit": "x"}, "limit"),
                                              ({"nextToken": "garbage!"}, "nextToken")])  # fmt: skip
def test_list_with_a_bad_limit_or_token_is_400(alice: OrdersClient, query: dict[str, str], field: str) -> None:
    status, error = status_and_body(alice.list(**query))
    assert status == 400
    assert error["errors"][0]["field"] == field


def test_edit_updates_a_placed_order(alice: OrdersClient) -> None:
    alice.create(README_BODY)
    status, order = status_and_body(alice.edit("hogehoge", EDIT_BODY))
    assert status == 200
    assert [item["name"] for item in order["orderItems"]] == ["Spaghetti", "Pizza - SMALL", "Salad"]
    assert (order["totalAmount"], order["status"]) == (19.97, "PLACED")
    assert response_json(alice.get("hogehoge")) == order


def test_edit_of_a_missing_order_is_404_and_an_invalid_edit_is_400(alice: OrdersClient) -> None:
    assert alice.edit("hogehoge", EDIT_BODY)["statusCode"] == 404
    alice.create(README_BODY)
    assert alice.edit("hogehoge", EDIT_BODY.replace('"quantity":1}]', '"quantity":-1}]'))["statusCode"] == 400
    assert alice.edit("other", EDIT_BODY)["statusCode"] == 400


def test_edit_of_an_order_that_is_not_placed_is_400_with_the_workshop_message(alice: OrdersClient) -> None:
    alice.create(README_BODY)
    alice.cancel("hogehoge")
    status, error = status_and_body(alice.edit("hogehoge", EDIT_BODY))
    assert status == 400
    assert error == {
        "message": "Cannot edit Order hogehoge. Please check if the order exists and the status is PLACED.",
        "code": "OrderNotEditable",
    }


def test_cancel_returns_the_order_canceled(alice: OrdersClient, clock: MutableClock) -> None:
    alice.create(README_BODY)
    clock.advance(timedelta(minutes=9, seconds=59))
    status, order = status_and_body(alice.cancel("hogehoge"))
    assert (status, order["status"]) == (200, "CANCELED")
    assert response_json(alice.get("hogehoge"))["status"] == "CANCELED"


def test_cancel_ten_minutes_after_order_time_is_400_with_the_workshop_message(
    alice: OrdersClient, clock: MutableClock
) -> None:
    alice.create(README_BODY)
    clock.advance(timedelta(minutes=10))
    status, error = status_and_body(alice.cancel("hogehoge"))
    assert status == 400
    assert error["message"] == (
        "Order hogehoge cannot be cancelled. Make sure the status of this order is PLACED "
        "and it was created less than 10 minutes ago."
    )
    assert response_json(alice.get("hogehoge"))["status"] == "PLACED"


def test_cancel_of_a_canceled_order_is_400_and_of_a_missing_one_404(alice: OrdersClient) -> None:
    assert alice.cancel("hogehoge")["statusCode"] == 404
    alice.create(README_BODY)
    alice.cancel("hogehoge")
    assert status_and_body(alice.cancel("hogehoge"))[1]["code"] == "OrderNotCancellable"


def test_a_request_without_verified_claims_is_refused_401() -> None:
    status, error = status_and_body(OrdersClient("").create(README_BODY))
    assert (status, error["message"]) == (401, "Unauthorized")


class GatedOrders:
    """Wraps the real repository and holds `add` until released, so a second request arrives mid-flight."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.entered = threading.Event()
        self.release = threading.Event()

    def add(self, order: Any) -> None:
        self.entered.set()
        self.release.wait(timeout=10)
        self.inner.add(order)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_a_repeat_while_the_first_is_still_running_is_409(alice: OrdersClient, container: Container) -> None:
    gated = GatedOrders(container.orders)
    container.orders = gated
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(alice.create, README_BODY)
        assert gated.entered.wait(timeout=10)
        status, error = status_and_body(alice.create(README_BODY))
        gated.release.set()
        assert first.result()["statusCode"] == 200
    assert (status, error["code"]) == (409, "OrderInProgress")
    assert len(response_json(alice.list())["orders"]) == 1


def test_a_binary_body_that_is_not_json_is_a_400_not_a_500(alice: OrdersClient) -> None:
    event_body = base64.b64encode(b"\xff\xfe\x00garbage").decode()
    status, error = status_and_body(alice.create(event_body, is_base64=True))
    assert (status, error["errors"][0]["field"]) == (400, "body")


def test_the_same_money_written_differently_is_the_same_request_and_replays(alice: OrdersClient) -> None:
    assert alice.create(body_for("hogehoge", total="19.9"))["statusCode"] == 200
    again = alice.create(body_for("hogehoge", total="19.90"))
    assert (again["statusCode"], response_header(again, "Idempotent-Replayed")) == (200, "true")
    assert '"totalAmount":19.9,' in again["body"]


def test_money_reads_back_as_it_was_answered_on_every_backend(alice: OrdersClient) -> None:
    created = alice.create(body_for("hogehoge", total="19.90"))
    assert '"totalAmount":19.9,' in created["body"]
    assert '"totalAmount":19.9,' in alice.get("hogehoge")["body"]
