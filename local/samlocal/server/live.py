"""What a saved change does to the running stack.

Code under a function's CodeUri: the function's execution environments are replaced, so its next invocation runs
the new code while invocations in flight finish on the old. template.yaml or the env-vars file: routes,
authorizers, function environments and event rules are reloaded; a change that cannot be applied live (an invalid
template or event pattern, new user-pool settings) is one warning line, and the previous template goes on being
served."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from samlocal.apigw.gateway import Gateway
from samlocal.events.bus import check_rules
from samlocal.identity import IdentityProvider
from samlocal.identity.pool import load_pool_settings
from samlocal.server.outputs import local_values, stack_outputs, write_outputs
from samlocal.server.reload import Watcher
from samlocal.template.envvars import EnvVars
from samlocal.template.loader import load_template
from samlocal.template.topology import Topology, load_topology

log = logging.getLogger("samlocal.reload")


class LiveTemplate:
    def __init__(
        self,
        template: Path,
        env_vars: Path | None,
        gateway: Gateway,
        provider: IdentityProvider,
        endpoint: str,
        state_dir: Path,
    ) -> None:
        self._template = template
        self._env_vars = env_vars
        self._gateway = gateway
        self._provider = provider
        self._endpoint = endpoint
        self._state_dir = state_dir
        self._lock = threading.Lock()
        configs = [template] if env_vars is None else [template, env_vars]
        self._watcher = Watcher(self._code_uris(), configs, self.code_changed, self.config_changed)

    def _code_uris(self) -> dict[str, Path]:
        return {name: spec.code_uri for name, spec in self._gateway.topology.functions.items()}

    def start(self) -> None:
        self._watcher.start()

    def stop(self) -> None:
        self._watcher.stop()

    def code_changed(self, functions: set[str]) -> None:
        self._gateway.invoker.refresh(functions)
        log.info("code changed: the next invocation of %s runs it", ", ".join(sorted(functions)))

    def config_changed(self) -> None:
        with self._lock:
            try:
                template = load_template(self._template)
                if load_pool_settings(template) != self._provider.settings:
                    log.warning(
                        "%s changes the user pool, which cannot change while the stack runs: restart it to apply "
                        "the change; still serving the previous template",
                        self._template,
                    )
                    return
                values = local_values(template, self._provider, self._endpoint)
                env_vars = EnvVars.load(self._env_vars) if self._env_vars else None
                topology = load_topology(values, self._template, env_vars)
                # The check the stack makes at start: a pattern EventBridge would refuse keeps the old template.
                check_rules(topology.events.rules)
                outputs = stack_outputs(template, values)
            except Exception as error:  # whatever is wrong with the new file, the running stack keeps its old one
                reason = " ".join(str(error).split())  # YAML errors span lines; the user gets one
                log.warning("%s not applied (%s); still serving the previous template", self._template, reason)
                return
            self._gateway.reload(topology)
            write_outputs(self._state_dir, outputs)
            self._watcher.follow(self._code_uris())
            for warning in topology.warnings:
                log.warning("%s", warning)
            log.info("%s reloaded: %d routes, %d functions", self._template, _routes(topology), len(topology.functions))


def _routes(topology: Topology) -> int:
    return sum(len(api.routes) for api in topology.apis.values())
