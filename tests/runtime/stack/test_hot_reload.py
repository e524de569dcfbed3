"""Hot reload, as `sam local start-api` users expect it: with the stack running, a saved change to a function's code
is served by its next invocation, and a saved template reloads routes and environments, or says in one line why
it cannot and keeps serving the previous one. Against a real `run` process on a project copied for each test."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from integration.stack_support import LocalStack

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parent / "reload_project"
# Inotify reports a save within milliseconds; the bound is for a loaded machine.
WAIT_SECONDS = 15.0


@dataclass
class Running:
    project: Path
    stack: LocalStack
    api: str

    def get(self, path: str = "/version", **params: str) -> httpx.Response:
        return httpx.get(f"{self.api}{path}", params=params, timeout=30)

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.project / relative
        text = path.read_text()
        assert text.count(old) == 1, f"{old!r} is not in {relative} exactly once"
        path.write_text(text.replace(old, new))


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    stack = LocalStack(tmp_path / "state", project=project)
    try:
        outputs = stack.start()
        yield Running(project, stack, outputs["VersionEndpoint"])
        stack.stop()
    finally:
        stack.kill()


def eventually(check: Callable[[], Any], what: str) -> Any:
    deadline = time.monotonic() + WAIT_SECONDS
    while not (result := check()):
        assert time.monotonic() < deadline, f"not within {WAIT_SECONDS}s: {what}"
        time.sleep(0.05)
    return result


def test_saved_code_is_served_by_the_next_invocation_without_a_restart(running: Running) -> None:
    assert running.get().json()["version"] == 1

    running.edit("code/app.py", "VERSION = 1", "VERSION = 2")

    eventually(lambda: running.get().json()["version"] == 2, "the new code answers")
    assert "code changed: the next invocation of VersionFunction runs it" in running.stack.log_text()


def test_a_request_in_flight_finishes_on_the_old_code_and_the_next_one_runs_the_new(running: Running) -> None:
    with ThreadPoolExecutor(1) as pool:
        in_flight = pool.submit(running.get, sleep="2")
        time.sleep(0.5)
        running.edit("code/app.py", "VERSION = 1", "VERSION = 2")
        eventually(lambda: "code changed" in running.stack.log_text(), "the change is noticed")
        after = running.get()

        assert in_flight.result().json()["version"] == 1
    assert after.json()["version"] == 2


def test_a_saved_template_reloads_routes_and_environments(running: Running) -> None:
    running.edit("template.yaml", "Path: /version", "Path: /v2/version")
    running.edit("template.yaml", "GREETING: hello", "GREETING: bonjour")

    moved = eventually(lambda: (r := running.get("/v2/version")).status_code == 200 and r, "the new route answers")

    assert moved.json()["greeting"] == "bonjour"
    assert running.get().status_code == 403  # the old route is gone: API Gateway's Missing Authentication Token
    assert "reloaded: 1 routes, 1 functions" in running.stack.log_text()


def test_a_saved_template_reloads_authorizers(running: Running) -> None:
    assert running.get().status_code == 200

    running.edit(
        "template.yaml",
        "StageName: v1\n",
        "StageName: v1\n      Auth:\n        DefaultAuthorizer: Pool\n        Authorizers:\n"
        "          Pool: {UserPoolArn: !GetAtt UserPool.Arn}\n",
    )

    # The route now has the Cognito authorizer: a request without a token is API Gateway's own 401.
    refused = eventually(lambda: (r := running.get()).status_code != 200 and r, "the authorizer guards the route")
    assert (refused.status_code, refused.json()) == (401, {"message": "Unauthorized"})


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("Path: /version", "Path: [broken", "not applied"),
        (
            "UsernameAttributes: [email]",
            "UsernameAttributes: [email]\n      AutoVerifiedAttributes: [email]",
            "restart it",
        ),
        (
            # Valid YAML, a valid environment change, and a pattern EventBridge refuses (prefix takes a string).
            "GREETING: hello\n      Events:\n",
            "GREETING: bonjour\n      Events:\n        Broken:\n          Type: EventBridgeRule\n"
            "          Properties: {Pattern: {source: [{prefix: 1}]}}\n",
            "rule VersionFunctionBroken of VersionFunction: source: prefix takes a string",
        ),
    ],
    ids=["invalid_yaml", "user_pool_change", "invalid_event_pattern"],
)
def test_a_template_change_that_cannot_be_applied_is_one_line_and_the_old_template_is_served(
    running: Running, old: str, new: str, said: str
) -> None:
    running.edit("template.yaml", old, new)

    line = eventually(
        lambda: next((line for line in running.stack.log_text().splitlines() if said in line), None),
        "the stack says why it keeps the previous template",
    )

    assert "still serving the previous template" in line
    assert running.get().json() == {"version": 1, "greeting": "hello"}
