"""RSA keys and Cognito-shaped tokens. One pool key serves the whole run: generating RSA keys is the slow part.

Claims are those Cognito puts in its tokens (SPEC.md): an ID token has `aud`, `cognito:username`, `email`,
`token_use: id`; an access token has `client_id`, `scope`, `username`, `token_use: access`."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from samlocal.identity.keys import SigningKey

REGION = "us-east-1"
POOL_ID = "us-east-1_TestPool1"
CLIENT_ID = "3n4b5urk1ft4fl3mg5e62d9ado"
AWS_ISSUER = f"https://cognito-idp.{REGION}.amazonaws.com/{POOL_ID}"
KID = "test-key-1"
ADMIN_GROUP = "apiAdmins"
# The file the local identity provider keeps its key in (samlocal.identity.keys.KEY_FILE).
IDENTITY_KEY_FILE = "identity-signing-key.pem"


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@functools.cache
def pool_key() -> rsa.RSAPrivateKey:
    """The user pool's signing key for the whole test run."""
    return new_rsa_key()


@functools.cache
def forger_key() -> rsa.RSAPrivateKey:
    """A key the pool never published: what a forger signs with."""
    return new_rsa_key()


def public_jwk(key: rsa.RSAPrivateKey, kid: str = KID) -> dict[str, Any]:
    """The public half as Cognito publishes it: kty, n, e, plus kid, alg RS256 and use sig."""
    jwk: dict[str, Any] = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


def jwks(key: rsa.RSAPrivateKey | None = None, kid: str = KID) -> dict[str, Any]:
    return {"keys": [public_jwk(key or pool_key(), kid)]}


def public_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def install_identity_key(state_dir: Path) -> None:
    """Puts the run's pool key where the local identity provider looks for its own (owner-only, as it insists),
    so a provider started on `state_dir` signs with it instead of generating a key."""
    state_dir.mkdir(parents=True, exist_ok=True)
    pem = pool_key().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    descriptor = os.open(state_dir / IDENTITY_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(pem)


def id_claims(
    sub: str | None = None, *, issuer: str = AWS_ISSUER, groups: list[str] | None = None, **overrides: Any
) -> dict[str, Any]:
    """The claims of a Cognito ID token for a pool whose username is the email (so cognito:username is the sub)."""
    now = int(time.time())
    sub = sub or str(uuid.uuid4())
    claims: dict[str, Any] = {
        "sub": sub,
        "email_verified": True,
        "iss": issuer,
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
        "email": f"{sub}@example.com",
    }
    if groups is not None:
        claims["cognito:groups"] = groups
    claims.update(overrides)
    return claims


def access_claims(sub: str, *, issuer: str = AWS_ISSUER) -> dict[str, Any]:
    """The claims of a Cognito access token: no `aud`, the client in `client_id`, `token_use` access."""
    now = int(time.time())
    return {
        "sub": sub,
        "iss": issuer,
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


def sign(claims: dict[str, Any], key: rsa.RSAPrivateKey | None = None, kid: str = KID) -> str:
    # Cognito's headers carry only kid and alg.
    return jwt.encode(claims, key or pool_key(), algorithm="RS256", headers={"kid": kid, "typ": None})


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


def unverified_claims(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


@functools.cache
def identity_key() -> SigningKey:
    """The run's pool key as the local identity provider holds its own."""
    return SigningKey(pool_key())
