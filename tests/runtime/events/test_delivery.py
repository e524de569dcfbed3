"""Delivery as Lambda's asynchronous invocation ("Retries with asynchronous invocation", Lambda Developer Guide):
a function error is retried twice with a delay, then the event is dropped (we log it, naming the event); an event
accepted before a restart is delivered after it."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from runtime.events.events_support import BUS, RecordingInvoker, bridge, eventually
from samlocal.events.delivery import Delivery
from samlocal.events.lambda_target import LambdaTarget
from samlocal.events.queue import DeliveryQueue, Pending

ENTRY = {
    "Source": "restaurant",
    "DetailType": "order.updated",
    "Detail": json.dumps({"data": {"orderId": "O2", "userId": "sub-1", "status": "READY"}}),
    "EventBusName": BUS,
}


def test_a_failed_invocation_is_retried_and_a_later_success_ends_it(tmp_path: Path) -> None:
    invoker = RecordingInvoker(failures=2)
    local = bridge(tmp_path, invoker)
    local.start()
    try:
        (entry,) = local.bus.put_events({"Entries": [ENTRY]})["Entries"]
        calls = invoker.wait_for(3)
        assert [event["id"] for _, event in calls] == [entry["EventId"]] * 3
        assert eventually(lambda: len(local.queue) == 0)
    finally:
        local.close()


def test_an_event_that_fails_three_times_is_dropped_with_a_log_line_naming_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    invoker = RecordingInvoker(failures=99)
    local = bridge(tmp_path, invoker)
    local.start()
    try:
        with caplog.at_level(logging.INFO, logger="samlocal.events"):
            (entry,) = local.bus.put_events({"Entries": [ENTRY]})["Entries"]
            assert eventually(lambda: "dropped" in caplog.text)
        # One invocation and two retries, no more.
        assert len(invoker.calls) == 3
        assert len(local.queue) == 0
        (dropped,) = [r.getMessage() for r in caplog.records if "dropped" in r.getMessage()]
        assert entry["EventId"] in dropped
        assert "UpdateOrderStatusFunction" in dropped
    finally:
        local.close()


def test_events_accepted_before_a_restart_are_delivered_after_it(tmp_path: Path) -> None:
    # Given a stack that accepts an event and stops before delivering it
    stopped = bridge(tmp_path, RecordingInvoker())
    (entry,) = stopped.bus.put_events({"Entries": [ENTRY]})["Entries"]
    stopped.close()
    # When the stack starts again on the same state directory
    invoker = RecordingInvoker()
    restarted = bridge(tmp_path, invoker)
    restarted.start()
    try:
        # Then the event reaches its target
        assert [event["id"] for _, event in invoker.wait_for(1)] == [entry["EventId"]]
    finally:
        restarted.close()


def test_a_delivery_cut_short_by_shutdown_stays_queued(tmp_path: Path) -> None:
    queue = DeliveryQueue(tmp_path / "events.db")
    queue.push([Pending("e-1", "rule", "Fn", {"id": "e-1"})], due=0)
    (queued,) = queue.due(now=1, exclude=[], limit=10)
    queue.close()
    # done() after close is ignored rather than raising in a worker thread...
    queue.done(queued.id)
    # ...and the delivery is there for the next start.
    reopened = DeliveryQueue(tmp_path / "events.db")
    assert [q.pending.event_id for q in reopened.due(now=1, exclude=[], limit=10)] == ["e-1"]
    reopened.close()


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_retry_is_not_taken_before_its_delay_has_passed(tmp_path: Path) -> None:
    # Lambda retries a failed asynchronous invocation after a delay, not at once. The clock stands still unless the
    # test moves it; a sentinel delivery after each step shows that the dispatcher looked at the queue meanwhile.
    clock = FakeClock(1000.0)
    queue = DeliveryQueue(tmp_path / "events.db")
    invoker = RecordingInvoker(failures=1)
    delivery = Delivery(queue, LambdaTarget(invoker), retry_delays=(30.0, 60.0), workers=1, clock=clock)

    def deliver(event_id: str) -> list[str]:
        calls = len(invoker.calls) + 1
        queue.push([Pending(event_id, "rule", "Fn", {"id": event_id})], due=clock())
        delivery.notify()
        return [event["id"] for _, event in invoker.wait_for(calls)]

    delivery.start()
    try:
        assert deliver("failing") == ["failing"]
        assert deliver("sentinel-1") == ["failing", "sentinel-1"]
        clock.now = 1029.9
        assert deliver("sentinel-2") == ["failing", "sentinel-1", "sentinel-2"]
        clock.now = 1030.0
        delivery.notify()
        assert [event["id"] for _, event in invoker.wait_for(4)][3:] == ["failing"]
        assert eventually(lambda: len(queue) == 0)
    finally:
        delivery.stop()
        queue.close()
