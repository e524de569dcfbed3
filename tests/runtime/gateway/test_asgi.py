"""The gateway behind uvicorn, over real HTTP on loopback: status, headers and bodies as the core produced them,
and requests to one function served in parallel without blocking the event loop."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
from collections.abc import Iterator, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from runtime.gateway.gateway_support import local_values, sender, write_fake_template
from samlocal.apigw.gateway import Gateway
from samlocal.asgi import serve_in_background
from samlocal.server.gateway_app import GatewayApp

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, jwks: dict[str, Any]) -> Iterator[str]:
    state = tmp_path_factory.mktemp("asgi")
    gateway = Gateway.from_template(local_values(), lambda: jwks, template=write_fake_template(state))
    with serve_in_background(GatewayApp(gateway)) as url:
        yield url


def test_an_unknown_route_is_403_missing_authentication_token_over_http(base_url: str) -> None:
    response = httpx.get(f"{base_url}/nowhere")

    assert response.status_code == 403
    assert response.content == b'{"message":"Missing Authentication Token"}'
    assert response.headers["content-type"] == "application/json"


def test_a_request_reaches_its_function_with_path_query_body_and_caller_ip_over_http(base_url: str) -> None:
    response = httpx.post(f"{base_url}/EchoApi/v1/echo?x=1&x=2", content=b'{"a": 1}')

    event = json.loads(response.content)["event"]
    assert response.status_code == 200
    assert (event["path"], event["body"]) == ("/echo", '{"a": 1}')
    assert event["multiValueQueryStringParameters"] == {"x": ["1", "2"]}
    assert event["requestContext"]["identity"]["sourceIp"] == "127.0.0.1"
    assert event["headers"]["host"] == base_url.removeprefix("http://")


def test_multi_value_response_headers_arrive_over_http(base_url: str) -> None:
    response = httpx.get(f"{base_url}/EchoApi/v1/behave/ok")

    assert response.status_code == 201
    assert response.headers.get_list("set-cookie") == ["a=1", "b=2"]


def test_two_slow_requests_to_one_function_overlap_over_http(base_url: str) -> None:
    with ThreadPoolExecutor(2) as pool:
        responses = list(
            pool.map(lambda who: httpx.get(f"{base_url}/EchoApi/v1/meet/{who}", timeout=60), ["http-a", "http-b"])
        )

    assert [json.loads(response.content)["met"] for response in responses] == [True, True]


def test_lifespan_shutdown_stops_the_execution_environments(tmp_path: Path, jwks: dict[str, Any]) -> None:
    before = set(multiprocessing.active_children())
    gateway = Gateway.from_template(local_values(), lambda: jwks, template=write_fake_template(tmp_path))
    app = GatewayApp(gateway)
    assert sender(gateway)("/EchoApi/v1/echo/1").status == 200
    started = set(multiprocessing.active_children()) - before
    messages = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
    sent: list[str] = []

    async def receive() -> dict[str, Any]:
        return next(messages)

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message["type"])

    asyncio.run(app({"type": "lifespan"}, receive, send))

    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert [child.name for child in started] == ["lambda-EchoFunction"]
    assert not [child for child in started if child.is_alive()]
