"""The Users API's Lambda TOKEN authorizer: a Cognito ID token in, the caller's policy out, or a 401.

Raising exactly `Exception("Unauthorized")` is how a Lambda authorizer makes API Gateway answer 401; any other
error would be a 500, so every failure, expected or not, becomes that one exception. The event carries the token:
it is never logged."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from foodorder import bootstrap
from foodorder.auth.errors import InvalidToken
from foodorder.auth.policy import policy_for
from foodorder.log import logger

UNAUTHORIZED = "Unauthorized"


@logger.inject_lambda_context(log_event=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    try:
        identity = bootstrap.container().id_tokens.verify(event.get("authorizationToken"))
        policy = policy_for(identity, str(event.get("methodArn", "")))
    except InvalidToken as exc:
        logger.info("Token refused", reason=str(exc))
        raise Exception(UNAUTHORIZED) from None
    except Exception:
        # Unverifiable (keys unreachable, settings missing) is unauthorized: fail closed, and tell the operator.
        logger.exception("Token could not be verified")
        raise Exception(UNAUTHORIZED) from None
    logger.info("Token accepted", principal_id=identity.sub, is_admin=identity.is_admin)
    return policy
