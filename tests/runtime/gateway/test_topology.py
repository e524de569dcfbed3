"""template.yaml read into what the gateway serves; a feature it cannot honour is an error at start naming it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from _support.paths import TEMPLATE
from runtime.gateway.gateway_support import HERE, local_values
from samlocal.template.intrinsics import TemplateError
from samlocal.template.topology import CognitoAuthorizerSpec, TokenAuthorizerSpec, Topology, load_topology

BASE: dict[str, Any] = {
    "Resources": {
        "Api": {
            "Type": "AWS::Serverless::Api",
            "Properties": {
                "StageName": "Prod",
                "Auth": {
                    "DefaultAuthorizer": "Token",
                    "Authorizers": {"Token": {"FunctionArn": {"Fn::GetAtt": ["Auth", "Arn"]}}},
                },
            },
        },
        "Auth": {"Type": "AWS::Serverless::Function", "Properties": {"Handler": "fake_handlers.authorize"}},
        "Fn": {
            "Type": "AWS::Serverless::Function",
            "Properties": {
                "Handler": "fake_handlers.echo",
                "Environment": {"Variables": {"A": "a"}},
                "Events": {
                    "Get": {"Type": "Api", "Properties": {"RestApiId": {"Ref": "Api"}, "Path": "/x", "Method": "get"}}
                },
            },
        },
    },
    "Globals": {"Function": {"Runtime": "python3.13", "CodeUri": str(HERE)}},
}


def load(tmp_path: Path, change: Callable[[dict[str, Any]], None] | None = None) -> Topology:
    template = copy.deepcopy(BASE)
    if change:
        change(template)
    path = tmp_path / "template.yaml"
    path.write_text(yaml.safe_dump(template))
    return load_topology(local_values(), path)


def fn(template: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = template["Resources"]["Fn"]["Properties"]
    return properties


def get_event(template: dict[str, Any]) -> dict[str, Any]:
    event: dict[str, Any] = fn(template)["Events"]["Get"]
    return event


def test_the_real_template_gives_both_apis_their_routes_and_authorizers(tmp_path: Path) -> None:
    topology = load_topology(local_values(), TEMPLATE)

    users = {(r.method, r.path): r for r in topology.apis["UsersApi"].routes}
    order_routes = {(r.method, r.path): r for r in topology.apis["OrdersApi"].routes}
    assert set(users) == {
        ("GET", "/users"), ("POST", "/users"), ("GET", "/users/{userid}"),
        ("PUT", "/users/{userid}"), ("DELETE", "/users/{userid}"),
    }  # fmt: skip
    assert order_routes[("DELETE", "/orders/{orderId}")].function == "CancelOrderFunction"
    assert users[("GET", "/users")].authorizer == TokenAuthorizerSpec(
        "LambdaTokenAuthorizer", "AuthorizerFunction", "Authorization", 300
    )
    assert order_routes[("POST", "/orders")].authorizer == CognitoAuthorizerSpec(
        "CognitoAuthorizer", "us-east-1_LocalPool", "Authorization"
    )
    assert topology.functions["CreateOrderFunction"].timeout == 10  # from Globals


def test_a_route_with_authorizer_none_has_no_authorizer(tmp_path: Path) -> None:
    topology = load(tmp_path, lambda t: get_event(t)["Properties"].update(Auth={"Authorizer": "NONE"}))

    assert topology.apis["Api"].routes[0].authorizer is None


def test_sams_defaults_apply_when_neither_function_nor_globals_set_timeout_and_memory(tmp_path: Path) -> None:
    spec = load(tmp_path).functions["Fn"]

    assert (spec.timeout, spec.memory_size) == (3, 128)


def set_schedule(t: dict[str, Any]) -> None:
    get_event(t)["Type"] = "Schedule"


def set_request_authorizer(t: dict[str, Any]) -> None:
    t["Resources"]["Api"]["Properties"]["Auth"]["Authorizers"]["Token"]["FunctionPayloadType"] = "REQUEST"


def set_unknown_intrinsic(t: dict[str, Any]) -> None:
    fn(t)["Environment"]["Variables"]["B"] = {"Fn::ImportValue": "Elsewhere"}


def set_layers(t: dict[str, Any]) -> None:
    fn(t)["Layers"] = ["arn:aws:lambda:us-east-1:123456789012:layer:x:1"]


def set_implicit_api(t: dict[str, Any]) -> None:
    del get_event(t)["Properties"]["RestApiId"]


def set_unknown_authorizer(t: dict[str, Any]) -> None:
    get_event(t)["Properties"]["Auth"] = {"Authorizer": "Nope"}


def set_http_api(t: dict[str, Any]) -> None:
    t["Resources"]["Http"] = {"Type": "AWS::Serverless::HttpApi"}


def set_node_runtime(t: dict[str, Any]) -> None:
    fn(t)["Runtime"] = "nodejs20.x"


def set_validation_expression(t: dict[str, Any]) -> None:
    t["Resources"]["Api"]["Properties"]["Auth"]["Authorizers"]["Token"]["Identity"] = {"ValidationExpression": ".*"}


def set_scopes(t: dict[str, Any]) -> None:
    t["Resources"]["UserPool"] = {"Type": "AWS::Cognito::UserPool"}
    t["Resources"]["Api"]["Properties"]["Auth"]["Authorizers"]["Pool"] = {
        "UserPoolArn": {"Fn::GetAtt": ["UserPool", "Arn"]},
        "AuthorizationScopes": ["orders/read"],
    }


def set_foreign_pool(t: dict[str, Any]) -> None:
    t["Resources"]["Api"]["Properties"]["Auth"]["Authorizers"]["Pool"] = {
        "UserPoolArn": "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_InTheCloud"
    }


def set_missing_code(t: dict[str, Any]) -> None:
    t["Globals"]["Function"]["CodeUri"] = "no/such/dir"


def set_duplicate_route(t: dict[str, Any]) -> None:
    fn(t)["Events"]["Again"] = copy.deepcopy(get_event(t))


def set_parameter_without_default(t: dict[str, Any]) -> None:
    t["Parameters"] = {"Name": {"Type": "String"}}
    fn(t)["Environment"]["Variables"]["B"] = {"Ref": "Name"}


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (set_schedule, "event type Schedule"),
        (set_request_authorizer, "only TOKEN"),
        (set_unknown_intrinsic, "Fn::ImportValue"),
        (set_layers, "Layers"),
        (set_implicit_api, "implicit API"),
        (set_unknown_authorizer, "Authorizer Nope"),
        (set_http_api, "AWS::Serverless::HttpApi"),
        (set_node_runtime, "nodejs20.x"),
        (set_validation_expression, "ValidationExpression"),
        (set_scopes, "AuthorizationScopes"),
        (set_foreign_pool, "UserPoolArn must name a user pool of the template"),
        (set_missing_code, "CodeUri"),
        (set_duplicate_route, "GET /x is declared twice"),
        (set_parameter_without_default, "parameter Name has no Default"),
    ],
)
def test_a_feature_the_gateway_cannot_honour_is_an_error_at_start_naming_it(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], named: str
) -> None:
    with pytest.raises(TemplateError, match=named):
        load(tmp_path, change)
