"""Execution environments like Lambda's: a process per environment with exactly the function's environment,
a Lambda context object, warm reuse, parallel environments for concurrent requests, output tagged by function."""

from __future__ import annotations

import json
import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from foodorder.local.gateway import Gateway
from local.gateway.gateway_support import Send, local_values, sender, write_fake_template


def echoed(send: Send, path: str = "/EchoApi/v1/echo/1") -> dict[str, Any]:
    response = send(path)
    assert response.status == 200, response.body
    seen: dict[str, Any] = json.loads(response.body)
    return seen


def test_the_environment_is_exactly_the_templates_merged_with_globals_plus_lambdas_variables(
    send: Send, fake_state: Path
) -> None:
    environment = echoed(send)["environment"]

    assert {key: environment[key] for key in ("FROM_GLOBALS", "OVERRIDDEN", "TABLE_NAME", "GREETING")} == {
        "FROM_GLOBALS": "globals",
        "OVERRIDDEN": "function",  # the function's value wins, key by key
        "TABLE_NAME": "Table",  # a table is known locally by its logical id
        "GREETING": "hello",  # a parameter's Default
    }
    # Cognito's regional endpoint is replaced by the local identity provider's.
    assert environment["ISSUER"] == "http://127.0.0.1:3000/cognito/us-east-1_LocalPool"
    assert environment["STORAGE_BACKEND"] == "sqlite"
    assert environment["SQLITE_PATH"] == str(fake_state / "foodorder.db")
    assert environment["AWS_LAMBDA_FUNCTION_NAME"] == "EchoFunction"
    assert environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "512"
    assert environment["AWS_REGION"] == environment["AWS_DEFAULT_REGION"] == "us-east-1"
    assert environment["_HANDLER"] == "fake_handlers.echo"
    assert "LAMBDA_TASK_ROOT" not in environment  # would switch Powertools' Tracer on
    assert "PYTEST_CURRENT_TEST" not in environment  # nothing leaks from the gateway's own process
    lambda_keys = {
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_REGION", "AWS_DEFAULT_REGION",
        "AWS_EXECUTION_ENV", "_HANDLER", "TZ", "LANG", "PATH",
    }  # fmt: skip
    template_keys = {"FROM_GLOBALS", "OVERRIDDEN", "TABLE_NAME", "GREETING", "ISSUER", "STORAGE_BACKEND", "SQLITE_PATH"}
    assert set(environment) == lambda_keys | template_keys


def test_the_handler_gets_a_lambda_context_object(send: Send) -> None:
    context = echoed(send)["context"]

    assert context["function_name"] == "EchoFunction"
    assert context["memory_limit_in_mb"] == 512
    assert context["invoked_function_arn"] == "arn:aws:lambda:us-east-1:123456789012:function:EchoFunction"
    assert context["aws_request_id"]
    assert context["remaining_positive"] is True


def test_sequential_requests_reuse_a_warm_environment(send: Send) -> None:
    assert echoed(send)["pid"] == echoed(send)["pid"]


def test_two_concurrent_requests_to_one_function_run_at_the_same_time(send: Send) -> None:
    # Each invocation waits (up to 20 s) for the other to be running; run one after the other, neither would meet.
    with ThreadPoolExecutor(2) as pool:
        responses = list(pool.map(send, ["/EchoApi/v1/meet/first", "/EchoApi/v1/meet/second"]))

    bodies = [json.loads(response.body) for response in responses]
    assert [body["met"] for body in bodies] == [True, True]
    assert bodies[0]["pid"] != bodies[1]["pid"]


def test_log_lines_of_an_invocation_carry_the_function_name(
    tmp_path: Path, jwks: dict[str, Any], capfd: pytest.CaptureFixture[str]
) -> None:
    template = write_fake_template(tmp_path)
    with Gateway.from_template(local_values(tmp_path), lambda: jwks, template=template) as gateway:
        assert sender(gateway)("/EchoApi/v1/echo/logged").status == 200
        output = ""
        deadline = time.monotonic() + 10
        while "echo handled" not in output and time.monotonic() < deadline:
            time.sleep(0.05)
            output += capfd.readouterr().err

    assert "[EchoFunction] echo handled /echo/logged" in output


def test_closing_the_gateway_stops_every_execution_environment(tmp_path: Path, jwks: dict[str, Any]) -> None:
    before = set(multiprocessing.active_children())  # other gateways' environments, left alone
    template = write_fake_template(tmp_path)
    with Gateway.from_template(local_values(tmp_path), lambda: jwks, template=template) as gateway:
        send = sender(gateway)
        assert send("/EchoApi/v1/echo/1").status == 200
        assert send("/EchoApi/v1/behave/ok").status == 201
        started = set(multiprocessing.active_children()) - before
        assert {child.name for child in started} == {"lambda-EchoFunction", "lambda-BehaveFunction"}

    assert not [child for child in started if child.is_alive()]
