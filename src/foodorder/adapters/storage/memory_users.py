"""Users in a dict: the fake that unit tests use, held to the same contract as the real adapters."""

from __future__ import annotations

import threading

from foodorder.domain.pagination import Page
from foodorder.domain.users import User, UserAlreadyExists, UserNotFound


class InMemoryUsers:
    def __init__(self) -> None:
        self._users: dict[str, User] = {}
        self._lock = threading.Lock()

    def add(self, user: User) -> None:
        with self._lock:
            if user.userid in self._users:
                raise UserAlreadyExists(user.userid)
            self._users[user.userid] = user

    def put(self, user: User) -> bool:
        with self._lock:
            created = user.userid not in self._users
            self._users[user.userid] = user
            return created

    def get(self, userid: str) -> User:
        try:
            return self._users[userid]
        except KeyError:
            raise UserNotFound(userid) from None

    def list(self, limit: int, after: str | None) -> Page[User]:
        keys = sorted(userid for userid in self._users if userid > (after or ""))
        page = [self._users[userid] for userid in keys[:limit]]
        return Page(page, page[-1].userid if len(keys) > limit else None)

    def delete(self, userid: str) -> None:
        with self._lock:
            if self._users.pop(userid, None) is None:
                raise UserNotFound(userid)
