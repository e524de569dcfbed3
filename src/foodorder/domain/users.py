"""Users: the profile model, who may touch which profile, and the reading of a client's profile body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from foodorder.domain.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from foodorder.domain.validation import Reader, require_object

# Cognito `sub`s are UUIDs; an administrator may choose any id of the same alphabet.
USERID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,128}")
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+")
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
MAX_NAME_LENGTH = 200
MAX_EMAIL_LENGTH = 254

# The server owns `timestamp`: a client that sends back a profile it read is not refused, its value is ignored.
SERVER_OWNED_FIELDS = frozenset({"timestamp"})
USER_FIELDS = frozenset({"userid", "name", "email"})


@dataclass(frozen=True)
class UserDraft:
    """What a client may decide about a profile; `userid` is None when the server is to choose it."""

    userid: str | None
    name: str
    email: str | None


@dataclass(frozen=True)
class User:
    userid: str
    name: str
    email: str | None
    timestamp: str

    @classmethod
    def write(cls, userid: str, draft: UserDraft, now: datetime) -> User:
        return cls(userid=userid, name=draft.name, email=draft.email, timestamp=format_timestamp(now))

    def to_document(self) -> dict[str, Any]:
        """The profile as the API returns it and as the workshop stored it: `email` only when known."""
        document: dict[str, Any] = {"userid": self.userid, "name": self.name}
        if self.email is not None:
            document["email"] = self.email
        document["timestamp"] = self.timestamp
        return document

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> User:
        email = doc.get("email")
        return cls(
            userid=str(doc["userid"]),
            name=str(doc["name"]),
            email=None if email is None else str(email),
            timestamp=str(doc["timestamp"]),
        )


@dataclass(frozen=True)
class Caller:
    """The identity the authorizer verified: its `sub`, and whether it belongs to the admin group."""

    sub: str
    is_admin: bool

    def require_admin(self) -> None:
        if not self.is_admin:
            raise Forbidden("Only administrators may do this.")

    def require_access(self, userid: str) -> None:
        """A user reaches their own profile only; an administrator reaches every profile."""
        if not self.is_admin and userid != self.sub:
            raise Forbidden("You may only access your own profile.")


class UserNotFound(NotFound):
    code = "UserNotFound"

    def __init__(self, userid: str) -> None:
        super().__init__(f"User {userid} was not found.")


class UserAlreadyExists(Conflict):
    code = "UserAlreadyExists"

    def __init__(self, userid: str) -> None:
        super().__init__(f"User {userid} already exists.")


def format_timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(TIMESTAMP_FORMAT)


def check_userid(userid: str) -> str:
    """Path parameters obey the same rule as body fields; a bad one can name no stored profile."""
    if not USERID_PATTERN.fullmatch(userid):
        raise ValidationFailed([FieldError("userid", f"must match {USERID_PATTERN.pattern}")])
    return userid


def parse_user_draft(body: object, path_userid: str | None = None) -> UserDraft:
    """Reads a create (no path id) or put (path id) body; raises ValidationFailed naming every bad field."""
    reader = Reader(require_object(body))
    reader.reject_unknown(USER_FIELDS | SERVER_OWNED_FIELDS)
    userid = reader.string("userid", max_length=128, pattern=USERID_PATTERN, required=False)
    if path_userid is not None and userid is not None and userid != path_userid:
        reader.fail("userid", "must equal the userid in the path")
    name = reader.string("name", max_length=MAX_NAME_LENGTH)
    if name is not None and not name.strip():
        reader.fail("name", "must not be blank")
    email = reader.string("email", max_length=MAX_EMAIL_LENGTH, pattern=EMAIL_PATTERN, required=False)
    reader.raise_if_invalid()
    # raise_if_invalid() guarantees the required name was read; the assert tells the type checker so.
    assert name is not None
    return UserDraft(userid=path_userid or userid, name=name, email=email)
