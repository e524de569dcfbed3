"""Reading an API's Cors and GatewayResponses from the template: what the local gateway honours, and the refusal,
naming the setting, of what it cannot."""

from __future__ import annotations

from typing import Any

import pytest

from samlocal.template.cors import CorsSpec, browser_settings
from samlocal.template.intrinsics import TemplateError

AUTH = {"DefaultAuthorizer": "Pool", "Authorizers": {"Pool": {}}}


def test_sams_cors_shorthand_is_the_allowed_origin_alone() -> None:
    assert browser_settings("Api", {"Cors": "'https://app.example.com'"}).cors == CorsSpec("https://app.example.com")


def test_values_are_api_gateways_static_values_without_their_quotes() -> None:
    settings = browser_settings(
        "Api",
        {
            "Cors": {"AllowOrigin": "'*'", "AllowHeaders": "'Authorization'", "MaxAge": "'600'"},
            "GatewayResponses": {"UNAUTHORIZED": {"ResponseParameters": {"Headers": {"X-Why": "'token'"}}}},
        },
    )

    assert settings.cors == CorsSpec("*", allow_headers="Authorization", max_age="600")
    assert settings.gateway_responses == {"UNAUTHORIZED": (("X-Why", "token"),)}


@pytest.mark.parametrize(
    ("properties", "named"),
    [
        ({"Cors": "'*'", "Auth": AUTH}, "AddDefaultAuthorizerToCorsPreflight"),
        ({"Cors": {"AllowOrigin": "method.request.header.Origin"}}, "AllowOrigin"),
        ({"Cors": {"AllowHeaders": "'Authorization'"}}, "AllowOrigin"),
        ({"GatewayResponses": {"DEFAULT_4XX": {"StatusCode": "418"}}}, "ResponseParameters.Headers"),
    ],
)
def test_what_the_local_gateway_cannot_honour_is_refused_by_name(properties: dict[str, Any], named: str) -> None:
    with pytest.raises(TemplateError, match=named):
        browser_settings("Api", properties)


def test_a_preflight_outside_the_default_authorizer_is_accepted() -> None:
    auth = {**AUTH, "AddDefaultAuthorizerToCorsPreflight": False}

    assert browser_settings("Api", {"Cors": "'*'", "Auth": auth}).cors == CorsSpec("*")
