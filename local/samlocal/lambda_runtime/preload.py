"""Which modules the fork server should load: those the functions' code imports from outside itself."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

# Names the modules to preload, for zygote.py in the fork server, which inherits the stack's environment.
PRELOAD_VARIABLE = "SAMLOCAL_PRELOAD"


def imported_modules(code_dirs: Iterable[Path]) -> list[str]:
    """Every absolute module the Python files under `code_dirs` import (and, for `from a import b`, `a.b` in case
    `b` is a module), except the code's own packages and modules."""
    names: set[str] = set()
    own: set[str] = set()
    for directory in set(code_dirs):
        own |= {path.stem if path.suffix == ".py" else path.name for path in directory.iterdir()}
        for path in directory.rglob("*.py"):
            names |= _imports(path)
    return sorted(name for name in names if name.split(".")[0] not in own | {"__future__"})


def _imports(path: Path) -> set[str]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (SyntaxError, UnicodeDecodeError, OSError):
        return set()  # the environment that imports it reports the error
    collector = _Imports()
    collector.visit(tree)
    return collector.names


class _Imports(ast.NodeVisitor):
    """Import statements, leaving out those under `if TYPE_CHECKING:`, which never run."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        name = test.id if isinstance(test, ast.Name) else test.attr if isinstance(test, ast.Attribute) else ""
        for child in node.orelse if name == "TYPE_CHECKING" else [*node.body, *node.orelse]:
            self.visit(child)

    def visit_Import(self, node: ast.Import) -> None:
        self.names |= {alias.name for alias in node.names}

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module:
            self.names.add(node.module)
            self.names |= {f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*"}
