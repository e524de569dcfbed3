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

from runtime.gateway.gateway_support import Send, local_values, sender, write_fake_template
from samlocal.apigw.gateway import Gateway

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def send(process_gateway: Gateway) -> Send:
    """What these tests are about happens in worker processes."""
    return sender(process_gateway)


def echoed(send: Send, path: str = "/EchoApi/v1/echo/1") -> dict[str, Any]:
    response = send(path)
    assert response.status == 200, response.body
    seen: dict[str, Any] = json.loads(response.body)
    return seen


def test_the_environment_is_exactly_the_templates_merged_with_globals_plus_lambdas_variables(send: Send) -> None:
    environment = echoed(send)["environment"]

    assert {key: environment[key] for key in ("UNTOUCHED", "TABLE_NAME", "GREETING")} == {
        "UNTOUCHED": "function",  # the function's own value, untouched by the env-vars file
        "TABLE_NAME": "Table",  # a table is known locally by its logical id
        "GREETING": "hello",  # a parameter's Default
    }
    # Cognito's regional endpoint is replaced by the local identity provider's.
    assert environment["ISSUER"] == "http://127.0.0.1:3000/cognito/us-east-1_LocalPool"
    # As an emulator sets the SDK's endpoint for its functions: Cognito calls reach the local identity provider.
    assert environment["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"] == "http://127.0.0.1:3000/cognito"
    assert environment["AWS_LAMBDA_FUNCTION_NAME"] == "EchoFunction"
    assert environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "512"
    assert environment["AWS_REGION"] == environment["AWS_DEFAULT_REGION"] == "us-east-1"
    assert environment["_HANDLER"] == "fake_handlers.echo"
    assert "LAMBDA_TASK_ROOT" not in environment  # would switch Powertools' Tracer on
    assert "PYTEST_CURRENT_TEST" not in environment  # nothing leaks from the gateway's own process
    lambda_keys = {
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_REGION", "AWS_DEFAULT_REGION",
        "AWS_EXECUTION_ENV", "_HANDLER", "TZ", "LANG", "PATH", "AWS_SAM_LOCAL",
        "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
    }  # fmt: skip
    # Credentials pass from the shell that started the stack, as sam local passes them (here: moto's dummies).
    credential_keys = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
    template_keys = {"FROM_GLOBALS", "OVERRIDDEN", "UNTOUCHED", "TABLE_NAME", "GREETING", "ISSUER"}
    assert set(environment) == lambda_keys | credential_keys | template_keys
    assert environment["AWS_SAM_LOCAL"] == "true"


def test_the_env_vars_file_replaces_declared_variables_like_sam_local_and_ignores_undeclared_ones(
    send: Send, process_gateway: Gateway
) -> None:
    environment = echoed(send)["environment"]

    assert environment["FROM_GLOBALS"] == "from-env-vars"  # Parameters: every function that declares it
    assert environment["OVERRIDDEN"] == "from-env-vars-for-echo"  # the function's own entry wins over Parameters
    assert "UNDECLARED" not in environment
    assert any("EchoFunction does not declare UNDECLARED" in warning for warning in process_gateway.topology.warnings)


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
    with Gateway.from_template(local_values(), lambda: jwks, template=template) as gateway:
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
    with Gateway.from_template(local_values(), lambda: jwks, template=template) as gateway:
        send = sender(gateway)
        assert send("/EchoApi/v1/echo/1").status == 200
        assert send("/EchoApi/v1/behave/ok").status == 201
        started = set(multiprocessing.active_children()) - before
        assert {child.name for child in started} == {"lambda-EchoFunction", "lambda-BehaveFunction"}

    assert not [child for child in started if child.is_alive()]


def test_integers_past_64_bits_cross_the_process_boundary_exactly(process_gateway: Gateway) -> None:
    # Lambda's runtimes read and write the event and the result as JSON, whose integers have no size limit.
    huge = 2**70 + 1
    pool = process_gateway.invoker

    result = pool.invoke("EchoFunction", {"path": "/echo/huge", "huge": huge})

    assert json.loads(result["body"])["event"]["huge"] == huge
