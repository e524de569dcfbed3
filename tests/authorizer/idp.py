"""A stand-in for a Cognito user pool's signing side: RSA keys, its JWKS served over real HTTP on loopback, and
ID and access tokens with the claims Cognito puts in them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from foodorder.config import Settings

REGION = "us-east-1"
POOL_ID = "us-east-1_TestPool1"
ISSUER = f"https://cognito-idp.{REGION}.amazonaws.com/{POOL_ID}"
CLIENT_ID = "3n4b5urk1ft4fl3mg5e62d9ado"
KID = "test-key-1"
ADMIN_GROUP = "apiAdmins"
JWKS_PATH = f"/{POOL_ID}/.well-known/jwks.json"


def authorizer_settings(jwks_url: str) -> Settings:
    """The authorizer function's settings as the template gives them, with the JWKS at `jwks_url`."""
    return Settings(user_pool_client_id=CLIENT_ID, cognito_issuer=ISSUER, jwks_url=jwks_url, admin_group=ADMIN_GROUP)


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    """The public half as Cognito publishes it: kty, n, e, plus kid, alg RS256 and use sig."""
    jwk: dict[str, Any] = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


def public_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def id_claims(sub: str | None = None, *, groups: list[str] | None = None, **overrides: Any) -> dict[str, Any]:
    """The claims of a Cognito ID token for a pool whose username is the email (so cognito:username is the sub)."""
    now = int(time.time())
    sub = sub or str(uuid.uuid4())
    claims: dict[str, Any] = {
        "sub": sub,
        "email_verified": True,
        "iss": ISSUER,
        "cognito:username": sub,
        "origin_jti": str(uuid.uuid4()),
        "aud": CLIENT_ID,
        "event_id": str(uuid.uuid4()),
        "token_use": "id",
        "auth_time": now,
        "name": "My name is hogehoge",
        "exp": now + 3600,
        "iat": now,
        "jti": str(uuid.uuid4()),
        "email": "hoge@example.com",
    }
    if groups is not None:
        claims["cognito:groups"] = groups
    claims.update(overrides)
    return claims


def access_claims(sub: str) -> dict[str, Any]:
    """The claims of a Cognito access token: no `aud`, the client in `client_id`, `token_use` access."""
    now = int(time.time())
    return {
        "sub": sub,
        "iss": ISSUER,
        "client_id": CLIENT_ID,
        "origin_jti": str(uuid.uuid4()),
        "event_id": str(uuid.uuid4()),
        "token_use": "access",
        "scope": "aws.cognito.signin.user.admin",
        "auth_time": now,
        "exp": now + 3600,
        "iat": now,
        "jti": str(uuid.uuid4()),
        "username": sub,
    }


def sign(claims: dict[str, Any], key: rsa.RSAPrivateKey, kid: str = KID) -> str:
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hand_made(header: dict[str, Any], claims: dict[str, Any], hmac_secret: bytes | None = None) -> str:
    """A token no library would make: `alg: none` with an empty signature, or HS256 keyed with any bytes."""
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    signature = b"" if hmac_secret is None else hmac.digest(hmac_secret, signing_input.encode(), hashlib.sha256)
    return f"{signing_input}.{_b64(signature)}"


def with_payload(token: str, claims: dict[str, Any]) -> str:
    """The token with its payload swapped and its original header and signature kept."""
    header, _, signature = token.split(".")
    return f"{header}.{_b64(json.dumps(claims).encode())}.{signature}"


@dataclass
class JwksServer:
    """What the server publishes (`jwks`) and how many times it was fetched (`requests`)."""

    url: str
    jwks: dict[str, Any] = field(default_factory=lambda: {"keys": []})
    requests: int = 0


@contextmanager
def serve_jwks(jwks: dict[str, Any]) -> Iterator[JwksServer]:
    """Serves the JWKS at the pool's well-known path from a real HTTP server on 127.0.0.1, in a thread."""
    state = JwksServer(url="", jwks=jwks)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests += 1
            found = self.path == JWKS_PATH
            body = json.dumps(state.jwks if found else {"message": "not found"}).encode()
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the test output is for the code under test."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # A short poll keeps shutdown() quick at the end of every test.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}{JWKS_PATH}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
