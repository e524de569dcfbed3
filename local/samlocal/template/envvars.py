"""What differs locally, in the format of `sam local start-api --env-vars`:

    {"Parameters": {"NAME": "value", ...}, "<FunctionLogicalId>": {"NAME": "value", ...}}

As sam local does, a value replaces only a variable the function already declares (in its own Environment or in
Globals); one it does not declare is ignored, and reported. A function's own entry wins over Parameters.

One addition to sam's format: a value may name a variable of the environment the stack starts in as `${NAME}`, so
that a path can follow the stack's state directory (`${STATE_DIR}`, which the stack always sets)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from samlocal.template.intrinsics import TemplateError

SHARED = "Parameters"
_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class EnvVars:
    shared: Mapping[str, str] = field(default_factory=dict)
    per_function: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path, environ: Mapping[str, str] = os.environ) -> EnvVars:
        try:
            document = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise TemplateError(f"env-vars file {path}: {error}") from None
        return cls.parse(document, environ, source=str(path))

    @classmethod
    def parse(cls, document: Any, environ: Mapping[str, str] = os.environ, source: str = "env-vars") -> EnvVars:
        if not isinstance(document, Mapping):
            raise TemplateError(f"{source}: must be a JSON object of objects")
        sections = {str(name): _section(source, str(name), values, environ) for name, values in document.items()}
        shared = sections.pop(SHARED, {})
        return cls(shared, sections)

    def overrides(self, function: str, declared: Iterable[str]) -> tuple[dict[str, str], list[str]]:
        """The values that replace `function`'s declared variables, and the names given for it that it does not
        declare (ignored, as sam local ignores them)."""
        wanted = {**self.shared, **self.per_function.get(function, {})}
        known = set(declared)
        applied = {name: value for name, value in wanted.items() if name in known}
        ignored = sorted(name for name in self.per_function.get(function, {}) if name not in known)
        return applied, ignored

    def unknown_functions(self, functions: Iterable[str]) -> list[str]:
        return sorted(set(self.per_function) - set(functions))


def _section(source: str, name: str, values: Any, environ: Mapping[str, str]) -> dict[str, str]:
    if not isinstance(values, Mapping):
        raise TemplateError(f"{source}: {name} must be an object of variable names to values")
    return {str(key): _expand(source, f"{name}.{key}", _scalar(source, f"{name}.{key}", value), environ)
            for key, value in values.items()}  # fmt: skip


def _scalar(source: str, where: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise TemplateError(f"{source}: {where} must be a string, number or boolean")


def _expand(source: str, where: str, value: str, environ: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in environ:
            raise TemplateError(f"{source}: {where} names ${{{name}}}, which is not set")
        return environ[name]

    return _REFERENCE.sub(replace, value)
