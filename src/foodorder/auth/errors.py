"""The one way a token fails verification; the authorizer turns it into API Gateway's 401."""

from __future__ import annotations


class InvalidToken(Exception):
    """The token is not a valid ID token of this pool and client. The message names why, never the token."""
