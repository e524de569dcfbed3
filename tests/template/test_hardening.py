"""What CloudFormation receives, checked offline: template.yaml transformed with aws-sam-translator, the library
`sam deploy` and CloudFormation's AWS::Serverless transform use. Each check iterates over every resource of its
kind, so a function, API or table added later is held to the same rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from _support.paths import TEMPLATE
from _support.sam import transformed_resources
from samlocal.template.loader import load_template

SOURCE: dict[str, Any] = load_template(TEMPLATE)
HTTP_METHODS = {"get", "post", "put", "patch", "delete", "head", "any", "x-amazon-apigateway-any-method"}
TABLES = sorted(name for name, r in SOURCE["Resources"].items() if r["Type"] == "AWS::DynamoDB::Table")


@pytest.fixture(scope="module")
def resources() -> dict[str, Any]:
    return transformed_resources()


def of_type(resources: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: r.get("Properties", {}) for name, r in resources.items() if r["Type"] == kind}


def test_each_api_has_only_its_named_stage_not_sams_extra_stage_named_stage(resources: dict[str, Any]) -> None:
    """Without OpenApiVersion, SAM's deployment also creates a live stage "Stage" (StageName on the Deployment),
    with none of the stage settings below."""
    stages = of_type(resources, "AWS::ApiGateway::Stage")
    deployments = of_type(resources, "AWS::ApiGateway::Deployment")

    assert sorted(s["StageName"] for s in stages.values()) == ["Prod", "Prod"]
    assert len(stages) == len(of_type(resources, "AWS::ApiGateway::RestApi")) == len(deployments)
    assert [d for d in deployments.values() if "StageName" in d] == []


def test_every_stage_traces_logs_access_and_throttles(resources: dict[str, Any]) -> None:
    for name, stage in of_type(resources, "AWS::ApiGateway::Stage").items():
        assert stage["TracingEnabled"] is True, name
        assert stage["AccessLogSetting"]["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogGroup", "Arn"]}, name
        assert "$context.requestId" in stage["AccessLogSetting"]["Format"], name
        (limits,) = stage["MethodSettings"]
        assert (limits["ResourcePath"], limits["HttpMethod"]) == ("/*", "*"), name
        assert limits["ThrottlingRateLimit"] > 0, name
        assert limits["ThrottlingBurstLimit"] >= limits["ThrottlingRateLimit"], name


def operations(resources: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    for api, properties in of_type(resources, "AWS::ApiGateway::RestApi").items():
        for path, methods in properties["Body"]["paths"].items():
            for method, operation in methods.items():
                yield api, path, method, operation


def test_every_route_has_its_apis_authorizer_and_none_is_open(resources: dict[str, Any]) -> None:
    routes = [(api, path, method, op) for api, path, method, op in operations(resources) if method in HTTP_METHODS]

    assert routes
    for api, path, method, operation in routes:
        schemes = of_type(resources, "AWS::ApiGateway::RestApi")[api]["Body"]["components"]["securitySchemes"]
        assert [list(requirement) for requirement in operation.get("security", [])] == [list(schemes)], (path, method)


def test_cors_preflight_is_answered_by_api_gateway_without_an_authorizer(resources: dict[str, Any]) -> None:
    """AddDefaultAuthorizerToCorsPreflight: false. A browser's preflight carries no Authorization header, so an
    authorizer on OPTIONS would refuse every cross-origin call."""
    preflights = [op for _, _, method, op in operations(resources) if method == "options"]

    assert len(preflights) == len({(api, path) for api, path, _, _ in operations(resources)})
    for operation in preflights:
        assert "security" not in operation
        assert operation["x-amazon-apigateway-integration"]["type"] == "mock"
        headers = operation["x-amazon-apigateway-integration"]["responses"]["default"]["responseParameters"]
        assert headers["method.response.header.Access-Control-Allow-Origin"] == "'*'"
        assert "Authorization" in headers["method.response.header.Access-Control-Allow-Headers"]


def test_gateway_errors_4xx_and_5xx_carry_cors_headers_so_a_browser_can_read_a_401(resources: dict[str, Any]) -> None:
    for name, api in of_type(resources, "AWS::ApiGateway::RestApi").items():
        responses = api["Body"]["x-amazon-apigateway-gateway-responses"]
        for kind in ("DEFAULT_4XX", "DEFAULT_5XX"):
            parameters = responses[kind]["responseParameters"]
            assert parameters["gatewayresponse.header.Access-Control-Allow-Origin"] == "'*'", (name, kind)


def test_every_function_has_a_log_group_with_a_retention(resources: dict[str, Any]) -> None:
    groups = of_type(resources, "AWS::Logs::LogGroup")
    named = {str(g["LogGroupName"]["Fn::Sub"]): g for g in groups.values()}

    for function in of_type(resources, "AWS::Lambda::Function"):
        group = named.get(f"/aws/lambda/${{{function}}}")
        assert group is not None, f"{function} has no log group"
        assert group["RetentionInDays"] == {"Ref": "LogRetentionInDays"}
    assert SOURCE["Parameters"]["LogRetentionInDays"]["Default"] in (1, 3, 5, 7, 14, 30, 60, 90)


def test_every_function_traces_with_x_ray(resources: dict[str, Any]) -> None:
    for name, function in of_type(resources, "AWS::Lambda::Function").items():
        assert function["TracingConfig"] == {"Mode": "Active"}, name


def role_actions(role: dict[str, Any]) -> dict[str, set[str]]:
    """Actions by resource logical id, from the role's inline policies."""
    found: dict[str, set[str]] = {}
    for policy in role.get("Policies", []):
        for statement in policy["PolicyDocument"]["Statement"]:
            assert statement["Effect"] == "Allow"
            assert statement["Resource"] != "*"
            found.setdefault(statement["Resource"]["Fn::GetAtt"][0], set()).update(statement["Action"])
    return found


