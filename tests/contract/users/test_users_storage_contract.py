"""The users storage contract, held by every adapter of the storage registry."""

from __future__ import annotations

import threading

import pytest

from _support.dynamodb import MOTO_IS_NOT_ATOMIC, on_a_real_engine
from foodorder.adapters.registry import Storage
from foodorder.adapters.storage.dynamodb_users import DynamoDbUsers
from foodorder.domain.errors import Conflict, NotFound
from foodorder.domain.ports import UsersRepository
from foodorder.domain.users import User, UserAlreadyExists, UserNotFound


@pytest.fixture
def users(storage: Storage) -> UsersRepository:
    return storage.users()


def user(userid: str, name: str = "My name is hogehoge", email: str | None = None) -> User:
    return User(userid=userid, name=name, email=email, timestamp="2026-01-02T03:04:05Z")


def test_a_stored_user_reads_back_equal_with_and_without_email(users: UsersRepository) -> None:
    with_email = user("u-1", email="hoge@example.com")
    without_email = user("u-2")
    users.add(with_email)
    users.add(without_email)

    assert users.get("u-1") == with_email
    assert users.get("u-2") == without_email


def test_a_missing_user_is_not_found(users: UsersRepository) -> None:
    with pytest.raises(UserNotFound) as caught:
        users.get("nobody")
    assert isinstance(caught.value, NotFound)


def test_adding_an_existing_userid_conflicts_and_keeps_the_first_profile(users: UsersRepository) -> None:
    first = user("u-1", name="First")
    users.add(first)

    with pytest.raises(UserAlreadyExists) as caught:
        users.add(user("u-1", name="Second"))

    assert isinstance(caught.value, Conflict)
    assert users.get("u-1") == first


def test_concurrent_adds_of_one_userid_store_exactly_one(users: UsersRepository) -> None:
    if isinstance(users, DynamoDbUsers) and not on_a_real_engine():
        pytest.skip(MOTO_IS_NOT_ATOMIC)
    outcomes: list[str] = []
    start = threading.Barrier(6)

    def add(index: int) -> None:
        start.wait()
        try:
            users.add(user("same", name=f"writer {index}"))
            outcomes.append("stored")
        except UserAlreadyExists:
            outcomes.append("conflict")

    threads = [threading.Thread(target=add, args=(index,)) for index in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["conflict"] * 5 + ["stored"]


def test_put_creates_an_absent_user_then_replaces_it_whole(users: UsersRepository) -> None:
    assert users.put(user("u-1", name="Before", email="old@example.com")) is True

    replacement = user("u-1", name="After")
    assert users.put(replacement) is False

    assert users.get("u-1") == replacement


def test_delete_removes_the_user_and_a_second_delete_is_not_found(users: UsersRepository) -> None:
    users.add(user("u-1"))

    users.delete("u-1")

    with pytest.raises(UserNotFound):
        users.get("u-1")
    with pytest.raises(UserNotFound):
        users.delete("u-1")


def test_pages_cover_every_user_once_in_the_same_order_every_time(users: UsersRepository) -> None:
    for index in range(7):
        users.add(user(f"user-{index}"))

    def walk() -> list[list[str]]:
        pages, after = [], None
        while True:
            page = users.list(3, after)
            pages.append([u.userid for u in page.items])
            if page.last_key is None:
                return pages
            after = page.last_key

    pages = walk()

    assert [len(page) for page in pages] == [3, 3, 1]
    assert sorted(userid for page in pages for userid in page) == [f"user-{index}" for index in range(7)]
    assert walk() == pages


def test_a_full_last_page_is_not_followed_by_an_empty_one(users: UsersRepository) -> None:
    for index in range(4):
        users.add(user(f"user-{index}"))

    first = users.list(2, None)
    second = users.list(2, first.last_key)

    assert len(second.items) == 2
    assert second.last_key is None


def test_an_empty_store_lists_one_empty_page(users: UsersRepository) -> None:
    page = users.list(10, None)

    assert page.items == []
    assert page.last_key is None
