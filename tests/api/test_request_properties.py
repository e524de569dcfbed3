"""Whatever a client sends, through the real gateway to every route of template.yaml: never a 5xx; a refusal is a
JSON 4xx whose message names the problem, and writes nothing (SPEC.md: bad input is a clear 4xx, never a 500 and
never a half-written record). Bodies, path parameters and query strings come from hypothesis."""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _support.gateway import Answer, LocalApi
from _support.orders import README_BODY

ALICE = "aaaaaaaa-0000-4000-8000-000000000001"
ADMIN = "cccccccc-0000-4000-8000-000000000003"
PARAMETER = re.compile(r"\{([^}]+)\}")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
# Near misses of a real order: one field replaced by anything.
near_orders = st.tuples(st.sampled_from(sorted(json.loads(README_BODY))), json_values).map(
    lambda change: {**json.loads(README_BODY), change[0]: change[1]}
)
bodies = st.one_of(
    st.binary(max_size=64),
    st.text(max_size=64).map(str.encode),
    json_values.map(lambda value: json.dumps(value).encode()),
    near_orders.map(lambda value: json.dumps(value).encode()),
)
segments = st.text(min_size=1, max_size=24)
queries = st.dictionaries(st.sampled_from(["limit", "nextToken", "x"]), st.text(max_size=24), max_size=2)


def routes(api: LocalApi) -> list[tuple[str, str, str]]:
    """(api, method, path template) of every route the template declares."""
    return [
        (spec.name, route.method.upper(), route.path)
        for spec in api.gateway.topology.apis.values()
        for route in spec.routes
    ]


def rows(api: LocalApi) -> dict[str, int]:
    if not api.database.exists():
        return {}
    with sqlite3.connect(api.database) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608


def assert_a_clear_answer(answer: Answer, before: dict[str, int], api: LocalApi) -> None:
    assert answer.status < 500, answer.body
    if answer.status >= 400:
        problem: Any = json.loads(answer.body)
        # API Gateway's own refusals say "message", except its authorizer denials (403), which say "Message".
        message = problem.get("message", problem.get("Message"))
        assert isinstance(message, str)
        assert message.strip()
        assert rows(api) == before


@pytest.fixture
def route_api(api: LocalApi) -> LocalApi:
    """The in-process gateway with one order and one profile already there, so edits and reads have a target."""
    token = api.id_token(ALICE)
    assert api.call("OrdersApi", "POST", "/orders", token=token, body=README_BODY).status == 200
    assert api.call("UsersApi", "PUT", f"/users/{ALICE}", token=token, body='{"name":"Alice"}').status == 200
    return api


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), body=bodies, query=queries, admin=st.booleans())
def test_no_request_to_any_route_is_a_5xx_and_every_refusal_is_a_json_4xx_that_writes_nothing(
    route_api: LocalApi, data: st.DataObject, body: bytes, query: dict[str, str], admin: bool
) -> None:
    api_name, method, template = data.draw(st.sampled_from(routes(route_api)), label="route")
    # A path parameter is the caller's own id, the existing order's, or anything at all.
    path = PARAMETER.sub(
        lambda match: quote(data.draw(st.sampled_from([ALICE, "hogehoge"]) | segments, label=match[1]), safe=""),
        template,
    )
    token = route_api.id_token(ADMIN if admin else ALICE, admin=admin)
    before = rows(route_api)

    answer = route_api.call(api_name, method, path, token=token, body=body, query=urlencode(query))

    assert_a_clear_answer(answer, before, route_api)
