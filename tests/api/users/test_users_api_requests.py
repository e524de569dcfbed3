"""SPEC §1 and §3 for what a client sends the Users function: bodies, pagination, and the metrics it emits.
Through the real handler on SQLite and on DynamoDB (moto)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from api.users.users_client import call_users
from support import lambda_authorizer_context, response_json

ALICE = "7d8e2f4a-1b3c-4d5e-8f90-a1b2c3d4e5f6"
ADMIN = lambda_authorizer_context("a0000000-0000-4000-8000-000000000001", admin=True)
FORM = {"Content-Type": "application/x-www-form-urlencoded"}

pytestmark = pytest.mark.usefixtures("container")


def call(method: str, path: str, body: Any = None, *, caller: dict[str, Any] = ADMIN, **kwargs: Any) -> dict[str, Any]:
    return call_users(method, path, caller, body, **kwargs)


def error_fields(response: dict[str, Any]) -> tuple[int, list[str]]:
    body = response_json(response)
    return response["statusCode"], [error["field"] for error in body.get("errors", [])]


@pytest.mark.parametrize(
    ("body", "headers", "field"),
    [
        ({"name": "x", "age": 3}, None, "age"),
        ({"name": 42}, None, "name"),
        ({"name": ""}, None, "name"),
        ({"name": "x", "email": 7}, None, "email"),
        ({"name": "x", "userid": "someone-else"}, None, "userid"),
        ("{not json", None, "body"),
        ("name=My+name+is+hogehoge", FORM, "body"),
        (None, None, "body"),
        ('["name"]', None, "body"),
    ],
    ids=["unknown_field", "wrong_type", "empty_name", "email_wrong_type", "userid_differs", "not_json",
         "form_encoded", "no_body", "not_an_object"],
)  # fmt: skip
def test_a_bad_put_body_is_400_naming_the_field(body: Any, headers: dict[str, str] | None, field: str) -> None:
    response = call("PUT", f"/users/{ALICE}", body, caller=lambda_authorizer_context(ALICE), headers=headers)

    assert error_fields(response) == (400, [field])
    assert response_json(response)["code"] == "ValidationFailed"


def test_a_bad_post_body_is_400_naming_every_field() -> None:
    assert error_fields(call("POST", "/users", {"name": "", "email": "nope"})) == (400, ["name", "email"])


def test_json_sent_as_form_urlencoded_like_curl_data_raw_is_accepted() -> None:
    response = call("PUT", f"/users/{ALICE}", '{"name": "My name is hogehoge"}', headers=FORM)

    assert (response["statusCode"], response_json(response)["name"]) == (200, "My name is hogehoge")


def test_a_path_userid_outside_the_alphabet_is_400_naming_userid() -> None:
    assert error_fields(call("GET", "/users/bad*id")) == (400, ["userid"])


def test_list_users_pages_through_everyone_with_next_token() -> None:
    for index in range(5):
        call("POST", "/users", {"userid": f"user-{index}", "name": f"User {index}"})

    seen: list[str] = []
    query: dict[str, str] = {"limit": "2"}
    pages = 0
    while True:
        body = response_json(call("GET", "/users", query=query))
        seen += [user["userid"] for user in body["users"]]
        pages += 1
        if "nextToken" not in body:
            break
        query = {"limit": "2", "nextToken": body["nextToken"]}

    assert pages == 3
    assert sorted(seen) == [f"user-{index}" for index in range(5)]


def test_list_users_without_a_limit_returns_everyone_without_a_token() -> None:
    call("POST", "/users", {"userid": "only-one", "name": "Only"})

    body = response_json(call("GET", "/users"))

    assert body == {"users": [{"userid": "only-one", "name": "Only", "timestamp": "2026-01-02T03:04:05Z"}]}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"nextToken": "x"}, "nextToken"),
    ],
)
def test_a_bad_limit_or_next_token_is_400_naming_it(query: dict[str, str], field: str) -> None:
    assert error_fields(call("GET", "/users", query=query)) == (400, [field])


def emitted_metrics(output: str) -> list[str]:
    """The metric names in the CloudWatch embedded-metric-format documents the function printed."""
    names: list[str] = []
    for line in output.splitlines():
        document = json.loads(line) if line.startswith("{") else {}
        for directive in document.get("_aws", {}).get("CloudWatchMetrics", []):
            names += [metric["Name"] for metric in directive["Metrics"] if document[metric["Name"]] == [1.0]]
    return names


def test_user_created_is_emitted_for_a_post_and_for_a_put_that_registers_but_not_for_a_replacing_put(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call("POST", "/users", {"name": "Posted"})
    call("PUT", f"/users/{ALICE}", {"name": "Registered"})
    call("PUT", f"/users/{ALICE}", {"name": "Replaced"})

    assert emitted_metrics(capsys.readouterr().out) == ["UserCreated", "UserCreated"]


def test_user_deleted_is_emitted_only_when_a_user_was_deleted(capsys: pytest.CaptureFixture[str]) -> None:
    call("PUT", f"/users/{ALICE}", {"name": "Alice"})
    capsys.readouterr()

    call("DELETE", f"/users/{ALICE}")
    call("DELETE", f"/users/{ALICE}")

    assert emitted_metrics(capsys.readouterr().out) == ["UserDeleted"]
