"""One stack for the whole session: `foodorder-local run` on a free port, or a deployed stack when
FOODORDER_STACK_NAME names one (outputs read from CloudFormation; nothing is started; the tests of the local tooling
are deselected). For a deployed stack, boto3 takes credentials from the profile FOODORDER_AWS_PROFILE (default
"default") in the region FOODORDER_AWS_REGION (default us-east-1), and endpoints as boto3 finds them
(AWS_ENDPOINT_URL for an emulator; FOODORDER_ENGINE names it, see deviations.py):

    FOODORDER_STACK_NAME=foodorder FOODORDER_AWS_PROFILE=me .venv/bin/pytest -m integration tests/integration
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from _support.orders import new_order_id, readme_order
from integration.identity_support import People, Person
from integration.stack_support import LocalStack, Stack, deployed_stack, local_cognito, local_events

HTTP_TIMEOUT_SECONDS = 60.0


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Against a deployed stack, the tests of the local tooling (CLI, logs, restarts, the docs page: the ones that
    use `local_stack` or are marked local_only) are deselected: they have nothing to run against, and a deployed run
    skips nothing but what an engine is known to lack."""
    if not os.environ.get("FOODORDER_STACK_NAME"):
        return
    local_only = [
        item
        for item in items
        if "local_stack" in getattr(item, "fixturenames", ()) or item.get_closest_marker("local_only") is not None
    ]
    if local_only:
        config.hook.pytest_deselected(items=local_only)
        items[:] = [item for item in items if item not in local_only]


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    stack_name = os.environ.get("FOODORDER_STACK_NAME")
    if stack_name:
        yield deployed_stack(stack_name)
        return
    local = LocalStack(tmp_path_factory.mktemp("local-stack") / "state")
    try:
        outputs = local.start()
        yield Stack(outputs=outputs, cognito=local_cognito(outputs), local=local, events=local_events(outputs))
        local.stop()
    finally:
        local.kill()


@pytest.fixture
def local_stack(stack: Stack) -> LocalStack:
    """The running local stack; the tests of the local tooling that use it are deselected on a deployed stack."""
    assert stack.local is not None, "deselected on a deployed stack"
    return stack.local


@pytest.fixture(scope="session")
def people(stack: Stack) -> Iterator[People]:
    created = People(stack.cognito, stack.outputs)
    yield created
    created.delete_all()


@pytest.fixture(scope="session")
def admin(people: People) -> Person:
    return people.create("admin", admin=True)


@pytest.fixture(scope="session")
def alice(people: People) -> Person:
    return people.create("alice")


@pytest.fixture(scope="session")
def bob(people: People) -> Person:
    return people.create("bob")


@pytest.fixture(scope="session")
def users_api(stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.outputs["APIEndpoint"], timeout=HTTP_TIMEOUT_SECONDS) as client:
        yield client


@pytest.fixture(scope="session")
def orders_api(stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.outputs["OrdersServiceEndpoint"], timeout=HTTP_TIMEOUT_SECONDS) as client:
        yield client


@pytest.fixture
def placed(orders_api: httpx.Client, alice: Person) -> dict[str, Any]:
    """A fresh PLACED order of alice's."""
    response = orders_api.post("/orders", json=readme_order(new_order_id()), headers=alice.auth)
    assert response.status_code == 200, response.text
    order: dict[str, Any] = response.json()
    return order
