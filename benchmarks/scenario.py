"""What the benchmark sends: users and tokens on the stack it started, orders, and wrk's request files."""

from __future__ import annotations

import json
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from harness import BIN, Served

PASSWORD = "Passw0rd!"  # noqa: S105 - a user of a throwaway stack
ORDER = {
    "restaurantId": 1,
    "orderItems": [
        {"id": 1, "name": "Spaghetti", "price": 9.99, "quantity": 1},
        {"id": 2, "name": "Pizza - SMALL", "price": 4.99, "quantity": 2},
    ],
    "totalAmount": 19.97,
}


def order_body(order_id: str) -> str:
    return json.dumps({**ORDER, "orderId": order_id}, separators=(",", ":"))


@dataclass(frozen=True)
class Person:
    sub: str
    token: str


def person(stack: Served, state_dir: Path, name: str) -> Person:
    """A confirmed user of the stack's pool, signed in through the CLI as the README shows."""
    email = f"{name}@example.com"
    common = ["--state-dir", str(state_dir)]
    run = [str(BIN / "foodorder-local"), "create-user", email, "--name", name, "--password", PASSWORD, *common]
    sub = subprocess.run(run, check=True, capture_output=True, text=True, timeout=60).stdout.strip()
    sign_in = [str(BIN / "foodorder-local"), "token", email, "--password", PASSWORD, *common]
    token = subprocess.run(sign_in, check=True, capture_output=True, text=True, timeout=60).stdout.strip()
    return Person(sub, token)


def fresh_tokens(state_dir: Path, token: str, count: int) -> list[str]:
    """`count` ID tokens of the same user, each new to the gateway's authorizer cache: the claims of a real one with
    a fresh jti, signed with the installation's key, as a new sign-in would."""
    key = serialization.load_pem_private_key((state_dir / "identity-signing-key.pem").read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    return [
        jwt.encode(
            {**claims, "jti": str(uuid.uuid4())},
            key,
            algorithm="RS256",
            headers={"kid": header["kid"], "typ": None},
        )
        for _ in range(count)
    ]


def add_orders(state_dir: Path, user_id: str, count: int) -> None:
    """`count` orders written straight into the stack's SQLite file by the product's own adapter (faster than
    `count` requests; the stack reads them as its own)."""
    from foodorder.bootstrap import Container
    from foodorder.config import Settings
    from foodorder.domain.orders import Order

    container = Container(Settings(storage_backend="sqlite", sqlite_path=str(state_dir / "foodorder.db")))
    try:
        orders = container.orders
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        for index in range(count):
            document = {
                **ORDER,
                "orderId": f"bulk-{index:05d}",
                "userId": user_id,
                "status": "PLACED",
                "orderTime": stamp,
            }
            orders.add(Order.from_document(json.loads(json.dumps(document))))
    finally:
        container.close()


def timed(client: httpx.Client, method: str, url: str, token: str, body: str | None = None) -> tuple[int, float]:
    headers = {"Authorization": token, "Content-Type": "application/json"}
    start = time.perf_counter()
    response = client.request(method, url, content=body, headers=headers)
    return response.status_code, (time.perf_counter() - start) * 1000


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(f"{line}\n" for line in lines))
    return path


def call_line(method: str, path: str, body: str = "") -> str:
    return f"{method}\t{path}\t{body}" if body else f"{method}\t{path}"
