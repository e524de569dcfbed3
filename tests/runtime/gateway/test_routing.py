"""Routing as API Gateway REST APIs route: /{api}/{stage}/... locally, literal segments before {param},
and 403 Missing Authentication Token for anything that is not a route."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from runtime.gateway.gateway_support import Send, local_values, sender, write_fake_template
from samlocal.apigw.gateway import Gateway

MISSING_TOKEN = b'{"message":"Missing Authentication Token"}'


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/NoSuchApi/v1/echo/1"),
        ("GET", "/EchoApi/Prod/echo/1"),  # the API's stage is v1, not Prod
        ("GET", "/EchoApi/echo/1"),
        ("GET", "/EchoApi/v1/nothing/here"),
        ("GET", "/EchoApi/v1/echo/1/deeper"),
        ("DELETE", "/EchoApi/v1/echo/1"),  # a resource that exists, with a method it lacks
    ],
)
def test_anything_but_a_route_is_403_missing_authentication_token_like_api_gateway(
    send: Send, method: str, path: str
) -> None:
    response = send(path, method)

    assert response.status == 403
    assert response.body == MISSING_TOKEN
    assert response.header("x-amzn-ErrorType") == "MissingAuthenticationTokenException"


def test_the_stage_prefix_is_part_of_the_url_but_not_of_the_event_path_like_api_gateway(send: Send) -> None:
    event = json.loads(send("/EchoApi/v1/echo/42").body)["event"]

    assert event["path"] == "/echo/42"
    assert event["requestContext"]["path"] == "/v1/echo/42"
    assert event["requestContext"]["stage"] == "v1"


def test_a_literal_segment_wins_over_a_path_parameter_like_api_gateway(send: Send) -> None:
    literal = json.loads(send("/EchoApi/v1/echo/me").body)["event"]
    parameter = json.loads(send("/EchoApi/v1/echo/you").body)["event"]

    assert (literal["resource"], literal["pathParameters"]) == ("/echo/me", None)
    assert (parameter["resource"], parameter["pathParameters"]) == ("/echo/{id}", {"id": "you"})


def test_path_and_path_parameters_arrive_percent_encoded_as_sent_like_api_gateway_rest_apis(send: Send) -> None:
    # REST APIs hand the function the path as the client sent it, in `path` and in `pathParameters` alike (a live
    # capture: path "/capture/space%20value", pathParameters {"proxy": "capture/space%20value"}); an encoded
    # slash is part of its segment, not a separator.
    event = json.loads(send("/EchoApi/v1/echo/a%20b%2Fc").body)["event"]

    assert event["resource"] == "/echo/{id}"
    assert event["path"] == "/echo/a%20b%2Fc"
    assert event["pathParameters"] == {"id": "a%20b%2Fc"}
    assert event["requestContext"]["path"] == "/v1/echo/a%20b%2Fc"


def test_a_path_and_method_changed_in_the_template_are_served_with_no_code_change(
    tmp_path: Path, jwks: dict[str, Any]
) -> None:
    template = write_fake_template(tmp_path)
    template.write_text(
        template.read_text()
        .replace('Path: "/echo/{id}", Method: get', 'Path: "/renamed/{id}", Method: get')
        .replace("Path: /echo, Method: post", "Path: /echo, Method: put")
    )

    with Gateway.from_template(local_values(), lambda: jwks, template=template) as gateway:
        send = sender(gateway)
        renamed = send("/EchoApi/v1/renamed/7")
        old_path = send("/EchoApi/v1/echo/7")
        put = send("/EchoApi/v1/echo", "PUT", body=b"x")
        old_method = send("/EchoApi/v1/echo", "POST", body=b"x")

    assert json.loads(renamed.body)["event"]["resource"] == "/renamed/{id}"
    assert json.loads(put.body)["event"]["httpMethod"] == "PUT"
    assert (old_path.status, old_path.body) == (403, MISSING_TOKEN)
    assert (old_method.status, old_method.body) == (403, MISSING_TOKEN)
