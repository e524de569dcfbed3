"""The IAM policy the TOKEN authorizer returns: every Users API resource the caller may reach.

API Gateway caches the policy (300 s) for the token and applies it to every method and path, so it must cover
them all, not just the method being called."""

from __future__ import annotations

from typing import Any

from foodorder.auth.errors import InvalidToken
from foodorder.auth.id_tokens import Identity

OWNER_METHODS = ("GET", "PUT", "DELETE")
ADMIN_METHODS = ("GET", "POST", "PUT", "DELETE")


def api_stage_arn(method_arn: str) -> str:
    """`arn:aws:execute-api:{region}:{account}:{apiId}/{stage}` from the method ARN API Gateway sends:
    `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{method}/{resource path}`."""
    parts = method_arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "execute-api":
        raise InvalidToken("methodArn is not an execute-api ARN")
    api_id, _, rest = parts[5].partition("/")
    stage = rest.partition("/")[0]
    if not api_id or not stage or "*" in api_id + stage:
        raise InvalidToken("methodArn names no API and stage")
    return f"{':'.join(parts[:5])}:{api_id}/{stage}"


def _resources(stage_arn: str, methods: tuple[str, ...], path: str) -> list[str]:
    return [f"{stage_arn}/{method}{path}{suffix}" for method in methods for suffix in ("", "/*")]


def policy_for(identity: Identity, method_arn: str) -> dict[str, Any]:
    stage_arn = api_stage_arn(method_arn)
    resources = _resources(stage_arn, OWNER_METHODS, f"/users/{identity.sub}")
    if identity.is_admin:
        resources += _resources(stage_arn, ADMIN_METHODS, "/users")
    return {
        "principalId": identity.sub,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": resources}],
        },
        # API Gateway passes context values to the function as strings; send them as strings from the start.
        "context": {
            "sub": identity.sub,
            "email": identity.email or "",
            "isAdmin": "true" if identity.is_admin else "false",
        },
    }
