"""The authorizer finds the pool's JWKS where boto3 would send a Cognito request: the service's own endpoint
variable, then AWS_ENDPOINT_URL, then the regional address; the issuer it checks tokens against never moves."""

from __future__ import annotations

import boto3
import pytest

from foodorder.config import Settings, cognito_endpoint

POOL = "us-east-1_AbCdEf123"
AWS_ISSUER = f"https://cognito-idp.us-east-1.amazonaws.com/{POOL}"

ENVIRONMENTS = [
    pytest.param({"AWS_REGION": "eu-west-1"}, "https://cognito-idp.eu-west-1.amazonaws.com", id="regional"),
    pytest.param(
        {"AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:4566"},
        "http://127.0.0.1:4566",
        id="every-service",
    ),
    pytest.param(
        {
            "AWS_REGION": "eu-west-1",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:4566",
            "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "http://127.0.0.1:9229",
        },
        "http://127.0.0.1:9229",
        id="service-specific",
    ),
]


@pytest.mark.parametrize(("env", "expected"), ENVIRONMENTS)
def test_the_cognito_endpoint_is_the_one_boto3_resolves_from_the_same_environment(
    env: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given only these variables, as a Lambda execution environment would have them
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "AWS_CONFIG_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    client = boto3.Session(region_name=env["AWS_REGION"]).client("cognito-idp")

    assert cognito_endpoint(env) == expected == client.meta.endpoint_url


def test_without_a_region_or_an_endpoint_there_is_no_cognito_endpoint() -> None:
    assert cognito_endpoint({}) is None


def test_the_jwks_url_follows_the_endpoint_while_the_issuer_stays_exactly_the_templates() -> None:
    settings = Settings.from_env(
        {"COGNITO_ISSUER": AWS_ISSUER, "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:4566/"}
    )

    assert settings.jwks_url == f"http://127.0.0.1:4566/{POOL}/.well-known/jwks.json"
    assert settings.cognito_issuer == AWS_ISSUER


def test_on_aws_the_jwks_url_is_the_pools_regional_one() -> None:
    settings = Settings.from_env({"COGNITO_ISSUER": AWS_ISSUER, "AWS_REGION": "us-east-1"})

    assert settings.jwks_url == f"{AWS_ISSUER}/.well-known/jwks.json"


def test_without_an_issuer_there_is_no_jwks_url_to_fetch_keys_from() -> None:
    assert Settings.from_env({"AWS_REGION": "us-east-1"}).jwks_url is None
