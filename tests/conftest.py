"""Fixtures every suite may use: a settable clock, the run's JWKS on loopback, and the real gateway in-process."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from _support.clock import MutableClock
from _support.gateway import LocalApi
from _support.jwks_server import JwksServer, serve_jwks
from _support.paths import TEMPLATE
from _support.tokens import jwks
from foodorder import bootstrap
from foodorder.bootstrap import Container
from samlocal.template.loader import load_template


def pytest_configure(config: pytest.Config) -> None:
    """No test may reach a real AWS account: boto3 gets moto's dummy credentials and a region from the start.

    Powertools reads POWERTOOLS_* once, when a module builds its Logger and Metrics. In-process, a handler module
    may be imported by a test before any invocation applies its function's environment, so the template's global
    Powertools settings are this process's from the start, as they are every function's on Lambda."""
    variables = load_template(TEMPLATE)["Globals"]["Function"]["Environment"]["Variables"]
    os.environ.update({name: value for name, value in variables.items() if name.startswith("POWERTOOLS_")})
    os.environ["AWS_DEFAULT_REGION"] = "us-east-1"
    os.environ["AWS_ACCESS_KEY_ID"] = "testing"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
    os.environ.pop("AWS_PROFILE", None)


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock()


@pytest.fixture(scope="session")
def cognito() -> Iterator[JwksServer]:
    """The user pool's JWKS, published the way Cognito publishes it, under a local Cognito endpoint."""
    with serve_jwks(jwks(), base_path="/cognito") as server:
        yield server


@pytest.fixture
def api(tmp_path: Path, cognito: JwksServer, clock: MutableClock) -> Iterator[LocalApi]:
    """template.yaml served by the real gateway in-process, on a fresh SQLite file; every function's container
    tells time by `clock`."""
    bootstrap.use(lambda settings: Container(settings, clock=clock))
    local = LocalApi(tmp_path / "state", cognito.endpoint)
    try:
        yield local
    finally:
        local.close()
        bootstrap.use(None)
