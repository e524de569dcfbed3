"""The workshop's module 5 in template.yaml: the restaurant's bus, the rule that targets UpdateOrderStatusFunction,
its least privilege, and the output the restaurant needs; and the local model of it (buses, rules, patterns)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from _support.paths import TEMPLATE
from samlocal.events.bus import check_rules
from samlocal.template.intrinsics import LocalValues, Resolver, TemplateError
from samlocal.template.loader import load_template
from samlocal.template.rules import DEFAULT_BUS, load_rules
from samlocal.template.topology import load_topology

TEMPLATE_DOC: dict[str, Any] = load_template(TEMPLATE)
RESOURCES = TEMPLATE_DOC["Resources"]
VALUES = LocalValues(
    cognito_endpoint="http://127.0.0.1:1/cognito", cognito_ids={"UserPool": "p", "UserPoolClient": "c"}
)


def test_update_order_status_is_the_target_of_restaurant_order_updated_on_the_restaurant_bus() -> None:
    (event,) = RESOURCES["UpdateOrderStatusFunction"]["Properties"]["Events"].values()
    assert event["Type"] == "EventBridgeRule"
    assert event["Properties"]["EventBusName"] == {"Ref": "RestaurantBus"}
    assert event["Properties"]["Pattern"] == {"source": ["restaurant"], "detail-type": ["order.updated"]}
    assert RESOURCES["RestaurantBus"]["Type"] == "AWS::Events::EventBus"


def test_update_order_status_may_only_update_items_of_the_orders_table() -> None:
    (policy,) = RESOURCES["UpdateOrderStatusFunction"]["Properties"]["Policies"]
    assert policy["Statement"] == [
        {"Effect": "Allow", "Action": ["dynamodb:UpdateItem"], "Resource": {"Fn::GetAtt": ["OrdersTable", "Arn"]}}
    ]


def test_the_restaurant_bus_name_is_an_output_and_ref_of_a_bus_is_its_name() -> None:
    assert TEMPLATE_DOC["Outputs"]["RestaurantBusName"]["Value"] == {"Ref": "RestaurantBus"}
    resolver = Resolver(TEMPLATE_DOC, VALUES)
    assert resolver.ref("RestaurantBus") == "local-orders"
    assert resolver.get_att(["RestaurantBus", "Arn"]) == "arn:aws:events:us-east-1:123456789012:event-bus/local-orders"


def test_the_local_model_has_the_default_bus_the_restaurant_bus_and_the_rule() -> None:
    events = load_topology(VALUES, TEMPLATE).events
    assert events.buses == {DEFAULT_BUS, "local-orders"}
    (rule,) = events.on("local-orders")
    assert (rule.name, rule.function, rule.enabled) == (
        "UpdateOrderStatusFunctionOrderUpdated", "UpdateOrderStatusFunction", True
    )  # fmt: skip
    check_rules(events.rules)


def rule_template(tmp_path: Path, properties: dict[str, Any]) -> dict[str, Any]:
    document = {
        "Resources": {
            "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "bus"}},
            "Fn": {
                "Type": "AWS::Serverless::Function",
                "Properties": {"Events": {"E": {"Type": "EventBridgeRule", "Properties": properties}}},
            },
        }
    }
    (tmp_path / "template.yaml").write_text(yaml.safe_dump(document))
    return load_template(tmp_path / "template.yaml")


@pytest.mark.parametrize(
    "properties",
    [
        {"Pattern": {"source": ["x"]}, "InputPath": "$.detail"},
        {"Pattern": {"source": ["x"]}, "EventBusName": "not-in-template"},
        {"EventBusName": "bus"},
        {"Pattern": {"source": ["x"]}, "State": "PAUSED"},
    ],
)
def test_a_rule_the_local_stack_cannot_honour_is_a_template_error(tmp_path: Path, properties: dict[str, Any]) -> None:
    template = rule_template(tmp_path, properties)
    with pytest.raises(TemplateError):
        load_rules(template, Resolver(template, VALUES), {"Fn": None})


def test_a_pattern_eventbridge_would_refuse_fails_the_start(tmp_path: Path) -> None:
    template = rule_template(tmp_path, {"EventBusName": "bus", "Pattern": {"source": "not-an-array"}})
    with pytest.raises(TemplateError, match="Fn"):
        check_rules(load_rules(template, Resolver(template, VALUES), {"Fn": None}).rules)


def test_a_disabled_rule_matches_nothing() -> None:
    template = yaml.safe_load(
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        E:\n"
        "          Type: EventBridgeRule\n          Properties:\n            State: DISABLED\n"
        "            Pattern: {source: [x]}\n"
    )
    rules = load_rules(template, Resolver(template, VALUES), {"Fn": None})
    assert rules.on(DEFAULT_BUS) == ()
    assert len(rules.rules) == 1
