"""EventBridge in template.yaml: the event buses (AWS::Events::EventBus, and the account's `default` bus) and the
rules that SAM builds from each function's EventBridgeRule events, with their patterns as written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from samlocal.template.intrinsics import Resolver, TemplateError

DEFAULT_BUS = "default"
EVENT_BUS_TYPE = "AWS::Events::EventBus"
RULE_EVENT_TYPE = "EventBridgeRule"
_RULE_PROPERTIES = frozenset({"EventBusName", "Pattern", "RuleName", "State"})
_STATES = frozenset({"ENABLED", "DISABLED"})


@dataclass(frozen=True)
class RuleSpec:
    name: str
    bus: str
    pattern: Mapping[str, Any]
    function: str
    enabled: bool = True


@dataclass(frozen=True)
class EventRules:
    """The buses by name, and the rules of each."""

    buses: frozenset[str] = frozenset({DEFAULT_BUS})
    rules: tuple[RuleSpec, ...] = field(default=())

    def on(self, bus: str) -> tuple[RuleSpec, ...]:
        return tuple(rule for rule in self.rules if rule.bus == bus and rule.enabled)


def load_rules(template: Mapping[str, Any], resolver: Resolver, functions: Mapping[str, Any]) -> EventRules:
    resources: Mapping[str, Any] = template["Resources"]
    # Ref of a bus is its Name.
    buses = {DEFAULT_BUS} | {resolver.ref(name) for name, r in resources.items() if r.get("Type") == EVENT_BUS_TYPE}
    rules = [
        _rule(function, event_name, event.get("Properties", {}), buses, resolver)
        for function in functions
        for event_name, event in resources[function].get("Properties", {}).get("Events", {}).items()
        if event.get("Type") == RULE_EVENT_TYPE
    ]
    return EventRules(frozenset(buses), tuple(rules))


def _rule(function: str, event: str, properties: Any, buses: set[str], resolver: Resolver) -> RuleSpec:
    where = f"{function} event {event}"
    if not isinstance(properties, Mapping):
        raise TemplateError(f"{where}: Properties must be a mapping")
    unknown = set(properties) - _RULE_PROPERTIES
    if unknown:
        raise TemplateError(f"{where}: {sorted(unknown)} not supported locally")
    bus = resolver.string(properties.get("EventBusName", DEFAULT_BUS)).rsplit("event-bus/", 1)[-1]
    if bus not in buses:
        raise TemplateError(f"{where}: EventBusName {bus} is not a bus of the template")
    pattern = properties.get("Pattern")
    if not isinstance(pattern, Mapping) or not pattern:
        raise TemplateError(f"{where}: Pattern must be a non-empty event pattern")
    state = properties.get("State", "ENABLED")
    if state not in _STATES:
        raise TemplateError(f"{where}: State {state!r} is not ENABLED or DISABLED")
    # SAM names the rule after the function and the event when RuleName is not given.
    name = resolver.string(properties.get("RuleName", f"{function}{event}"))
    return RuleSpec(name, bus, pattern, function, state == "ENABLED")
