"""EventBridge delivery in a real `run` process: an event accepted before a restart is delivered after it, with the
attempts it had already used; and a rule saved in template.yaml applies to the next PutEvents (hot reload)."""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest

from integration.stack_support import LocalStack

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parent / "events_project"
WAIT_SECONDS = 30.0


@dataclass
class Project:
    root: Path
    state: Path

    def stack(self) -> LocalStack:
        return LocalStack(self.state, project=self.root)

    def delivered(self) -> list[str]:
        path = self.root / "delivered.txt"
        return path.read_text().splitlines() if path.exists() else []


@pytest.fixture
def project(tmp_path: Path) -> Project:
    shutil.copytree(PROJECT, tmp_path / "project")
    return Project(tmp_path / "project", tmp_path / "state")


def put(outputs: dict[str, str], source: str = "tests") -> str:
    client = boto3.client("events", endpoint_url=outputs["EventsEndpoint"], region_name="us-east-1",
                          aws_access_key_id="x", aws_secret_access_key="x")  # fmt: skip
    entry = {"Source": source, "DetailType": "t", "Detail": json.dumps({"n": 1}), "EventBusName": outputs["BusName"]}
    answer: Any = client.put_events(Entries=[entry])
    assert answer["FailedEntryCount"] == 0
    return str(answer["Entries"][0]["EventId"])


def eventually(check: Callable[[], Any], what: str) -> Any:
    deadline = time.monotonic() + WAIT_SECONDS
    while not (result := check()):
        assert time.monotonic() < deadline, f"not within {WAIT_SECONDS}s: {what}"
        time.sleep(0.05)
    return result


@pytest.fixture
def stacks() -> Iterator[list[LocalStack]]:
    started: list[LocalStack] = []
    yield started
    for stack in started:
        stack.kill()


def test_an_event_accepted_before_a_restart_is_delivered_after_it(project: Project, stacks: list[LocalStack]) -> None:
    # Given a stack whose target fails, and an event whose first attempt has failed
    (project.root / "hold").touch()
    first = project.stack()
    stacks.append(first)
    event_id = put(first.start())
    eventually(lambda: re.search(rf"event {event_id}: RecorderFunction failed", first.log_text()), "a failure")
    # When the stack stops before the retry, and starts again once the target works
    first.stop()
    (project.root / "hold").unlink()
    second = project.stack()
    stacks.append(second)
    second.start()
    # Then the event is delivered, once
    assert eventually(project.delivered, "the delivery") == [f"tests {event_id}"]
    second.stop()
    assert f"event {event_id} dropped" not in second.log_text()


def test_a_rule_saved_in_the_template_applies_to_the_next_put_events(
    project: Project, stacks: list[LocalStack]
) -> None:
    stack = project.stack()
    stacks.append(stack)
    outputs = stack.start()
    template = project.root / "template.yaml"
    template.write_text(template.read_text().replace("source: [tests]", "source: [renamed]"))
    eventually(lambda: "template.yaml reloaded" in stack.log_text(), "the reload")
    old = put(outputs, "tests")
    renamed = put(outputs, "renamed")
    assert eventually(project.delivered, "the delivery") == [f"renamed {renamed}"]
    # PutEvents routes before it answers, so the log already says where the old source went: nowhere.
    assert f"event {old} (tests, t) matched no rule" in stack.log_text()
    stack.stop()
