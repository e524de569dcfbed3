"""UpdateOrderStatusFunction as EventBridge invokes it, in its template environment on a real SQLite file, and the
order the client reads afterwards through the gateway. Then the whole path: PutEvents, the rule, async delivery."""

from __future__ import annotations

import io
import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from _support.clock import FIXED_STAMP, MutableClock
from _support.gateway import LocalApi
from _support.orders import README_BODY
from api.test_orders_observability import json_lines, log_stream
from foodorder import bootstrap
from foodorder.bootstrap import Container
from foodorder.domain.ports import OrdersRepository
from samlocal.events import LocalEventBridge
from samlocal.lambda_runtime.invoker import FunctionError

__all__ = ["log_stream"]

ALICE = "aaaaaaaa-0000-4000-8000-000000000001"
FUNCTION = "UpdateOrderStatusFunction"
LATER = "2026-01-02T03:09:00Z"


def order_updated(status: Any, order_id: Any = "hogehoge", user_id: Any = ALICE) -> dict[str, Any]:
    """An event as EventBridge delivers it to a Lambda target (EventBridge User Guide, "Amazon EventBridge events"),
    with the workshop's detail."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "order.updated",
        "source": "restaurant",
        "account": "123456789012",
        "time": "2026-01-02T03:09:00Z",
        "region": "us-east-1",
        "resources": [],
        "detail": {"data": {"orderId": order_id, "userId": user_id, "status": status}},
    }


def deliver(api: LocalApi, event: dict[str, Any]) -> Any:
    return api.gateway.invoker.invoke(FUNCTION, event)


def read(api: LocalApi, order_id: str = "hogehoge") -> dict[str, Any]:
    answer = api.call("OrdersApi", "GET", f"/orders/{order_id}", token=api.id_token(ALICE))
    assert answer.status == 200, answer.body
    order: dict[str, Any] = answer.json()
    return order


@pytest.fixture
def placed(api: LocalApi) -> dict[str, Any]:
    answer = api.call("OrdersApi", "POST", "/orders", token=api.id_token(ALICE), body=README_BODY)
    assert answer.status == 200
    order: dict[str, Any] = answer.json()
    return order


def test_the_restaurants_event_moves_the_order_and_the_client_sees_when(
    api: LocalApi, placed: dict[str, Any], clock: MutableClock
) -> None:
    clock.now = clock.now.replace(minute=9, second=0)
    assert deliver(api, order_updated("IN-PROCESS")) == {"outcome": "Applied"}
    order = read(api)
    assert (order["status"], order["statusTime"], order["orderTime"]) == ("IN-PROCESS", LATER, FIXED_STAMP)
    assert {k: v for k, v in order.items() if k not in ("status", "statusTime")} == {
        k: v for k, v in placed.items() if k not in ("status", "statusTime")
    }


def test_a_duplicate_and_a_stale_event_change_nothing_and_are_logged_as_such(
    api: LocalApi, placed: dict[str, Any], log_stream: io.StringIO
) -> None:
    deliver(api, order_updated("READY"))
    before = read(api)
    assert deliver(api, order_updated("READY")) == {"outcome": "Duplicate"}
    assert deliver(api, order_updated("ACKNOWLEDGED")) == {"outcome": "Stale"}
    assert read(api) == before
    reasons = [line.get("reason") for line in json_lines(log_stream.getvalue())
               if line.get("message") == "Order update changed nothing"]  # fmt: skip
    assert reasons == ["Duplicate", "Stale"]


@pytest.mark.parametrize(
    ("event", "reason"),
    [
        (order_updated("READY", user_id="someone-else"), "UnknownOrder"),
        (order_updated("READY", order_id="no-such-order"), "UnknownOrder"),
        (order_updated("DELIVERED"), "UnknownStatus"),
        (order_updated("CANCELED"), "UnknownStatus"),
        (order_updated(None), "Malformed"),
        ({**order_updated("READY"), "detail": {"orderId": "hogehoge"}}, "Malformed"),
        ({"version": "0", "id": "x"}, "Malformed"),
    ],
)
def test_an_event_that_can_never_apply_is_logged_counted_and_not_retried(
    api: LocalApi,
    placed: dict[str, Any],
    log_stream: io.StringIO,
    capsys: pytest.CaptureFixture[str],
    event: dict[str, Any],
    reason: str,
) -> None:
    # Returning normally is what keeps Lambda from retrying it.
    assert deliver(api, event) == {"outcome": reason}
    assert read(api)["status"] == "PLACED"
    (logged,) = [line for line in json_lines(log_stream.getvalue()) if line.get("message") == "Order update ignored"]
    assert logged["reason"] == reason
    (metric,) = [line for line in json_lines(capsys.readouterr().out) if "_aws" in line]
    assert metric["IgnoredOrderUpdate"] == [1.0]
    assert metric["Reason"] == reason
    assert metric["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "FoodOrder"


class BrokenStorage(Container):
    @property
    def orders(self) -> OrdersRepository:
        raise OSError("disk I/O error")


def test_a_storage_failure_raises_so_that_lambda_retries_the_event(api: LocalApi, placed: dict[str, Any]) -> None:
    bootstrap.use(BrokenStorage)
    with pytest.raises(FunctionError) as failed:
        deliver(api, order_updated("READY"))
    assert failed.value.error_type == "OSError"


def test_an_order_moved_by_the_restaurant_can_no_longer_be_edited_or_cancelled(
    api: LocalApi, placed: dict[str, Any]
) -> None:
    deliver(api, order_updated("ACKNOWLEDGED"))
    token = api.id_token(ALICE)
    assert api.call("OrdersApi", "PUT", "/orders/hogehoge", token=token, body=README_BODY).status == 400
    assert api.call("OrdersApi", "DELETE", "/orders/hogehoge", token=token).status == 400


@pytest.fixture
def bridge(api: LocalApi) -> Iterator[LocalEventBridge]:
    local = LocalEventBridge(
        api.state_dir,
        lambda: api.gateway.topology.events,
        api.gateway.invoker,
        region="us-east-1",
        account="123456789012",
        retry_delays=(0.05, 0.1),
    )
    local.start()
    yield local
    local.close()


def test_put_events_on_the_templates_bus_reaches_the_function_through_its_rule(
    api: LocalApi, placed: dict[str, Any], bridge: LocalEventBridge
) -> None:
    detail = json.dumps({"data": {"orderId": "hogehoge", "userId": ALICE, "status": "IN-PROCESS"}})
    entry = {"Source": "restaurant", "DetailType": "order.updated", "Detail": detail, "EventBusName": "local-orders"}
    answer = bridge.bus.put_events({"Entries": [entry]})
    assert answer["FailedEntryCount"] == 0
    deadline = time.monotonic() + 10
    while read(api)["status"] != "IN-PROCESS":
        assert time.monotonic() < deadline, "the event never reached UpdateOrderStatusFunction"
        time.sleep(0.05)
