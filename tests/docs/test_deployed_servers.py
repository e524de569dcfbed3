"""`make docs STACK_NAME=...`: the documents name a deployed stack's API URLs, read from its CloudFormation outputs,
first among their servers (Swagger UI picks the first), with the local stack still offered after them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from _support.paths import ROOT, TEMPLATE
from apidocs import SUFFIX, generate
from apidocs.__main__ import main, stack_outputs

DEPLOYED = {
    "APIEndpoint": "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/Prod",
    "OrdersServiceEndpoint": "https://f6g7h8i9j0.execute-api.eu-west-1.amazonaws.com/Prod",
    "UserPool": "eu-west-1_AbCdEfGhI",
}


def test_each_document_names_its_own_apis_deployed_url_first() -> None:
    documents = generate(TEMPLATE, ROOT / "README.md", DEPLOYED)

    users, orders = documents[f"UsersApi{SUFFIX}"], documents[f"OrdersApi{SUFFIX}"]
    assert [server["url"] for server in users["servers"]] == [DEPLOYED["APIEndpoint"], "/UsersApi/Prod"]
    assert [server["url"] for server in orders["servers"]] == [DEPLOYED["OrdersServiceEndpoint"], "/OrdersApi/Prod"]


def describe_stacks_answer(outputs: dict[str, str]) -> dict[str, Any]:
    return {
        "Stacks": [
            {
                "StackName": "foodorder",
                "CreationTime": "2026-01-01T00:00:00Z",
                "StackStatus": "CREATE_COMPLETE",
                "Outputs": [{"OutputKey": key, "OutputValue": value} for key, value in outputs.items()],
            }
        ]
    }


def test_the_outputs_are_cloudformations_describe_stacks_outputs(monkeypatch: pytest.MonkeyPatch) -> None:
    client = boto3.client("cloudformation", region_name="eu-west-1")
    stubber = Stubber(client)
    stubber.add_response("describe_stacks", describe_stacks_answer(DEPLOYED), {"StackName": "foodorder"})
    monkeypatch.setattr(boto3.Session, "client", lambda self, name: client)

    with stubber:
        assert stack_outputs("foodorder", None, "eu-west-1") == DEPLOYED
    stubber.assert_no_pending_responses()


def test_make_docs_with_a_stack_name_writes_documents_naming_that_stack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("apidocs.__main__.stack_outputs", lambda name, profile, region: DEPLOYED)

    assert main(["--template", str(TEMPLATE), "--readme", str(ROOT / "README.md"), "--stack-name", "foodorder",
                 "--out", str(tmp_path)]) == 0  # fmt: skip

    assert sorted(path.name for path in tmp_path.iterdir()) == [f"OrdersApi{SUFFIX}", f"UsersApi{SUFFIX}"]
    assert DEPLOYED["APIEndpoint"] in (tmp_path / f"UsersApi{SUFFIX}").read_text()
