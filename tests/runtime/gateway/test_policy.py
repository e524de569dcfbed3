"""IAM policy evaluation of a TOKEN authorizer's output against a method ARN, as API Gateway does it."""

from __future__ import annotations

from typing import Any

import pytest

from samlocal.apigw.policy import (
    Decision,
    MalformedAuthorizerResult,
    ResultCache,
    parse_authorizer_result,
)

ARN = "arn:aws:execute-api:us-east-1:123456789012:UsersApi/Prod/GET/users/abc"


def output(*statements: dict[str, Any], context: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "principalId": "abc",
        "policyDocument": {"Version": "2012-10-17", "Statement": list(statements)},
        "context": context or {},
    }


def allow(resource: str | list[str], action: str | list[str] = "execute-api:Invoke") -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def deny(resource: str) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": resource}


@pytest.mark.parametrize(
    "resource",
    [
        ARN,
        "arn:aws:execute-api:us-east-1:123456789012:UsersApi/Prod/GET/users/*",
        "arn:aws:execute-api:us-east-1:123456789012:UsersApi/*/*/users/abc",
        "arn:aws:execute-api:us-east-1:123456789012:UsersApi/Prod/GET/users/a?c",
        "arn:aws:execute-api:*",
        "*",
        ["arn:aws:execute-api:us-east-1:123456789012:UsersApi/Prod/PUT/users/abc", ARN],
    ],
)
def test_an_allow_whose_resource_matches_with_iam_wildcards_allows(resource: str | list[str]) -> None:
    assert parse_authorizer_result(output(allow(resource))).decide(ARN) is Decision.ALLOW


@pytest.mark.parametrize(
    "resource",
    [
        "arn:aws:execute-api:us-east-1:123456789012:UsersApi/Prod/GET/users",
        "arn:aws:execute-api:us-east-1:123456789012:UsersApi/Prod/GET/users/abc?",  # ? is exactly one character
        "arn:aws:execute-api:us-east-1:123456789012:UsersApi/Prod/PUT/users/*",
        "arn:aws:execute-api:us-east-1:123456789012:usersapi/Prod/GET/users/abc",  # ARNs are case-sensitive
        "arn:aws:execute-api:us-east-1:123456789012:UsersApi/Prod/GET/users/[a]bc",  # [ is not a wildcard
    ],
)
def test_no_matching_allow_is_an_implicit_deny(resource: str | list[str]) -> None:
    assert parse_authorizer_result(output(allow(resource))).decide(ARN) is Decision.IMPLICIT_DENY


@pytest.mark.parametrize("action", ["execute-api:Invoke", "execute-api:*", "*", ["s3:GetObject", "execute-api:*"]])
def test_the_action_may_be_named_or_wildcarded(action: str | list[str]) -> None:
    assert parse_authorizer_result(output(allow(ARN, action))).decide(ARN) is Decision.ALLOW


def test_an_allow_for_another_action_does_not_allow() -> None:
    assert parse_authorizer_result(output(allow(ARN, "s3:*"))).decide(ARN) is Decision.IMPLICIT_DENY


def test_an_explicit_deny_wins_over_an_allow_whatever_the_order() -> None:
    both = [allow("*"), deny("arn:aws:execute-api:*:*:UsersApi/*/GET/users/*")]

    assert parse_authorizer_result(output(*both)).decide(ARN) is Decision.EXPLICIT_DENY
    assert parse_authorizer_result(output(*reversed(both))).decide(ARN) is Decision.EXPLICIT_DENY


def test_a_single_statement_object_is_accepted_like_iam() -> None:
    result = parse_authorizer_result(
        {"principalId": "abc", "policyDocument": {"Version": "2012-10-17", "Statement": allow(ARN)}}
    )

    assert result.decide(ARN) is Decision.ALLOW


def test_context_values_are_delivered_as_strings() -> None:
    result = parse_authorizer_result(output(allow(ARN), context={"s": "x", "t": True, "f": False, "n": 7, "r": 1.5}))

    assert result.context == {"s": "x", "t": "true", "f": "false", "n": "7", "r": "1.5"}


@pytest.mark.parametrize(
    "bad",
    [
        None,
        "allow",
        {"policyDocument": {"Statement": [allow(ARN)]}},
        {"principalId": "abc"},
        {"principalId": "abc", "policyDocument": {"Statement": []}},
        {"principalId": "abc", "policyDocument": {"Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}},
        {"principalId": "abc", "policyDocument": {"Statement": [{"Effect": "Allow", "Resource": "*"}]}},
        output(allow(ARN), context={"nested": {"a": 1}}),
        output(allow(ARN), context={"list": [1, 2]}),
    ],
)
def test_an_output_api_gateway_would_refuse_is_malformed(bad: Any) -> None:
    with pytest.raises(MalformedAuthorizerResult):
        parse_authorizer_result(bad)


def test_the_cache_keeps_a_result_for_its_ttl_and_a_ttl_of_zero_keeps_nothing() -> None:
    now = [0.0]
    cache = ResultCache(lambda: now[0])
    result = parse_authorizer_result(output(allow(ARN)))
    cache.put("auth", "token", result, 300)
    cache.put("auth", "other", result, 0)

    assert cache.get("auth", "token") is result
    assert cache.get("auth", "other") is None
    assert cache.get("another-authorizer", "token") is None
    now[0] = 300.0
    assert cache.get("auth", "token") is None
