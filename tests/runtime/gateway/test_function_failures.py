"""A function that fails costs that one request a 502 {"message": "Internal server error"}, as API Gateway answers
when Lambda reports a failed invocation or the proxy response is malformed; the gateway and the next request
are unaffected."""

from __future__ import annotations

import json
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from runtime.gateway.gateway_support import Send, local_values, sender, write_fake_template
from samlocal.apigw.gateway import Gateway

INTERNAL_SERVER_ERROR = b'{"message": "Internal server error"}'


@pytest.mark.parametrize("kind", ["raise", "exit", "hard-exit", "segfault"])
def test_a_raising_exiting_or_crashing_function_is_502_and_the_next_request_is_served(send: Send, kind: str) -> None:
    response = send(f"/EchoApi/v1/behave/{kind}")

    assert response.status == 502
    assert response.body == INTERNAL_SERVER_ERROR
    assert send("/EchoApi/v1/behave/ok").status == 201


pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def send(process_gateway: Gateway) -> Send:
    """What these tests are about happens in worker processes."""
    return sender(process_gateway)


@pytest.mark.parametrize("kind", ["exit", "hard-exit", "segfault", "hang", "oom"])
def test_an_environment_that_crashed_hung_or_ran_out_of_memory_is_replaced_by_a_fresh_one_like_lambdas(
    send: Send, kind: str
) -> None:
    # Lambda resets an execution environment after a runtime exit, a timeout or running out of memory; a handler
    # that merely raises keeps its environment.
    before = send("/EchoApi/v1/behave/pid").body

    assert send(f"/EchoApi/v1/behave/{kind}").status == 502
    after = send("/EchoApi/v1/behave/pid")

    assert after.status == 200
    assert after.body != before


def test_other_functions_are_served_while_one_hangs_until_its_timeout(send: Send) -> None:
    with ThreadPoolExecutor(1) as pool:
        hanging = pool.submit(send, "/EchoApi/v1/behave/hang")
        served = [send(f"/EchoApi/v1/echo/{index}").status for index in range(5)]
        still_hanging = not hanging.done()

        assert hanging.result().status == 502
    assert served == [200] * 5
    assert still_hanging


def test_a_function_outliving_its_timeout_is_stopped_and_is_502_not_504(send: Send) -> None:
    # Lambda ends the invocation at the function's Timeout (1 s here) and reports an error, which API Gateway
    # answers with 502; its own 504 is only for its 29 s integration timeout, longer than any Timeout here.
    response = send("/EchoApi/v1/behave/hang")

    assert response.status == 502
    assert response.body == INTERNAL_SERVER_ERROR
    assert send("/EchoApi/v1/behave/ok").status == 201


@pytest.mark.parametrize("kind", ["string", "status-as-string", "body-as-object", "unknown-key", "not-json"])
def test_a_malformed_proxy_response_is_502_like_api_gateway(send: Send, kind: str) -> None:
    response = send(f"/EchoApi/v1/behave/{kind}")

    assert response.status == 502
    assert response.body == INTERNAL_SERVER_ERROR
    assert response.header("x-amzn-ErrorType") == "InternalServerErrorException"


def test_a_handler_that_cannot_be_imported_is_502_like_lambdas_import_module_error(send: Send) -> None:
    first = send("/EchoApi/v1/unimportable")
    second = send("/EchoApi/v1/unimportable")

    assert (first.status, first.body) == (502, INTERNAL_SERVER_ERROR)
    assert (second.status, second.body) == (502, INTERNAL_SERVER_ERROR)
    assert send("/EchoApi/v1/behave/ok").status == 201


def dead(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "\nState:\tZ" in status.read_text()


def test_an_environment_that_died_while_idle_is_replaced_without_costing_a_request(
    tmp_path: Path, jwks: dict[str, Any]
) -> None:
    template = write_fake_template(tmp_path)
    with Gateway.from_template(local_values(), lambda: jwks, template=template) as gateway:
        send = sender(gateway)
        pid = json.loads(send("/EchoApi/v1/echo/1").body)["pid"]
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while not dead(pid) and time.monotonic() < deadline:
            time.sleep(0.02)

        response = send("/EchoApi/v1/echo/2")

    assert response.status == 200
    assert json.loads(response.body)["pid"] != pid
