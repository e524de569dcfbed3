"""Where the engine under a deployed stack is known to differ from AWS, each difference by name, in one place.

`make test-deployed` deploys into MiniStack and says so with FOODORDER_ENGINE=ministack. A test that meets a known
difference calls `known_deviation`: on that engine it is then an expected failure, strict wherever the difference
always shows, so the day the engine is fixed the run says so and the entry goes. On AWS and on the local stack
there is none: every test must pass."""

from __future__ import annotations

import os

import pytest

MINISTACK = "ministack"

# Names of the differences, for the tests that meet them.
ACCESS_TOKEN_PASSES_COGNITO_AUTHORIZER = "access-token-passes-cognito-authorizer"
DISCOVERY_NAMES_AWS_ISSUER = "discovery-document-names-aws-issuer"
TOKENS_LACK_EVENT_ID = "tokens-lack-event-id"
SIGN_UP_ACCEPTS_MISSING_REQUIRED_ATTRIBUTE = "sign-up-accepts-missing-required-attribute"
REFRESH_TOKEN_SURVIVES_SAME_SECOND_SIGN_OUT = "refresh-token-survives-same-second-global-sign-out"
OPENAPI_IMPORT_DROPS_INTEGRATION_RESPONSES = "openapi-import-drops-integration-responses"
OPENAPI_IMPORT_IGNORES_GATEWAY_RESPONSES = "openapi-import-ignores-gateway-responses"
REST_PATH_PERCENT_DECODED = "rest-api-path-percent-decoded"

KNOWN: dict[str, dict[str, str]] = {
    MINISTACK: {
        ACCESS_TOKEN_PASSES_COGNITO_AUTHORIZER: "MiniStack 1.5.33's Cognito user-pool authorizer accepts an access "
        "token where API Gateway, with no OAuth scopes on the method, accepts only ID tokens",
        DISCOVERY_NAMES_AWS_ISSUER: "MiniStack 1.5.33 serves the discovery document on loopback but names the AWS "
        "issuer (https://cognito-idp.{region}.amazonaws.com/{pool}) in it and in its tokens",
        TOKENS_LACK_EVENT_ID: "MiniStack 1.5.33's ID and access tokens have no event_id claim",
        SIGN_UP_ACCEPTS_MISSING_REQUIRED_ATTRIBUTE: "MiniStack 1.5.33's SignUp accepts a user without an attribute "
        "the pool's schema requires",
        REFRESH_TOKEN_SURVIVES_SAME_SECOND_SIGN_OUT: "MiniStack 1.5.33 revokes refresh tokens issued before a "
        "GlobalSignOut to the second, so one issued in the same second survives",
        # Read in its services/apigateway_v1.py, _import_operation: only type, httpMethod and uri are kept.
        OPENAPI_IMPORT_DROPS_INTEGRATION_RESPONSES: "MiniStack 1.5.33 imports a RestApi's OpenAPI Body keeping only "
        "each integration's type, httpMethod and uri, so the preflight's MOCK integration answers 200 without the "
        "Access-Control-* headers of its integration response",
        OPENAPI_IMPORT_IGNORES_GATEWAY_RESPONSES: "MiniStack 1.5.33 ignores x-amazon-apigateway-gateway-responses in "
        "a RestApi's OpenAPI Body, so API Gateway's own 4xx/5xx answers carry none of their headers",
        # Read in its app.py: a REST API's execute path is cut from the server's fully decoded path.
        REST_PATH_PERCENT_DECODED: "MiniStack 1.5.33 hands a REST API's function the path percent-decoded, where "
        "API Gateway keeps the client's encoding in path and pathParameters, so a function's router may not match a "
        "decoded parameter (e.g. %C2%84)",
    }
}
# Differences that show only some of the time (here: when two calls fall in the same second) cannot be strict.
INTERMITTENT = frozenset({REFRESH_TOKEN_SURVIVES_SAME_SECOND_SIGN_OUT})

# Not a difference in behaviour but in size: how many concurrent invocations of one function the engine can run
# within the function's Timeout. AWS gives each execution environment its own CPU; MiniStack runs them all, and
# itself, on this machine's cores: 64 at once (64 cold starts, then 64 first invocations building their boto3
# clients while MiniStack serves their DynamoDB calls) outlast CreateOrderFunction's 10 s Timeout on 2 cores.
BURST_CAPACITY = {MINISTACK: 16}


def engine() -> str:
    """The engine of a deployed stack (default: AWS itself); the local stack when none is named."""
    if not os.environ.get("FOODORDER_STACK_NAME"):
        return "local"
    return os.environ.get("FOODORDER_ENGINE", "aws")


def engine_has(name: str) -> bool:
    """Whether the engine under test has the named difference: for tests that choose their inputs around it."""
    return name in KNOWN.get(engine(), {})


def burst(wanted: int) -> int:
    """How many concurrent requests to one function a test may send at once: `wanted`, or the engine's capacity."""
    return min(wanted, BURST_CAPACITY.get(engine(), wanted))


def known_deviation(request: pytest.FixtureRequest, name: str) -> None:
    """Marks the running test as meeting the named difference, if this engine has it."""
    if name not in {deviation for deviations in KNOWN.values() for deviation in deviations}:
        raise ValueError(f"{name} is not a known deviation")
    reason = KNOWN.get(engine(), {}).get(name)
    if reason is not None:
        strict = name not in INTERMITTENT
        request.applymarker(pytest.mark.xfail(reason=f"{name}: {reason}", strict=strict, raises=AssertionError))
