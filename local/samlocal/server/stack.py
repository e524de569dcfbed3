"""The whole local stack on one socket: the local API Gateway, the identity provider under /cognito, and EventBridge's
PutEvents under /events.

Outputs are those of template.yaml's Outputs section, resolved with local values (an API's execute-api URL
becomes its local base URL), plus CognitoEndpoint: the --endpoint-url for Cognito clients."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from samlocal.apigw.gateway import Gateway
from samlocal.asgi import ASGIApp, Receive, Scope, Send, listening_socket, run_lifespan
from samlocal.docs import DOCS_PREFIX, SignIn, create_docs_app
from samlocal.events import LocalEventBridge
from samlocal.identity import IdentityProvider, create_app
from samlocal.lambda_runtime.processes import ProcessInvoker
from samlocal.server.gateway_app import GatewayApp
from samlocal.server.live import LiveTemplate
from samlocal.server.outputs import COGNITO_PREFIX, EVENTS_PREFIX, local_values, stack_outputs, write_outputs
from samlocal.template.envvars import EnvVars
from samlocal.template.loader import DEFAULT_TEMPLATE, load_template

log = logging.getLogger("samlocal")
# The stack's own variable, for values of the env-vars file that should follow the state directory.
STATE_DIR_VARIABLE = "STATE_DIR"


@dataclass(frozen=True)
class StackOptions:
    host: str = "127.0.0.1"
    port: int = 3000
    state_dir: Path = Path(".state")
    template: Path = DEFAULT_TEMPLATE
    env_vars: Path | None = None
    reload: bool = True
    # The OpenAPI documents of the docs page; None: docs/ beside the template.
    docs: Path | None = None


class _Dispatcher:
    """One ASGI app for the socket: /cognito to the identity provider, /events to the local EventBridge, /docs to the
    docs page, the rest to the gateway.

    It owns the lifespan: on shutdown it stops the workers and closes the stores before uvicorn, which re-raises
    SIGTERM once it has shut down, ends the process."""

    def __init__(
        self,
        gateway: GatewayApp,
        identity: ASGIApp,
        provider: IdentityProvider,
        live: LiveTemplate,
        events: LocalEventBridge,
        docs: ASGIApp,
    ) -> None:
        self._gateway = gateway
        self._identity = identity
        self._provider = provider
        self._live = live
        self._events = events
        self._docs = docs

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif path == COGNITO_PREFIX or path.startswith(COGNITO_PREFIX + "/"):
            await self._identity(scope, receive, send)
        elif path == EVENTS_PREFIX or path.startswith(EVENTS_PREFIX + "/"):
            await self._events.app(scope, receive, send)
        elif path == DOCS_PREFIX or path.startswith(DOCS_PREFIX + "/"):
            await self._docs(scope, receive, send)
        else:
            await self._gateway(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        self._gateway.bind()
        await run_lifespan(receive, send, self._close)

    def _close(self) -> None:
        self._live.stop()
        self._events.close()
        self._gateway.close()
        self._provider.close()
        log.info("stopped every execution environment and closed the stores")


def serve(options: StackOptions) -> None:
    """Binds, starts everything, writes outputs.json, serves until Ctrl-C or SIGTERM, then stops every worker.

    On SIGTERM uvicorn re-raises the signal once it has shut down, so the lifespan shutdown does the cleanup;
    the exit stack covers a failed start and a plain return (every close is idempotent)."""
    with contextlib.ExitStack() as resources:
        # Bound first: a busy port fails before anything is written, and port 0 yields the real port for the
        # outputs and the token issuer.
        sock = resources.enter_context(listening_socket(options.host, options.port))
        endpoint = f"http://{options.host}:{sock.getsockname()[1]}"
        state_dir = options.state_dir.resolve()
        state_dir.mkdir(parents=True, exist_ok=True)
        os.environ[STATE_DIR_VARIABLE] = str(state_dir)
        template = load_template(options.template)
        provider = IdentityProvider(state_dir, template)
        resources.callback(provider.close)
        values = local_values(template, provider, endpoint)
        gateway = resources.enter_context(
            Gateway.from_template(
                values,
                provider.jwks,
                template=options.template,
                env_vars=EnvVars.load(options.env_vars) if options.env_vars else None,
                invoker=functools.partial(ProcessInvoker, region_account=f"{values.region}:{values.account_id}"),
            )
        )
        for warning in gateway.topology.warnings:
            log.warning("%s", warning)
        events = LocalEventBridge(
            state_dir,
            lambda: gateway.topology.events,
            gateway.invoker,
            region=values.region,
            account=values.account_id,
            base_path=EVENTS_PREFIX,
        )
        resources.callback(events.close)
        outputs = stack_outputs(template, values)
        write_outputs(state_dir, outputs)
        live = LiveTemplate(options.template, options.env_vars, gateway, provider, endpoint, state_dir)
        resources.callback(live.stop)
        if options.reload:
            live.start()
        identity = create_app(provider, base_path=COGNITO_PREFIX, endpoint=values.cognito_endpoint)
        events.start()
        # Same origin as the APIs and the identity provider: the page needs no CORS, and signs in at a relative URL.
        documents = (options.docs or options.template.parent / "docs").resolve()
        docs = create_docs_app(documents, SignIn(COGNITO_PREFIX, provider.client_id))
        app = _Dispatcher(GatewayApp(gateway), identity, provider, live, events, docs)
        _announce(outputs, state_dir)
        uvicorn.Server(uvicorn_config(app)).run(sockets=[sock])


def uvicorn_config(app: ASGIApp) -> uvicorn.Config:
    """How the stack runs uvicorn; benchmarks serve their bare ceiling app the same way."""
    return uvicorn.Config(app, lifespan="on", log_level="info")


def _announce(outputs: Mapping[str, str], state_dir: Path) -> None:
    width = max(len(name) for name in outputs)
    lines = [f"  {name:<{width}}  {value}" for name, value in outputs.items()]
    log.info("local stack\n%s\n  state in %s", "\n".join(lines), state_dir)
