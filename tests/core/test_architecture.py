"""The import rule of docs/architecture.md, checked on the source (no module is imported).

Every `import` and `from ... import` in readiness_app/ counts, including those inside
functions (the app imports lazily to start fast, and a lazy upward import is still an
upward dependency). Imports under `if TYPE_CHECKING:` are exempt: they never run and
only name types. Each module is placed on a layer; a module may import its own layer's
package, any lower layer, and a sibling package on its own layer as long as no cycle
between packages results.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "readiness_app"
SOURCE = Path(__file__).resolve().parents[2] / PACKAGE

# Lowest first. A module's layer is that of its first-level package (or, at the package
# root, of the module itself); `*` is the layer of any other root module.
LAYERS: list[tuple[str, ...]] = [
    (
        "errors",
        "paths",
        "logs",
        "values",
        "output_files",
        "clock",
        "machine_settings",
        "__init__",
    ),  # the bottom: no package of the app
    ("framework",),
    ("register",),
    ("evidence", "reports", "interop", "safety", "visit", "preparation"),  # the areas
    # Opening a register (decrypt, check, back up, migrate: above register and safety) and
    # its settings (moving the evidence folder reconciles it: above register and evidence).
    ("opening", "setup"),
    ("commandline",),
    ("commands",),  # each area's commands.py
    ("demo", "demo_content", "demo_files", "demo_timetable", "demo_return"),
    ("ui",),
    ("cli", "__main__"),
]
AREAS = set(LAYERS[3])
COMMAND_LINE = {"commandline", "commands", "cli"}  # what the desktop app never imports

# Imports that break the rule today, each with who removes it. The test fails when one of
# them is gone, so the list cannot outlive the problem.
KNOWN: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    target: str  # the imported module, dotted
    line: int


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports_in(tree: ast.AST, module: str, is_package: bool) -> Iterator[tuple[str, int]]:
    """Dotted targets of every import in a module, lazy ones included, TYPE_CHECKING ones not."""
    stack = [tree]
    while stack:
        node = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking_only(child):
                stack.extend(child.orelse)  # only the `else:` branch runs
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, child.lineno
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:  # relative: resolve against this module's package
                    package = module.split(".")
                    if not is_package:
                        package = package[:-1]
                    package = package[: len(package) - (child.level - 1)]
                    base = ".".join([*package, *([base] if base else [])])
                # `from pkg import name` may name a module of pkg: count both.
                yield base, child.lineno
                for alias in child.names:
                    yield f"{base}.{alias.name}", child.lineno
            stack.append(child)


def collect_imports(root: Path) -> list[Import]:
    """Imports from one module of the package at `root` to another."""
    modules = {_module_name(p, root) for p in root.rglob("*.py")}
    found = []
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for target, line in _imports_in(tree, module, path.name == "__init__.py"):
            if target in modules and target != module:
                found.append(Import(module, target, line))
    return found


def unit_of(module: str) -> str:
    """The package-level unit a module belongs to: `register`, `cli`, `commands` ..."""
    parts = module.split(".")[1:]
    if not parts:
        return "__init__"
    if parts[0] in AREAS | {"setup"} and parts[-1].endswith("commands"):  # commands.py, case_commands.py ...
        return "commands"
    return parts[0]


def layer_of(unit: str) -> int:
    for n, names in enumerate(LAYERS):
        if unit in names:
            return n
    return 0  # any other module at the package root is bottom layer


def problems(root: Path, known: dict[tuple[str, str], str] | None = None) -> list[str]:
    """Upward imports and cycles between packages; empty when the tree keeps the rule."""
    known = known or {}
    found: list[str] = []
    edges: dict[str, set[str]] = {}
    for imp in collect_imports(root):
        a, b = unit_of(imp.module), unit_of(imp.target)
        if a == b or (a, b) in known:
            continue
        edges.setdefault(a, set()).add(b)
        if layer_of(b) > layer_of(a):
            where = f"{imp.module} line {imp.line}"
            found.append(f"upward import: {where} imports {imp.target} ({a} is below {b})")
        if b == "ui" and a != "cli":
            found.append(f"only cli may start the desktop app: {imp.module} line {imp.line} imports {imp.target}")
        if a == "ui" and b in COMMAND_LINE:
            found.append(
                f"the desktop app stands on the areas, not the command line: {imp.module} imports {imp.target}"
            )
    found += [f"cycle between packages: {' -> '.join(c)}" for c in _cycles(edges)]
    return found


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of packages (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group) + [sorted(group)[0]])

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


# ---------------------------------------------------------------- the app


def test_the_app_imports_only_downward_and_has_no_package_cycles():
    assert problems(SOURCE, KNOWN) == []


def test_the_known_exceptions_still_exist():
    """When a listed upward import is removed, remove it from KNOWN too."""
    edges = {(unit_of(i.module), unit_of(i.target)) for i in collect_imports(SOURCE)}
    assert [pair for pair in KNOWN if pair not in edges] == []


def test_only_ui_imports_qt():
    outside = [
        f"{i.module} line {i.line}"
        for i in _all_imports(SOURCE, external=True)
        if i.target.split(".")[0] in {"PySide6", "shiboken6"} and unit_of(i.module) != "ui"
    ]
    assert outside == []


def _all_imports(root: Path, external: bool) -> list[Import]:
    found = []
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [Import(module, t, n) for t, n in _imports_in(tree, module, path.name == "__init__.py")]
    return found


# ---------------------------------------------------------------- the checker itself


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / PACKAGE
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        (folder / "__init__.py").touch()
    return root


CLEAN = {
    "errors.py": "class ReadinessError(Exception): ...\n",
    "framework/model.py": "from readiness_app.errors import ReadinessError\n",
    "register/connection.py": "from readiness_app.framework import model\n",
    "register/gaps.py": "from . import connection\n",
    "visit/exports.py": "from readiness_app.register import gaps\nfrom readiness_app import interop\n",
    "interop/xlsx.py": "import readiness_app.register.connection\n",
    "opening.py": "from readiness_app.register import connection\nfrom readiness_app.safety import backup\n",
    "safety/backup.py": "from readiness_app.register.connection import *\n",
    "commandline.py": "from readiness_app import opening\n",
    "visit/commands.py": "from readiness_app import commandline\nfrom readiness_app.visit import exports\n",
    "ui/app.py": "from readiness_app import opening\nfrom readiness_app.visit import exports\n",
    "cli.py": "def gui():\n    from readiness_app.ui import app\n",
}


def test_checker_passes_a_tree_that_keeps_the_rule(tmp_path):
    assert problems(_tree(tmp_path, CLEAN)) == []


@pytest.mark.parametrize(
    ("module", "text", "expected"),
    [
        # a lazy import inside a function counts
        ("register/gaps.py", "def f():\n    from readiness_app.visit import exports\n", "upward import"),
        ("framework/model.py", "import readiness_app.register.connection\n", "upward import"),
        ("errors.py", "from readiness_app.framework import model\n", "upward import"),
        ("safety/backup.py", "from readiness_app.opening import x\n", "upward import"),
        ("visit/exports.py", "from readiness_app.cli import gui\n", "upward import"),
        ("visit/commands.py", "from readiness_app.ui import app\n", "only cli may start"),
        ("ui/app.py", "from readiness_app.commandline import open_from_args\n", "not the command line"),
        ("ui/app.py", "from readiness_app.visit.commands import add_commands\n", "not the command line"),
        # a relative import is resolved before it is judged
        ("register/gaps.py", "from ..safety import backup\n", "upward import"),
        # areas may use each other, but not both ways round
        ("interop/xlsx.py", "from readiness_app.visit import exports\n", "cycle between packages: interop -> visit"),
    ],
)
def test_checker_fails_on_an_injected_upward_import_or_cycle(tmp_path, module, text, expected):
    files = dict(CLEAN)
    files[module] = files.get(module, "") + text
    found = problems(_tree(tmp_path, files))
    assert any(expected in p for p in found), found


def test_type_checking_imports_are_exempt(tmp_path):
    files = dict(CLEAN)
    files["register/gaps.py"] = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from readiness_app.visit import exports\n"
    )
    assert problems(_tree(tmp_path, files)) == []
