"""PutEvents as boto3 and the aws CLI speak it (AWS JSON 1.1), answered as the EventBridge API Reference says:
an EventId per accepted entry, FailedEntryCount and a per-entry ErrorCode/ErrorMessage for the others."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError

from runtime.events.events_support import BUS, RecordingInvoker, bridge, events_client, served

# A real server on loopback, and the aws CLI in a subprocess.
pytestmark = pytest.mark.slow

ORDER_UPDATED = {
    "Source": "restaurant",
    "DetailType": "order.updated",
    "Detail": json.dumps({"data": {"orderId": "O2", "userId": "sub-1", "status": "IN-PROCESS"}}),
    "EventBusName": BUS,
}


@pytest.fixture
def invoker() -> RecordingInvoker:
    return RecordingInvoker()


@pytest.fixture
def endpoint(tmp_path: Path, invoker: RecordingInvoker) -> Any:
    with served(bridge(tmp_path, invoker)) as url:
        yield url


def test_each_accepted_entry_gets_an_event_id_and_reaches_the_rules_target(
    endpoint: str, invoker: RecordingInvoker
) -> None:
    answer = events_client(endpoint).put_events(Entries=[ORDER_UPDATED])
    assert answer["FailedEntryCount"] == 0
    (entry,) = answer["Entries"]
    (function, event), *_ = invoker.wait_for(1)
    assert function == "UpdateOrderStatusFunction"
    # The event as EventBridge hands it to a target.
    assert event["id"] == entry["EventId"]
    assert (event["version"], event["source"], event["detail-type"]) == ("0", "restaurant", "order.updated")
    assert (event["account"], event["region"], event["resources"]) == ("123456789012", "us-east-1", [])
    assert event["detail"] == json.loads(ORDER_UPDATED["Detail"])
    assert len(event["time"]) == len("2026-01-02T03:04:05Z")


def test_a_bus_may_be_named_by_its_arn(endpoint: str, invoker: RecordingInvoker) -> None:
    arn = f"arn:aws:events:us-east-1:123456789012:event-bus/{BUS}"
    events_client(endpoint).put_events(Entries=[{**ORDER_UPDATED, "EventBusName": arn}])
    assert len(invoker.wait_for(1)) == 1


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        ({"Detail": "[1, 2]"}, "MalformedDetail", "Detail is malformed."),
        ({"Detail": "{not json"}, "MalformedDetail", "Detail is malformed."),
        ({"Detail": '{"total": NaN}'}, "MalformedDetail", "Detail is malformed."),
        ({"Detail": '{"a":' * 100_000 + "1" + "}" * 100_000}, "MalformedDetail", "Detail is malformed."),
        ({"Source": None}, "InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument."),
        ({"DetailType": None}, "InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a "
         "required argument."),
        ({"Detail": None}, "InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument."),
    ],
)  # fmt: skip
def test_a_malformed_entry_fails_alone_with_eventbridges_error_code(
    endpoint: str, invoker: RecordingInvoker, change: dict[str, Any], code: str, message: str
) -> None:
    bad = {key: value for key, value in {**ORDER_UPDATED, **change}.items() if value is not None}
    answer = events_client(endpoint).put_events(Entries=[bad, ORDER_UPDATED])
    assert answer["FailedEntryCount"] == 1
    failed, accepted = answer["Entries"]
    assert failed == {"ErrorCode": code, "ErrorMessage": message}
    assert "EventId" in accepted
    assert [event["id"] for _, event in invoker.wait_for(1)] == [accepted["EventId"]]


@pytest.mark.parametrize("moment", ["NaN", "Infinity", "-Infinity", "1e20", "-1e18", "253402300800", '"soon"', "true"])
def test_a_time_that_is_no_rfc3339_instant_fails_its_entry_with_invalid_argument(
    endpoint: str, invoker: RecordingInvoker, moment: str
) -> None:
    # The API Reference: an entry's Time is "the time stamp of the event, per RFC3339" (years 0000-9999), and a
    # parameter that is not valid fails its entry with ErrorCode InvalidArgument; the other entries go on.
    accepted = json.dumps(ORDER_UPDATED)
    bad = accepted[:-1] + f', "Time": {moment}}}'
    body = f'{{"Entries": [{bad}, {accepted}]}}'
    answer = httpx.post(endpoint, content=body, headers={"X-Amz-Target": "AWSEvents.PutEvents"})
    assert answer.status_code == 200, answer.text
    failed, delivered = answer.json()["Entries"]
    assert failed == {
        "ErrorCode": "InvalidArgument",
        "ErrorMessage": "Parameter Time is not valid. Reason: Time must be an RFC 3339 timestamp.",
    }
    assert [event["id"] for _, event in invoker.wait_for(1)] == [delivered["EventId"]]


def test_an_entry_for_a_bus_the_template_lacks_is_accepted_dropped_and_logged(
    endpoint: str, invoker: RecordingInvoker, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="samlocal.events"):
        answer = events_client(endpoint).put_events(Entries=[{**ORDER_UPDATED, "EventBusName": "no-such-bus"}])
    assert answer["FailedEntryCount"] == 0
    assert "EventId" in answer["Entries"][0]
    assert "no-such-bus" in caplog.text
    sentinel = events_client(endpoint).put_events(Entries=[ORDER_UPDATED])["Entries"][0]["EventId"]
    # Deliveries run in queue order: had the dropped entry been queued, it would have been delivered first.
    assert [event["id"] for _, event in invoker.wait_for(1)] == [sentinel]


def test_an_event_no_rule_matches_is_accepted_and_delivered_nowhere(endpoint: str, invoker: RecordingInvoker) -> None:
    answer = events_client(endpoint).put_events(Entries=[{**ORDER_UPDATED, "Source": "kitchen"}])
    assert answer["FailedEntryCount"] == 0
    events_client(endpoint).put_events(Entries=[ORDER_UPDATED])
    # Deliveries run in queue order: had the first entry been queued, it would have been delivered first.
    assert [e["source"] for _, e in invoker.wait_for(1)] == ["restaurant"]


def test_more_than_ten_entries_is_a_validation_exception(endpoint: str) -> None:
    body = json.dumps({"Entries": [ORDER_UPDATED] * 11})
    answer = httpx.post(endpoint + "/", content=body, headers={"X-Amz-Target": "AWSEvents.PutEvents"})
    assert answer.status_code == 400
    assert answer.json()["__type"] == "ValidationException"


def test_an_operation_other_than_put_events_is_unknown(endpoint: str) -> None:
    with pytest.raises(ClientError) as refused:
        events_client(endpoint).list_rules()
    assert refused.value.response["Error"]["Code"] == "UnknownOperationException"


@pytest.mark.parametrize(("method", "path", "status"), [("POST", "/elsewhere", 404), ("GET", "/", 405)])
def test_a_request_that_names_no_operation_answers_with_an_aws_error_type(
    endpoint: str, method: str, path: str, status: int
) -> None:
    answer = httpx.request(method, endpoint + path, headers={"X-Amz-Target": "AWSEvents.PutEvents"})
    assert (answer.status_code, answer.json()["__type"]) == (status, "UnknownOperationException")


@pytest.mark.parametrize("body", [b"{", b"\xff", b'{"Entries": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"])
def test_a_body_that_is_not_json_is_a_serialization_exception(endpoint: str, body: bytes) -> None:
    answer = httpx.post(endpoint, content=body, headers={"X-Amz-Target": "AWSEvents.PutEvents"})
    assert (answer.status_code, answer.json()["__type"]) == (400, "SerializationException")


def test_the_aws_cli_puts_events_from_an_entries_file(endpoint: str, invoker: RecordingInvoker, tmp_path: Path) -> None:
    entries = tmp_path / "entries.json"
    entries.write_text(json.dumps([ORDER_UPDATED]))
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "AWS_DEFAULT_REGION": "us-east-1"}
    aws = Path(sys.executable).parent / "aws"
    result = subprocess.run(
        [str(aws), "events", "put-events", "--endpoint-url", endpoint, "--entries", f"file://{entries}"],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["FailedEntryCount"] == 0
    assert len(invoker.wait_for(1)) == 1
