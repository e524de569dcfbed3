"""Types and helpers the identity provider's tests share (importable as local.identity.identity_support)."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any, Protocol

import jwt
import pytest

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient as CognitoClient
else:
    CognitoClient = Any

__all__ = ["PASSWORD", "Codes", "CognitoClient", "SignIn", "SignUp", "unverified_claims"]

PASSWORD = "Corr3ct-horse!"
_CODE = re.compile(r"^Confirmation code for (?P<email>\S+) \(sub \S+\): (?P<code>\d{6})$")


class Codes:
    """Reads confirmation codes from the provider's log, the local stand-in for the user's inbox."""

    def __init__(self, caplog: pytest.LogCaptureFixture) -> None:
        caplog.set_level(logging.INFO, logger="samlocal.identity")
        self._caplog = caplog

    def __call__(self, email: str) -> str:
        messages = (record.getMessage() for record in self._caplog.records)
        found = [m["code"] for m in map(_CODE.match, messages) if m and m["email"] == email]
        assert found, f"no confirmation code was logged for {email}"
        return found[-1]


class SignUp(Protocol):
    def __call__(self, email: str, *, name: str = ..., password: str = ..., confirm: bool = ...) -> str: ...


class SignIn(Protocol):
    def __call__(self, email: str, password: str = ...) -> dict[str, Any]: ...


def unverified_claims(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims
