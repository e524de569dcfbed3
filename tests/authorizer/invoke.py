"""Invoking the authorizer as API Gateway does: its documented TOKEN event in, a policy or `Exception("Unauthorized")`
out."""

from __future__ import annotations

from typing import Any

import pytest

from _support.events import documented_token_event, lambda_context
from foodorder.handlers.authorizer import handler

STAGE_ARN = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/Prod"
SUB = "7d8e2f4a-1b3c-4d5e-8f90-a1b2c3d4e5f6"


def token_event(token: str | None, method_arn: str = f"{STAGE_ARN}/GET/users/{SUB}") -> dict[str, Any]:
    """The event API Gateway sends a TOKEN authorizer: the Authorization header's value and the method's ARN."""
    event = documented_token_event()
    event.update(authorizationToken=token, methodArn=method_arn)
    return event


def authorize(token: str | None, method_arn: str = f"{STAGE_ARN}/GET/users/{SUB}") -> dict[str, Any]:
    result: dict[str, Any] = handler(token_event(token, method_arn), lambda_context("AuthorizerFunction"))
    return result


def assert_unauthorized(token: str | None, method_arn: str = f"{STAGE_ARN}/GET/users/{SUB}") -> None:
    with pytest.raises(Exception) as caught:  # noqa: PT011 - the exact type and message are asserted below
        authorize(token, method_arn)
    # Exactly Exception("Unauthorized"): API Gateway matches the message; any other error is a 500.
    assert type(caught.value) is Exception
    assert str(caught.value) == "Unauthorized"
