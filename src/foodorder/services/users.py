"""User use cases: validated values in, profiles out, storage through the port.

Who may do what is decided before these run (the handler authorizes the caller first, then reads the request),
so a caller without the right is refused (403) before anything it sent is looked at."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from foodorder.domain.pagination import Page, PageRequest
from foodorder.domain.ports import Clock, UsersRepository
from foodorder.domain.users import User, UserDraft


@dataclass(frozen=True)
class PutResult:
    user: User
    created: bool


def list_users(repo: UsersRepository, page: PageRequest) -> Page[User]:
    return repo.list(page.limit, page.after)


def create_user(repo: UsersRepository, clock: Clock, draft: UserDraft) -> User:
    """Stores a new profile; the server chooses a uuid4 `userid` when the body names none."""
    user = User.write(draft.userid or str(uuid.uuid4()), draft, clock())
    repo.add(user)
    return user


def get_user(repo: UsersRepository, userid: str) -> User:
    return repo.get(userid)


def put_user(repo: UsersRepository, clock: Clock, userid: str, draft: UserDraft) -> PutResult:
    """Creates or replaces the profile at `userid`: how a user registers their profile."""
    user = User.write(userid, draft, clock())
    return PutResult(user, repo.put(user))


def delete_user(repo: UsersRepository, userid: str) -> None:
    repo.delete(userid)
