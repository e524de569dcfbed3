"""Password policy, as Cognito words its failures, and slow salted hashes (hashlib.scrypt)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from samlocal.identity.errors import InvalidPassword

# The characters Cognito counts as symbols.
SYMBOLS = "^$*.[]{}()?-\"!@#%&/\\,><':;|_~`+= "

_SALT_BYTES = 16


@dataclass(frozen=True)
class PasswordPolicy:
    """Defaults are Cognito's for a pool whose template sets no PasswordPolicy."""

    minimum_length: int = 8
    require_lowercase: bool = True
    require_uppercase: bool = True
    require_numbers: bool = True
    require_symbols: bool = True

    @classmethod
    def from_template(cls, props: Mapping[str, Any]) -> PasswordPolicy:
        default = cls()
        return cls(
            minimum_length=int(props.get("MinimumLength", default.minimum_length)),
            require_lowercase=bool(props.get("RequireLowercase", default.require_lowercase)),
            require_uppercase=bool(props.get("RequireUppercase", default.require_uppercase)),
            require_numbers=bool(props.get("RequireNumbers", default.require_numbers)),
            require_symbols=bool(props.get("RequireSymbols", default.require_symbols)),
        )

    def check(self, password: str) -> None:
        """Raises InvalidPasswordException with Cognito's wording for the first rule the password breaks."""
        rules = (
            (len(password) >= self.minimum_length, "Password not long enough"),
            (
                not self.require_uppercase or _has(password, string.ascii_uppercase),
                "Password must have uppercase characters",
            ),
            (
                not self.require_lowercase or _has(password, string.ascii_lowercase),
                "Password must have lowercase characters",
            ),
            (not self.require_numbers or _has(password, string.digits), "Password must have numeric characters"),
            (not self.require_symbols or _has(password, SYMBOLS), "Password must have symbol characters"),
        )
        for passed, reason in rules:
            if not passed:
                reason = reason if reason.startswith("Password") else f"Password {reason}"
                raise InvalidPassword(f"Password did not conform with policy: {reason}")

    def generate(self) -> str:
        """A random temporary password that satisfies this policy."""
        alphabet = string.ascii_letters + string.digits
        body = [secrets.choice(alphabet) for _ in range(max(self.minimum_length, 12))]
        body += [
            secrets.choice(chars) for chars in (string.ascii_uppercase, string.ascii_lowercase, string.digits, "!#%")
        ]
        return "".join(body)


def _has(password: str, characters: str) -> bool:
    return any(c in characters for c in password)


@dataclass(frozen=True)
class PasswordHasher:
    """Slow salted hashes (scrypt). The cost is stored in each hash, so verifying follows whatever cost hashed it.

    The default costs about 16 MiB and tens of milliseconds per hash, slow enough to make offline guessing
    expensive. A lower cost exists for tests, which sign users in by the hundred; the stack never passes one."""

    n: int = 2**14
    r: int = 8
    p: int = 1

    def hash(self, password: str) -> str:
        salt = secrets.token_bytes(_SALT_BYTES)
        digest = hashlib.scrypt(password.encode(), salt=salt, n=self.n, r=self.r, p=self.p)
        return f"scrypt${self.n}${self.r}${self.p}${salt.hex()}${digest.hex()}"

    def verify(self, password: str, stored: str | None) -> bool:
        """Always spends one scrypt, even for a user with no password, so timing does not reveal who exists."""
        decoy = f"scrypt${self.n}${self.r}${self.p}${'00' * _SALT_BYTES}${'00' * 64}"
        try:
            _, n, r, p, salt, digest = (stored or decoy).split("$")
            actual = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
        except ValueError:
            return False
        return stored is not None and hmac.compare_digest(actual, bytes.fromhex(digest))


SCRYPT = PasswordHasher()
