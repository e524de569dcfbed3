"""CORS through the real local gateway over template.yaml, compared with what CloudFormation receives (the template
transformed by aws-sam-translator): the preflight API Gateway answers with the MOCK integration SAM adds for `Cors`,
the gateway responses' headers on API Gateway's own errors, and the functions' own headers (Powertools CORSConfig)."""

from __future__ import annotations

from typing import Any

import pytest

from _support.gateway import Answer, LocalApi
from _support.orders import README_BODY
from _support.sam import rest_api_body
from samlocal.apigw import cors
from samlocal.apigw.responses import INTERNAL_SERVER_ERROR, LocalRequest

ALICE = "aaaaaaaa-0000-4000-8000-000000000001"
ORIGIN = (("Origin", "https://app.example.com"),)
RESOURCES = [("UsersApi", "/users"), ("UsersApi", "/users/{userid}"), ("OrdersApi", "/orders"),
             ("OrdersApi", "/orders/{orderId}")]  # fmt: skip


def concrete(resource: str) -> str:
    return resource.replace("{userid}", ALICE).replace("{orderId}", "order-1")


def deployed_preflight_headers(api: str, resource: str) -> dict[str, str]:
    """The Access-Control-* headers of the MOCK integration API Gateway answers OPTIONS with, per the transform."""
    integration = rest_api_body(api)["paths"][resource]["options"]["x-amazon-apigateway-integration"]
    parameters: dict[str, str] = integration["responses"]["default"]["responseParameters"]
    return {name.removeprefix("method.response.header."): value.strip("'") for name, value in parameters.items()}


def deployed_gateway_response_headers(api: str, kind: str) -> dict[str, str]:
    parameters = rest_api_body(api)["x-amazon-apigateway-gateway-responses"][kind]["responseParameters"]
    return {name.removeprefix("gatewayresponse.header."): value.strip("'") for name, value in parameters.items()}


def access_control(answer: Answer) -> dict[str, str]:
    return {name: value for name, value in answer.headers if name.lower().startswith("access-control-")}


@pytest.mark.parametrize(("api_name", "resource"), RESOURCES)
def test_a_preflight_is_answered_by_the_gateway_like_sams_mock_integration_without_any_token(
    api: LocalApi, api_name: str, resource: str
) -> None:
    answer = api.call(api_name, "OPTIONS", concrete(resource), headers=ORIGIN)

    assert answer.status == 200
    assert access_control(answer) == deployed_preflight_headers(api_name, resource)


def test_a_preflight_on_a_path_the_api_does_not_have_is_403_missing_authentication_token(api: LocalApi) -> None:
    answer = api.call("OrdersApi", "OPTIONS", "/nowhere", headers=ORIGIN)

    assert (answer.status, answer.body) == (403, b'{"message":"Missing Authentication Token"}')
    assert access_control(answer) == deployed_gateway_response_headers("OrdersApi", "DEFAULT_4XX")


@pytest.mark.parametrize("api_name", ["UsersApi", "OrdersApi"])
def test_an_unauthorized_401_carries_the_default_4xx_gateway_response_headers_so_a_browser_can_read_it(
    api: LocalApi, api_name: str
) -> None:
    path = f"/users/{ALICE}" if api_name == "UsersApi" else "/orders"

    answer = api.call(api_name, "GET", path, headers=ORIGIN)

    assert (answer.status, answer.body) == (401, b'{"message":"Unauthorized"}')
    assert access_control(answer) == deployed_gateway_response_headers(api_name, "DEFAULT_4XX")


def test_an_error_the_gateway_answers_with_502_carries_the_default_5xx_headers(api: LocalApi) -> None:
    request = LocalRequest("GET", "/OrdersApi/Prod/orders", headers=ORIGIN)

    decorated = cors.decorate(api.gateway.topology, request, INTERNAL_SERVER_ERROR.response("request-1"))

    headers = {name: value for name, value in decorated.headers if name.startswith("Access-Control-")}
    assert headers == deployed_gateway_response_headers("OrdersApi", "DEFAULT_5XX")


def test_a_functions_response_gets_nothing_from_the_gateway_and_its_own_cors_headers_from_powertools(
    api: LocalApi,
) -> None:
    # Given a browser's request, with its Origin
    token = api.id_token(ALICE)

    answer = api.call("OrdersApi", "POST", "/orders", token=token, body=README_BODY, headers=ORIGIN)

    # Then the function's response allows what the template's Cors allows, and exposes the header a client reads
    assert answer.status == 200, answer.body
    headers: dict[str, Any] = access_control(answer)
    allowed = deployed_preflight_headers("OrdersApi", "/orders")["Access-Control-Allow-Origin"]
    assert headers["Access-Control-Allow-Origin"] == allowed
    assert headers["Access-Control-Expose-Headers"] == "Idempotent-Replayed"
