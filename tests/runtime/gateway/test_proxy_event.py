"""The REST (v1) proxy integration event, field by field as API Gateway builds it, and the reading of the
function's proxy response (headers merged, default Content-Type, base64 bodies)."""

from __future__ import annotations

import base64
import json
import re
import uuid
from typing import Any

from runtime.gateway.gateway_support import Send


def echoed(send: Send, *args: Any, **kwargs: Any) -> dict[str, Any]:
    response = send(*args, **kwargs)
    assert response.status == 200, response.body
    event: dict[str, Any] = json.loads(response.body)["event"]
    return event


def test_the_proxy_event_has_api_gateways_top_level_fields(send: Send) -> None:
    event = echoed(
        send,
        "/EchoApi/v1/echo/42",
        headers=[("Host", "localhost"), ("X-Twice", "first"), ("X-Twice", "second")],
        query="a=1&a=2&b=&c=x%20y",
    )

    assert event["resource"] == "/echo/{id}"
    assert event["path"] == "/echo/42"
    assert event["httpMethod"] == "GET"
    assert event["headers"] == {"Host": "localhost", "X-Twice": "second"}  # the last value of a repeated header
    assert event["multiValueHeaders"] == {"Host": ["localhost"], "X-Twice": ["first", "second"]}
    assert event["queryStringParameters"] == {"a": "2", "b": "", "c": "x y"}
    assert event["multiValueQueryStringParameters"] == {"a": ["1", "2"], "b": [""], "c": ["x y"]}
    assert event["pathParameters"] == {"id": "42"}
    assert event["stageVariables"] is None
    assert event["body"] is None
    assert event["isBase64Encoded"] is False


def test_absent_query_strings_and_path_parameters_are_null_like_api_gateway(send: Send) -> None:
    event = echoed(send, "/EchoApi/v1/echo/me")

    assert event["queryStringParameters"] is None
    assert event["multiValueQueryStringParameters"] is None
    assert event["pathParameters"] is None


def test_the_request_context_carries_the_ids_stage_paths_and_caller_ip(send: Send) -> None:
    context = echoed(send, "/EchoApi/v1/echo/42", headers=[("User-Agent", "curl/8")])["requestContext"]

    assert context["accountId"] == "123456789012"
    assert context["apiId"] == "EchoApi"
    assert context["stage"] == "v1"
    assert context["resourcePath"] == "/echo/{id}"
    assert context["httpMethod"] == "GET"
    assert context["path"] == "/v1/echo/42"
    assert context["protocol"] == "HTTP/1.1"
    assert context["identity"]["sourceIp"] == "203.0.113.9"
    assert context["identity"]["userAgent"] == "curl/8"
    assert context["authorizer"] is None  # a route with Authorizer: NONE
    assert uuid.UUID(context["requestId"])
    assert re.fullmatch(r"\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} \+0000", context["requestTime"])
    assert isinstance(context["requestTimeEpoch"], int)
    assert context["resourceId"]


def test_each_request_gets_its_own_request_id_also_sent_back_as_x_amzn_request_id(send: Send) -> None:
    first = send("/EchoApi/v1/echo/1")
    second = send("/EchoApi/v1/echo/1")

    first_id = json.loads(first.body)["event"]["requestContext"]["requestId"]
    assert first.header("x-amzn-RequestId") == first_id
    assert first_id != json.loads(second.body)["event"]["requestContext"]["requestId"]


def test_a_text_body_arrives_as_is_and_a_binary_body_as_base64(send: Send) -> None:
    text = echoed(send, "/EchoApi/v1/echo", "POST", body='{"name": "é"}'.encode())
    binary = echoed(send, "/EchoApi/v1/echo", "POST", body=b"\xff\x00\xfe")

    assert (text["body"], text["isBase64Encoded"]) == ('{"name": "é"}', False)
    assert (binary["body"], binary["isBase64Encoded"]) == (base64.b64encode(b"\xff\x00\xfe").decode(), True)


def test_headers_and_multi_value_headers_of_a_proxy_response_are_merged(send: Send) -> None:
    response = send("/EchoApi/v1/behave/ok")

    assert response.status == 201
    assert response.body == b"created"
    assert [value for name, value in response.headers if name == "Set-Cookie"] == ["a=1", "b=2"]
    assert response.header("X-Single") == "one"
    assert response.header("Content-Type") == "application/json"  # API Gateway's default when none is set


def test_a_base64_encoded_proxy_response_is_sent_as_bytes(send: Send) -> None:
    response = send("/EchoApi/v1/behave/binary")

    assert response.body == b"\x00\x01\x02"
    assert response.header("Content-Type") == "image/png"