def test_the_users_function_may_do_exactly_what_its_adapter_calls_on_the_users_table(resources: dict[str, Any]) -> None:
    role = of_type(resources, "AWS::IAM::Role")["UsersFunctionRole"]

    assert role_actions(role) == {
        "UsersTable": {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Scan"}
    }


def test_no_function_role_has_a_wildcard_action_or_a_managed_policy_beyond_logs_and_x_ray(
    resources: dict[str, Any],
) -> None:
    allowed = {
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
    }
    for function, properties in of_type(resources, "AWS::Lambda::Function").items():
        role = of_type(resources, "AWS::IAM::Role")[properties["Role"]["Fn::GetAtt"][0]]
        assert set(role["ManagedPolicyArns"]) <= allowed, function
        for actions in role_actions(role).values():
            assert all(not action.endswith("*") for action in actions), function


@pytest.mark.parametrize("table", TABLES)
def test_tables_are_retained_on_delete_and_replace_with_point_in_time_recovery(
    resources: dict[str, Any], table: str
) -> None:
    resource = resources[table]

    assert (resource["DeletionPolicy"], resource["UpdateReplacePolicy"]) == ("Retain", "Retain")
    assert resource["Properties"]["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}


def test_the_user_pool_is_retained_and_protected_from_deletion(resources: dict[str, Any]) -> None:
    for name in of_type(resources, "AWS::Cognito::UserPool"):
        pool = resources[name]
        assert (pool["DeletionPolicy"], pool["UpdateReplacePolicy"]) == ("Retain", "Retain")
        assert pool["Properties"]["DeletionProtection"] == "ACTIVE"


def test_functions_build_for_the_architecture_parameter(resources: dict[str, Any]) -> None:
    for name, function in of_type(resources, "AWS::Lambda::Function").items():
        assert function["Architectures"] == [{"Ref": "Architecture"}], name
