"""Reading template.yaml: YAML with CloudFormation's short-form tags turned into their long forms.

`!Ref X` becomes {"Ref": "X"}, `!GetAtt A.B` becomes {"Fn::GetAtt": ["A", "B"]}, `!Sub s` becomes
{"Fn::Sub": s}, and so on, exactly as CloudFormation reads them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# Where `sam` looks too: template.yaml in the working directory.
DEFAULT_TEMPLATE = Path("template.yaml")

_FUNCTIONS = (
    "And", "Base64", "Cidr", "Equals", "FindInMap", "GetAZs", "If", "ImportValue",
    "Join", "Not", "Or", "Select", "Split", "Sub", "Transform",
)  # fmt: skip


try:
    # libyaml's loader when PyYAML was built with it: the same safe subset, parsed about ten times faster.
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML's wheels all bundle libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _TemplateLoader(_SafeLoader):
    """The safe loader plus the CloudFormation tags; a loader of its own so the global one is untouched."""


def _node_value(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    assert isinstance(node, yaml.MappingNode)
    return loader.construct_mapping(node, deep=True)


def _function(name: str) -> Any:
    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
        return {f"Fn::{name}": _node_value(loader, node)}

    return construct


def _ref(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
    return {"Ref": _node_value(loader, node)}


def _condition(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
    return {"Condition": _node_value(loader, node)}


def _get_att(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
    value = _node_value(loader, node)
    if isinstance(value, str):
        value = value.split(".", 1)
    return {"Fn::GetAtt": value}


_TemplateLoader.add_constructor("!Ref", _ref)
_TemplateLoader.add_constructor("!Condition", _condition)
_TemplateLoader.add_constructor("!GetAtt", _get_att)
for _name in _FUNCTIONS:
    _TemplateLoader.add_constructor(f"!{_name}", _function(_name))


def load_template(path: str | Path = DEFAULT_TEMPLATE) -> dict[str, Any]:
    with Path(path).open(encoding="utf-8") as stream:
        document = yaml.load(stream, Loader=_TemplateLoader)  # noqa: S506 - a SafeLoader subclass
    if not isinstance(document, dict) or "Resources" not in document:
        raise ValueError(f"{path} is not a CloudFormation template")
    return document
