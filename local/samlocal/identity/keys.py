"""The installation's RSA signing key: generated on first start, kept owner-only in the state directory."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

KEY_FILE = "identity-signing-key.pem"


class SigningKey:
    def __init__(self, private_key: rsa.RSAPrivateKey) -> None:
        self.private_key = private_key
        self.public_key = private_key.public_key()
        der = self.public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        # A thumbprint of the public key: a new key gets a new kid, so verifiers refetch the JWKS.
        self.kid = base64.urlsafe_b64encode(hashlib.sha256(der).digest()).rstrip(b"=").decode()

    def jwk(self) -> dict[str, Any]:
        jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(self.public_key))
        return {"alg": "RS256", "e": jwk["e"], "kid": self.kid, "kty": "RSA", "n": jwk["n"], "use": "sig"}

    @classmethod
    def load_or_create(cls, state_dir: Path) -> SigningKey:
        path = state_dir / KEY_FILE
        if not path.exists():
            _create(path)
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise PermissionError(f"{path} is readable by others (mode {mode:o}); run chmod 600 on it")
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError(f"{path} does not hold an RSA private key")
        return cls(key)


def _create(path: Path) -> None:
    """Writes a fresh key to a private temporary file, then links it into place: a concurrent first start
    either wins the link or keeps the key the other process wrote, and nobody reads a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(pem)
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink(missing_ok=True)
