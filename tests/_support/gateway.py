"""The real local gateway over template.yaml, in-process: routing, both authorizers, the real event builder, and
the handlers invoked in this interpreter with each function's own environment.

Storage is a SQLite file in the test's directory, set the way the local stack sets it: through an env-vars file's
values. Tokens are signed with the run's pool key; the Users API's TOKEN authorizer fetches that key's JWKS over
loopback HTTP, as it would from Cognito, and the Cognito authorizer reads the same JWKS."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _support.paths import TEMPLATE
from _support.tokens import ADMIN_GROUP, CLIENT_ID, POOL_ID, access_claims, id_claims, jwks, sign
from samlocal.apigw.gateway import Gateway
from samlocal.apigw.responses import LocalRequest, LocalResponse
from samlocal.lambda_runtime.inprocess import InProcessInvoker
from samlocal.template.envvars import EnvVars
from samlocal.template.intrinsics import LocalValues

STAGE = "Prod"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @classmethod
    def of(cls, response: LocalResponse) -> Answer:
        return cls(response.status, response.headers, response.body)

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)


def local_values(cognito_endpoint: str) -> LocalValues:
    return LocalValues(
        cognito_endpoint=cognito_endpoint, cognito_ids={"UserPool": POOL_ID, "UserPoolClient": CLIENT_ID}
    )


def storage_env_vars(state_dir: Path) -> EnvVars:
    return EnvVars.parse({"Parameters": {"STORAGE_BACKEND": "sqlite", "SQLITE_PATH": str(state_dir / "foodorder.db")}})


class LocalApi:
    def __init__(self, state_dir: Path, cognito_endpoint: str, template: Path = TEMPLATE) -> None:
        self.state_dir = state_dir
        self.issuer = f"{cognito_endpoint}/{POOL_ID}"
        self.gateway = Gateway.from_template(
            local_values(cognito_endpoint),
            jwks,
            template=template,
            env_vars=storage_env_vars(state_dir),
            invoker=InProcessInvoker,
        )

    @property
    def database(self) -> Path:
        return self.state_dir / "foodorder.db"

    def id_token(self, sub: str, *, admin: bool = False, **overrides: Any) -> str:
        groups = [ADMIN_GROUP] if admin else None
        return sign(id_claims(sub, issuer=self.issuer, groups=groups, **overrides))

    def access_token(self, sub: str) -> str:
        return sign(access_claims(sub, issuer=self.issuer))

    def call(
        self,
        api: str,
        method: str,
        path: str,
        *,
        token: str | None = None,
        body: str | bytes | None = None,
        query: str = "",
        headers: tuple[tuple[str, str], ...] = (),
    ) -> Answer:
        sent = list(headers)
        if token is not None:
            sent.append(("Authorization", token))
        payload = body.encode() if isinstance(body, str) else body or b""
        request = LocalRequest(method, f"/{api}/{STAGE}{path}", query, tuple(sent), payload, "203.0.113.7")
        return Answer.of(self.gateway.handle(request))

    def close(self) -> None:
        self.gateway.close()
