"""The local API Gateway, socket-free: a request in, a response out.

Every API of template.yaml is served under /{ApiLogicalId}/{Stage}/..., standing in for AWS's per-API host name.
Routing, authorizers, the proxy event and the reading of the function's response follow API Gateway REST APIs;
each function runs through the invoker: worker processes when served, in-process in tests.

A request is handled by one generator of steps, which yields each invocation it needs, (function, event), and is
sent its result (or thrown its FunctionError). `handle` drives it blocking, from any thread; `handle_async` drives
it on the event loop the invoker is bound to, so the served stack spends no thread on a request."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Generator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote

from samlocal.apigw import cors
from samlocal.apigw.authorizers import Invocation, Outcome, TokenAuthorizer, header_value
from samlocal.apigw.cognito import CognitoAuthorizer, KeySource
from samlocal.apigw.events import ApiContext, method_arn, proxy_event
from samlocal.apigw.policy import ResultCache
from samlocal.apigw.responses import (
    INTERNAL_SERVER_ERROR,
    MISSING_AUTHENTICATION_TOKEN,
    GatewayError,
    LocalRequest,
    LocalResponse,
    MalformedProxyResponse,
    proxy_response,
)
from samlocal.apigw.routing import RouteMatch, match_route, same_segment, split_path
from samlocal.lambda_runtime.invoker import FunctionError, Invoker, InvokerFactory
from samlocal.lambda_runtime.processes import ProcessInvoker
from samlocal.template.envvars import EnvVars
from samlocal.template.intrinsics import LocalValues
from samlocal.template.loader import DEFAULT_TEMPLATE
from samlocal.template.topology import CognitoAuthorizerSpec, Topology, load_topology

log = logging.getLogger(__name__)


class Gateway:
    def __init__(
        self, topology: Topology, invoker: Invoker, values: LocalValues, keys: KeySource, cache: ResultCache
    ) -> None:
        self.topology = topology
        self.invoker = invoker
        self._values = values
        self._cache = cache
        self._token = TokenAuthorizer(cache)
        self._cognito = CognitoAuthorizer(values.cognito_endpoint, keys)

    @classmethod
    def from_template(
        cls,
        values: LocalValues,
        keys: KeySource,
        *,
        template: str | Path = DEFAULT_TEMPLATE,
        env_vars: EnvVars | None = None,
        invoker: InvokerFactory = ProcessInvoker,
        cache: ResultCache | None = None,
    ) -> Gateway:
        """Reads the template (TemplateError when it uses what cannot be honoured locally); starts no process yet."""
        topology = load_topology(values, template, env_vars)
        return cls(topology, invoker(topology.functions), values, keys, cache or ResultCache())

    def reload(self, topology: Topology) -> None:
        """Serves `topology` from the next request on. Cached authorizer results are dropped: the authorizers
        themselves may have changed."""
        self.invoker.update(topology.functions)
        self._cache.clear()
        self.topology = topology

    def handle(self, request: LocalRequest) -> LocalResponse:
        """Blocks the calling thread for the request's invocations; never call it on the invoker's event loop."""
        steps = self._steps(request)
        try:
            invocation = next(steps)
            while True:
                try:
                    result = self.invoker.invoke(*invocation)
                except FunctionError as error:
                    invocation = steps.throw(error)
                else:
                    invocation = steps.send(result)
        except StopIteration as done:
            response: LocalResponse = done.value
            return response

    async def handle_async(self, request: LocalRequest) -> LocalResponse:
        """`handle` on the event loop the invoker is bound to."""
        steps = self._steps(request)
        try:
            invocation = next(steps)
            while True:
                try:
                    result = await self.invoker.invoke_async(*invocation)
                except FunctionError as error:
                    invocation = steps.throw(error)
                else:
                    invocation = steps.send(result)
        except StopIteration as done:
            response: LocalResponse = done.value
            return response

    def _steps(self, request: LocalRequest) -> Generator[Invocation, Any, LocalResponse]:
        """The request's way through the gateway, with the browser's CORS rules around it as the deployed stack
        applies them: a preflight is answered here, every other answer carries the headers."""
        preflight = cors.preflight(self.topology, request)
        if preflight is not None:
            return preflight
        response = yield from self._route(request)
        return cors.decorate(self.topology, request, response)

    def _route(self, request: LocalRequest) -> Generator[Invocation, Any, LocalResponse]:
        request_id = str(uuid.uuid4())
        segments = split_path(request.raw_path)
        api = self.topology.apis.get(unquote(segments[0])) if segments else None
        if api is None or len(segments) < 2 or not same_segment(segments[1], api.stage):
            return MISSING_AUTHENTICATION_TOKEN.response(request_id)
        match = match_route(api, request.method, segments[2:])
        if match is None:
            return MISSING_AUTHENTICATION_TOKEN.response(request_id)
        context = ApiContext(
            api.name, api.stage, self._values.account_id, self._values.region, request_id, datetime.now(UTC)
        )
        authorizer = yield from self._authorize(request, match, context)
        if isinstance(authorizer, GatewayError):
            return authorizer.response(request_id)
        function = match.route.function
        try:
            result = yield (function, proxy_event(request, match, context, authorizer))
            return proxy_response(result, request_id)
        except (FunctionError, MalformedProxyResponse) as error:
            log.error("%s failed (request %s): %s", function, request_id, error)
            return INTERNAL_SERVER_ERROR.response(request_id)

    def _authorize(
        self, request: LocalRequest, match: RouteMatch, context: ApiContext
    ) -> Generator[Invocation, Any, Outcome | None]:
        spec = match.route.authorizer
        if spec is None:
            return None
        token = header_value(request.headers, spec.header)
        if isinstance(spec, CognitoAuthorizerSpec):
            return self._cognito.authorize(spec, token)
        return (yield from self._token.authorize(spec, token, method_arn(context, request.method.upper(), match.path)))

    def close(self) -> None:
        """Stops every execution environment."""
        self.invoker.close()

    def __enter__(self) -> Gateway:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
