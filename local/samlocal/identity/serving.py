"""The identity provider alone on a free loopback port, in a background thread (tests and dev tools)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from samlocal.asgi import serve_in_background
from samlocal.identity.app import create_app
from samlocal.identity.provider import IdentityProvider


@contextmanager
def serve_identity_provider(provider: IdentityProvider, base_path: str = "") -> Iterator[str]:
    """Yields the Cognito endpoint (what clients pass as --endpoint-url), base path included."""
    with serve_in_background(create_app(provider, base_path)) as url:
        yield f"{url}{base_path.rstrip('/')}"
