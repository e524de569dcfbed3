"""Users domain and service rules, on the in-memory store: who may do what, what a profile body may hold."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from _support.clock import FIXED_NOW, MutableClock
from foodorder.adapters.storage.memory_users import InMemoryUsers
from foodorder.domain.errors import FieldError, Forbidden, ValidationFailed
from foodorder.domain.pagination import PageRequest
from foodorder.domain.users import Caller, User, parse_user_draft
from foodorder.services.users import create_user, delete_user, get_user, list_users, put_user

ALICE = Caller(sub="alice", is_admin=False)
ADMIN = Caller(sub="root", is_admin=True)


def field_errors(body: Any, path_userid: str | None = None) -> list[FieldError]:
    with pytest.raises(ValidationFailed) as caught:
        parse_user_draft(body, path_userid)
    return caught.value.errors


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x", "nickname": "y"}, "nickname"),
        ({"name": 42}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({}, "name"),
        ({"name": None}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "x", "email": "not-an-email"}, "email"),
        ({"name": "x", "email": ["a@b.c"]}, "email"),
        ({"name": "x", "userid": "has space"}, "userid"),
        ({"name": "x", "userid": 7}, "userid"),
        (["name", "x"], "body"),
        ("name=x", "body"),
    ],
)
def test_a_bad_profile_body_is_refused_naming_the_field(body: Any, field: str) -> None:
    assert [error.field for error in field_errors(body)] == [field]


def test_every_bad_field_is_named_at_once() -> None:
    errors = field_errors({"name": "", "email": "nope", "extra": 1})

    assert sorted(error.field for error in errors) == ["email", "extra", "name"]


def test_a_body_userid_other_than_the_paths_is_refused() -> None:
    assert [e.field for e in field_errors({"userid": "bob", "name": "x"}, path_userid="alice")] == ["userid"]


def test_a_client_may_send_back_the_timestamp_it_read_and_the_server_ignores_it() -> None:
    draft = parse_user_draft({"name": "x", "timestamp": "1999-01-01T00:00:00Z"}, path_userid="alice")

    assert (draft.userid, draft.name, draft.email) == ("alice", "x", None)


def test_a_user_reaches_only_their_own_profile_and_an_admin_reaches_all() -> None:
    ALICE.require_access("alice")
    ADMIN.require_access("alice")
    with pytest.raises(Forbidden):
        ALICE.require_access("bob")


def test_only_an_admin_lists_or_creates_users() -> None:
    ADMIN.require_admin()
    with pytest.raises(Forbidden):
        ALICE.require_admin()


def test_create_without_a_userid_chooses_a_uuid4_and_stamps_the_clocks_utc_time() -> None:
    user = create_user(InMemoryUsers(), MutableClock(), parse_user_draft({"name": "Hoge"}))

    assert uuid.UUID(user.userid).version == 4
    assert user.timestamp == FIXED_NOW.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_put_reports_whether_it_created_the_profile() -> None:
    users, clock = InMemoryUsers(), MutableClock()

    first = put_user(users, clock, "alice", parse_user_draft({"name": "A"}, path_userid="alice"))
    second = put_user(users, clock, "alice", parse_user_draft({"name": "B"}, path_userid="alice"))

    assert (first.created, second.created) == (True, False)
    assert users.get("alice") == User("alice", "B", None, second.user.timestamp)
    assert get_user(users, "alice") == second.user


def test_delete_removes_the_profile() -> None:
    users, clock = InMemoryUsers(), MutableClock()
    put_user(users, clock, "alice", parse_user_draft({"name": "A"}))

    delete_user(users, "alice")

    assert list_users(users, PageRequest(limit=10, after=None)).items == []
