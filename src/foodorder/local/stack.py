"""The whole local stack on one socket: the local API Gateway, and the identity provider under /cognito.

Outputs are those of template.yaml's Outputs section, resolved with local values (an API's execute-api URL
becomes its local base URL), plus CognitoEndpoint: the --endpoint-url for Cognito clients."""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from foodorder.local.asgi import GatewayApp, run_lifespan
from foodorder.local.gateway import Gateway
from foodorder.local.identity import IdentityProvider, create_app
from foodorder.local.resolve import LocalValues, Resolver
from foodorder.local.serving import ASGIApp, Receive, Scope, Send, listening_socket
from foodorder.local.template import TEMPLATE_PATH, load_template

COGNITO_PREFIX = "/cognito"
OUTPUTS_FILE = "outputs.json"
log = logging.getLogger("foodorder.local")


@dataclass(frozen=True)
class StackOptions:
    host: str = "127.0.0.1"
    port: int = 3000
    state_dir: Path = Path(".state")
    template: Path = TEMPLATE_PATH


class _Dispatcher:
    """One ASGI app for the socket: /cognito to the identity provider, the rest to the gateway.

    It owns the lifespan: on shutdown it stops the workers and closes the stores before uvicorn, which re-raises
    SIGTERM once it has shut down, ends the process."""

    def __init__(self, gateway: GatewayApp, identity: ASGIApp, provider: IdentityProvider) -> None:
        self._gateway = gateway
        self._identity = identity
        self._provider = provider

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif path == COGNITO_PREFIX or path.startswith(COGNITO_PREFIX + "/"):
            await self._identity(scope, receive, send)
        else:
            await self._gateway(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        await run_lifespan(receive, send, self._close)

    def _close(self) -> None:
        self._gateway.close()
        self._provider.close()
        log.info("stopped every execution environment and closed the stores")


def _cognito_ids(template: Mapping[str, Any], provider: IdentityProvider) -> dict[str, str]:
    ids = {"AWS::Cognito::UserPool": provider.pool_id, "AWS::Cognito::UserPoolClient": provider.client_id}
    return {name: ids[r["Type"]] for name, r in template["Resources"].items() if r["Type"] in ids}


def stack_outputs(template: Mapping[str, Any], values: LocalValues) -> dict[str, str]:
    resolver = Resolver(template, values)
    outputs = {name: resolver.string(output["Value"]) for name, output in template.get("Outputs", {}).items()}
    outputs["CognitoEndpoint"] = values.cognito_endpoint
    return outputs


def write_outputs(state_dir: Path, outputs: Mapping[str, str]) -> Path:
    path = state_dir / OUTPUTS_FILE
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(outputs, indent=2) + "\n")
    # Readers (tests, the CLI) never see a half-written file.
    os.replace(temporary, path)
    return path


def read_outputs(state_dir: Path) -> dict[str, str]:
    path = state_dir / OUTPUTS_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: start the local stack first (make run)")
    outputs: dict[str, str] = json.loads(path.read_text())
    return outputs


def serve(options: StackOptions) -> None:
    """Binds, starts everything, writes outputs.json, serves until Ctrl-C or SIGTERM, then stops every worker.

    On SIGTERM uvicorn re-raises the signal once it has shut down, so the lifespan shutdown does the cleanup;
    the exit stack covers a failed start and a plain return (both closes are idempotent)."""
    with contextlib.ExitStack() as resources:
        # Bound first: a busy port fails before anything is written, and port 0 yields the real port for the
        # outputs and the token issuer.
        sock = resources.enter_context(listening_socket(options.host, options.port))
        endpoint = f"http://{options.host}:{sock.getsockname()[1]}"
        state_dir = options.state_dir.resolve()
        state_dir.mkdir(parents=True, exist_ok=True)
        template = load_template(options.template)
        provider = IdentityProvider(state_dir, template)
        resources.callback(provider.close)
        values = LocalValues(
            cognito_endpoint=endpoint + COGNITO_PREFIX,
            sqlite_path=str(state_dir / "foodorder.db"),
            cognito_ids=_cognito_ids(template, provider),
            gateway_endpoint=endpoint,
        )
        gateway = resources.enter_context(Gateway.from_template(values, provider.jwks, template=options.template))
        outputs = stack_outputs(template, values)
        write_outputs(state_dir, outputs)
        identity = create_app(provider, base_path=COGNITO_PREFIX, endpoint=values.cognito_endpoint)
        app = _Dispatcher(GatewayApp(gateway), identity, provider)
        _announce(outputs, state_dir)
        uvicorn.Server(uvicorn.Config(app, lifespan="on", log_level="info")).run(sockets=[sock])


def _announce(outputs: Mapping[str, str], state_dir: Path) -> None:
    width = max(len(name) for name in outputs)
    lines = [f"  {name:<{width}}  {value}" for name, value in outputs.items()]
    log.info("foodorder local stack\n%s\n  state in %s", "\n".join(lines), state_dir)
