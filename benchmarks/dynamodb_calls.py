"""DynamoDB calls each Orders operation makes, through the real gateway and handlers in-process on moto's DynamoDB,
against the workshop's design: create 3 (idempotency record in, order put, record completed), a replayed create 1
(the record read), and get, list, edit, cancel 1 each.

Run: `.venv/bin/python benchmarks/dynamodb_calls.py` (bench.py includes it)."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import jwt
from botocore.client import BaseClient
from cryptography.hazmat.primitives.asymmetric import rsa

from harness import ROOT, silenced_stdout
from samlocal.apigw.gateway import Gateway
from samlocal.apigw.responses import LocalRequest
from samlocal.lambda_runtime.inprocess import InProcessInvoker
from samlocal.template.envvars import EnvVars
from samlocal.template.intrinsics import LocalValues
from samlocal.template.loader import load_template

WORKSHOP = {"create": 3, "replay": 1, "get": 1, "list": 1, "edit": 1, "cancel": 1}
ENDPOINT = "http://127.0.0.1:9/cognito"  # never dialled: the gateway reads the keys from `jwks` below
POOL, CLIENT, KID = "us-east-1_Bench0001", "benchclient", "bench-key"
BODY = {
    "restaurantId": 1,
    "orderId": "calls-1",
    "totalAmount": 9.99,
    "orderItems": [{"id": 1, "name": "Spaghetti", "price": 9.99, "quantity": 1}],
}


class Counter:
    """Every DynamoDB API call of every botocore client, whichever session built it (Powertools' idempotency
    layer builds a session of its own)."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    @contextmanager
    def installed(self) -> Iterator[None]:
        original = BaseClient._make_api_call  # type: ignore[attr-defined]

        def counted(client: BaseClient, operation: str, params: Any) -> Any:
            if client.meta.service_model.service_name == "dynamodb":
                self.calls.append(operation)
            return original(client, operation, params)

        BaseClient._make_api_call = counted  # type: ignore[attr-defined]
        try:
            yield
        finally:
            BaseClient._make_api_call = original  # type: ignore[attr-defined]


@contextmanager
def moto_tables() -> Iterator[Counter]:
    from moto import mock_aws

    os.environ.update({"AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "x"})
    with mock_aws():
        client = boto3.client("dynamodb")
        for name, resource in load_template(ROOT / "template.yaml")["Resources"].items():
            if resource["Type"] == "AWS::DynamoDB::Table":
                props = resource["Properties"]
                client.create_table(
                    TableName=name,
                    KeySchema=props["KeySchema"],
                    AttributeDefinitions=props["AttributeDefinitions"],
                    BillingMode="PAY_PER_REQUEST",
                )
        counter = Counter()
        with counter.installed():
            yield counter


def measure() -> dict[str, dict[str, int]]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = {**jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True), "kid": KID, "alg": "RS256"}
    now = int(time.time())
    claims = {
        "sub": str(uuid.uuid4()),
        "iss": f"{ENDPOINT}/{POOL}",
        "aud": CLIENT,
        "token_use": "id",
        "exp": now + 3600,
        "iat": now,
        "email": "calls@example.com",
    }
    token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})
    values = LocalValues(cognito_endpoint=ENDPOINT, cognito_ids={"UserPool": POOL, "UserPoolClient": CLIENT})
    env = EnvVars.parse({"Parameters": {"STORAGE_BACKEND": "dynamodb"}})
    body = json.dumps(BODY).encode()
    operations = {
        "create": ("POST", "/orders", body),
        "replay": ("POST", "/orders", body),
        "get": ("GET", "/orders/calls-1", b""),
        "list": ("GET", "/orders", b""),
        "edit": ("PUT", "/orders/calls-1", body),
        "cancel": ("DELETE", "/orders/calls-1", b""),
    }
    found: dict[str, dict[str, int]] = {}
    with (
        silenced_stdout(),
        moto_tables() as counter,
        Gateway.from_template(
            values, lambda: {"keys": [jwk]}, template=ROOT / "template.yaml", env_vars=env, invoker=InProcessInvoker
        ) as gateway,
    ):
        for name, (method, path, payload) in operations.items():
            counter.calls.clear()
            headers = (("Authorization", token), ("Content-Type", "application/json"))
            response = gateway.handle(LocalRequest(method, f"/OrdersApi/Prod{path}", "", headers, payload, "127.0.0.1"))
            if response.status != 200:
                raise RuntimeError(f"{method} {path}: {response.status} {response.body[:200]!r}")
            found[name] = {"calls": len(counter.calls), "workshop": WORKSHOP[name]}
    return found


if __name__ == "__main__":
    for operation, figures in measure().items():
        print(f"{operation:8} {figures['calls']:3} calls (workshop: {figures['workshop']})")
