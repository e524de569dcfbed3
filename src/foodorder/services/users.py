"""User use cases: the caller's right to act is checked first, then the body is read, then storage is touched.

The body comes as a reader so that a caller without the right is refused (403) before anything it sent is
looked at, even a body that is not JSON."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from foodorder.domain.pagination import Page, decode_token, parse_limit
from foodorder.domain.ports import Clock, UsersRepository
from foodorder.domain.users import USERID_PATTERN, Caller, User, check_userid, parse_user_draft


@dataclass(frozen=True)
class PutResult:
    user: User
    created: bool


def list_users(repo: UsersRepository, caller: Caller, limit: str | None, next_token: str | None) -> Page[User]:
    caller.require_admin()
    return repo.list(parse_limit(limit), decode_token(next_token, USERID_PATTERN))


BodyReader = Callable[[], object]


def create_user(repo: UsersRepository, clock: Clock, caller: Caller, read_body: BodyReader) -> User:
    """Stores a new profile; the server chooses a uuid4 `userid` when the body names none."""
    caller.require_admin()
    draft = parse_user_draft(read_body())
    user = User.write(draft.userid or str(uuid.uuid4()), draft, clock())
    repo.add(user)
    return user


def get_user(repo: UsersRepository, caller: Caller, userid: str) -> User:
    caller.require_access(userid)
    return repo.get(check_userid(userid))


def put_user(repo: UsersRepository, clock: Clock, caller: Caller, userid: str, read_body: BodyReader) -> PutResult:
    """Creates or replaces the profile at `userid`: how a user registers their profile."""
    caller.require_access(userid)
    draft = parse_user_draft(read_body(), path_userid=check_userid(userid))
    user = User.write(userid, draft, clock())
    return PutResult(user, repo.put(user))


def delete_user(repo: UsersRepository, caller: Caller, userid: str) -> None:
    caller.require_access(userid)
    repo.delete(check_userid(userid))
