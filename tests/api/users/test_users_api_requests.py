"""SPEC §1 and §3 for what a client sends the Users API: bodies, pagination, and the metrics the function emits.
Through the real gateway and its TOKEN authorizer."""

from __future__ import annotations

import json
from typing import Protocol

import pytest

from _support.gateway import Answer, LocalApi

ALICE = "7d8e2f4a-1b3c-4d5e-8f90-a1b2c3d4e5f6"
ADMIN = "a0000000-0000-4000-8000-000000000001"
FORM = (("Content-Type", "application/x-www-form-urlencoded"),)


@pytest.fixture
def call(api: LocalApi) -> Call:
    """Calls the Users API as the admin, or as `caller`."""

    def send(
        method: str, path: str, body: str | None = None, *, caller: str = ADMIN, query: str = "", form: bool = False
    ) -> Answer:
        token = api.id_token(caller, admin=caller == ADMIN)
        return api.call("UsersApi", method, path, token=token, body=body, query=query, headers=FORM if form else ())

    return send


class Call(Protocol):
    def __call__(
        self, method: str, path: str, body: str | None = ..., *, caller: str = ..., query: str = ..., form: bool = ...
    ) -> Answer: ...


def error_fields(response: Answer) -> tuple[int, list[str]]:
    return response.status, [error["field"] for error in response.json().get("errors", [])]


@pytest.mark.parametrize(
    ("body", "form", "field"),
    [
        ('{"name": "x", "age": 3}', False, "age"),
        ('{"name": 42}', False, "name"),
        ('{"name": ""}', False, "name"),
        ('{"name": "x", "email": 7}', False, "email"),
        ('{"name": "x", "userid": "someone-else"}', False, "userid"),
        ("{not json", False, "body"),
        ("name=My+name+is+hogehoge", True, "body"),
        (None, False, "body"),
        ('["name"]', False, "body"),
    ],
    ids=["unknown_field", "wrong_type", "empty_name", "email_wrong_type", "userid_differs", "not_json",
         "form_encoded", "no_body", "not_an_object"],
)  # fmt: skip
def test_a_bad_put_body_is_400_naming_the_field(call: Call, body: str | None, form: bool, field: str) -> None:
    response = call("PUT", f"/users/{ALICE}", body, caller=ALICE, form=form)

    assert error_fields(response) == (400, [field])
    assert response.json()["code"] == "ValidationFailed"


def test_a_bad_post_body_is_400_naming_every_field(call: Call) -> None:
    assert error_fields(call("POST", "/users", '{"name": "", "email": "nope"}')) == (400, ["name", "email"])


def test_json_sent_as_form_urlencoded_like_curl_data_raw_is_accepted(call: Call) -> None:
    response = call("PUT", f"/users/{ALICE}", '{"name": "My name is hogehoge"}', form=True)

    assert (response.status, response.json()["name"]) == (200, "My name is hogehoge")


def test_a_path_userid_outside_the_alphabet_is_400_naming_userid(call: Call) -> None:
    assert error_fields(call("GET", "/users/bad*id")) == (400, ["userid"])


def test_list_users_pages_through_everyone_with_next_token(call: Call) -> None:
    for index in range(5):
        call("POST", "/users", f'{{"userid": "user-{index}", "name": "User {index}"}}')

    seen: list[str] = []
    query = "limit=2"
    pages = 0
    while True:
        body = call("GET", "/users", query=query).json()
        seen += [user["userid"] for user in body["users"]]
        pages += 1
        if "nextToken" not in body:
            break
        query = f"limit=2&nextToken={body['nextToken']}"

    assert pages == 3
    assert sorted(seen) == [f"user-{index}" for index in range(5)]


def test_list_users_without_a_limit_returns_everyone_without_a_token(call: Call) -> None:
    call("POST", "/users", '{"userid": "only-one", "name": "Only"}')

    body = call("GET", "/users").json()

    assert body == {"users": [{"userid": "only-one", "name": "Only", "timestamp": "2026-01-02T03:04:05Z"}]}


@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=0", "limit"), ("limit=101", "limit"), ("limit=ten", "limit"), ("nextToken=x", "nextToken")],
)
def test_a_bad_limit_or_next_token_is_400_naming_it(call: Call, query: str, field: str) -> None:
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
    call: Call, capfd: pytest.CaptureFixture[str]
) -> None:
    call("POST", "/users", '{"name": "Posted"}')
    call("PUT", f"/users/{ALICE}", '{"name": "Registered"}')
    call("PUT", f"/users/{ALICE}", '{"name": "Replaced"}')

    assert emitted_metrics(capfd.readouterr().out) == ["UserCreated", "UserCreated"]


def test_user_deleted_is_emitted_only_when_a_user_was_deleted(call: Call, capfd: pytest.CaptureFixture[str]) -> None:
    call("PUT", f"/users/{ALICE}", '{"name": "Alice"}')
    capfd.readouterr()

    call("DELETE", f"/users/{ALICE}")
    call("DELETE", f"/users/{ALICE}")

    assert emitted_metrics(capfd.readouterr().out) == ["UserDeleted"]
