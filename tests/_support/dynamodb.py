"""DynamoDB tables (through moto) built from template.yaml's own key schemas."""

from __future__ import annotations

from typing import Any

from _support.paths import TEMPLATE
from samlocal.template.loader import load_template


def template_tables() -> dict[str, dict[str, Any]]:
    """Every AWS::DynamoDB::Table in template.yaml by logical id."""
    resources = load_template(TEMPLATE)["Resources"]
    return {name: r["Properties"] for name, r in resources.items() if r["Type"] == "AWS::DynamoDB::Table"}


def create_template_tables(client: Any) -> dict[str, str]:
    """Creates the template's tables (named by logical id) with the template's key schemas."""
    for name, props in template_tables().items():
        client.create_table(
            TableName=name,
            KeySchema=props["KeySchema"],
            AttributeDefinitions=props["AttributeDefinitions"],
            BillingMode=props["BillingMode"],
        )
    return {name: name for name in template_tables()}
