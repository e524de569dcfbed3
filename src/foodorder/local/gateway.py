"""The local API Gateway, socket-free: a request in, a response out.

Every API of template.yaml is served under /{ApiLogicalId}/{Stage}/..., standing in for AWS's per-API host name.
Routing, authorizers, the proxy event and the reading of the function's response follow API Gateway REST APIs;
each function runs in its own execution environments (see workers.py)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote

from foodorder.local.authorizers import CognitoAuthorizer, KeySource, Outcome, TokenAuthorizer, header_value
from foodorder.local.environment import FunctionError
from foodorder.local.events import ApiContext, method_arn, proxy_event
from foodorder.local.http import (
    INTERNAL_SERVER_ERROR,
    MISSING_AUTHENTICATION_TOKEN,
    GatewayError,
    LocalRequest,
    LocalResponse,
    MalformedProxyResponse,
    proxy_response,
)
from foodorder.local.policy import ResultCache
from foodorder.local.resolve import LocalValues
from foodorder.local.routing import RouteMatch, match_route, same_segment, split_path
from foodorder.local.template import TEMPLATE_PATH
from foodorder.local.topology import CognitoAuthorizerSpec, Topology, load_topology
from foodorder.local.workers import Environments

log = logging.getLogger(__name__)


class Gateway:
    def __init__(
        self, topology: Topology, environments: Environments, values: LocalValues, keys: KeySource, cache: ResultCache
    ) -> None:
        self.topology = topology
        self._environments = environments
        self._values = values
        self._token = TokenAuthorizer(environments.invoke, cache)
        self._cognito = CognitoAuthorizer(values.cognito_endpoint, keys)

    @classmethod
    def from_template(
        cls,
        values: LocalValues,
        keys: KeySource,
        *,
        template: str | Path = TEMPLATE_PATH,
        sys_path: Sequence[str] = (),
        max_environments: int = 4,
        cache: ResultCache | None = None,
    ) -> Gateway:
        """Reads the template (TemplateError when it uses what cannot be honoured locally); starts no process yet.

        `sys_path` is prepended to each environment's sys.path, after the function's CodeUri."""
        topology = load_topology(values, template)
        environments = Environments(
            topology.functions,
            sys_path=sys_path,
            max_environments=max_environments,
            region_account=f"{values.region}:{values.account_id}",
        )
        return cls(topology, environments, values, keys, cache or ResultCache())

    def handle(self, request: LocalRequest) -> LocalResponse:
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
        authorizer = self._authorize(request, match, context)
        if isinstance(authorizer, GatewayError):
            return authorizer.response(request_id)
        function = match.route.function
        try:
            result = self._environments.invoke(function, proxy_event(request, match, context, authorizer))
            return proxy_response(result, request_id)
        except (FunctionError, MalformedProxyResponse) as error:
            log.error("%s failed (request %s): %s", function, request_id, error)
            return INTERNAL_SERVER_ERROR.response(request_id)

    def _authorize(self, request: LocalRequest, match: RouteMatch, context: ApiContext) -> Outcome | None:
        spec = match.route.authorizer
        if spec is None:
            return None
        token = header_value(request.headers, spec.header)
        if isinstance(spec, CognitoAuthorizerSpec):
            return self._cognito.authorize(spec, token)
        return self._token.authorize(spec, token, method_arn(context, request.method.upper(), match.path))

    def close(self) -> None:
        """Stops every execution environment."""
        self._environments.close()

    def __enter__(self) -> Gateway:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
