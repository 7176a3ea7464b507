"""The import rule of docs/architecture.md, checked on the source (no module is imported).

Every import in readiness_app/ counts, including those inside functions (the app imports
lazily to start fast, and a lazy upward import is still an upward dependency) and the
modules named in strings that are loaded by name (`"readiness_app.reports.bulletin:build"`
in the document registry, the command modules in `cli`). Imports under `if TYPE_CHECKING:`
are exempt: they never run and only name types.

Each first-level package (or root module) sits on a layer. The check fails on:
- an upward import: a package importing one on a higher layer;
- a cycle between first-level packages (siblings on one layer may use each other one way);
- a cycle between the parts of any package (its modules and subpackages), at every depth;
- a cycle between modules.
Packages are taken as they are on disk: nothing is relabelled and nothing is excepted.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "readiness_app"
SOURCE = Path(__file__).resolve().parents[2] / PACKAGE

# Lowest first. A module's layer is that of its first-level package (or root module).
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
    ("framework",),  # the CQC framework as data
    ("register",),  # the SQLite register: the only SQL
    ("evidence", "reports", "interop", "safety"),  # the areas
    # Opening a register (decrypt, check, back up, migrate: above register and safety) and
    # its settings (moving the evidence folder reconciles it: above register and evidence).
    ("opening", "setup"),
    # Named changes (a module per kind of record), the one way the window and the commands make them.
    ("operations",),
    ("demo",),  # builds the demo register and its evidence folder
    ("ui",),  # the desktop app (the only Qt)
    ("cli", "__main__"),  # the command line; the only thing that starts the desktop app
]

# A module named in a string, as importlib is given it: "pkg.module" or "pkg.module:function".
NAMED_MODULE = re.compile(rf"^{PACKAGE}(?:\.\w+)+(?::\w+)?$")


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


def _logger_names(tree: ast.AST) -> set[int]:
    """Strings given to get_logger: logger names, not modules to load."""
    return {
        id(arg)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "get_logger"
        for arg in node.args
    }


def _imports_in(tree: ast.AST, module: str, is_package: bool, modules: set[str]) -> Iterator[tuple[str, int]]:
    """Dotted targets of every import in a module: lazy ones and named ones included, TYPE_CHECKING ones not."""
    loggers = _logger_names(tree)
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
                # `from pkg import name`: the module pkg.name when there is one, else pkg itself.
                for alias in child.names:
                    named = f"{base}.{alias.name}"
                    yield (named if named in modules else base), child.lineno
            elif isinstance(child, ast.Constant) and isinstance(child.value, str) and id(child) not in loggers:
                if NAMED_MODULE.match(child.value):
                    yield child.value.partition(":")[0], child.lineno
            elif isinstance(child, ast.JoinedStr) and child.values:
                # f"readiness_app.register.{name}": some module of that package
                first = child.values[0]
                if isinstance(first, ast.Constant) and str(first.value).startswith(f"{PACKAGE}."):
                    yield str(first.value).rsplit(".", 1)[0], child.lineno
            stack.append(child)


def collect_imports(root: Path) -> list[Import]:
    """Imports from one module of the package at `root` to another."""
    modules = {_module_name(p, root) for p in root.rglob("*.py")}
    found = []
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for target, line in _imports_in(tree, module, path.name == "__init__.py", modules):
            if target in modules and target != module:
                found.append(Import(module, target, line))
    return found


def unit_of(module: str) -> str:
    """The first-level package (or root module) a module belongs to: `register`, `cli` ..."""
    parts = module.split(".")[1:]
    return parts[0] if parts else "__init__"


def layer_of(unit: str) -> int:
    for n, names in enumerate(LAYERS):
        if unit in names:
            return n
    return -1


def _packages(modules: Iterable[str], root: Path) -> set[str]:
    return {m for m in modules if (root.parent / m.replace(".", "/") / "__init__.py").exists()}


def problems(root: Path) -> list[str]:
    """Upward imports and cycles; empty when the tree keeps the rule."""
    imports = collect_imports(root)
    modules = {_module_name(p, root) for p in root.rglob("*.py")}
    found = [
        f"{unit} has no layer: give it one in LAYERS and in docs/architecture.md"
        for unit in sorted({unit_of(m) for m in modules})
        if layer_of(unit) < 0
    ]
    top: dict[str, set[str]] = {}
    for imp in imports:
        a, b = unit_of(imp.module), unit_of(imp.target)
        if a == b:
            continue
        top.setdefault(a, set()).add(b)
        if layer_of(b) > layer_of(a):
            found.append(f"upward import: {imp.module} line {imp.line} imports {imp.target} ({a} is below {b})")
    found += [f"cycle between packages: {' -> '.join(c)}" for c in _cycles(top)]
    # Inside every package: its modules and subpackages, each subpackage taken as one part.
    for package in sorted(_packages(modules, root)):
        depth = package.count(".") + 1
        parts: dict[str, set[str]] = {}
        for imp in imports:
            if imp.module.startswith(package + ".") and imp.target.startswith(package + "."):
                a = ".".join(imp.module.split(".")[: depth + 1])
                b = ".".join(imp.target.split(".")[: depth + 1])
                if a != b:
                    parts.setdefault(a.rsplit(".", 1)[1], set()).add(b.rsplit(".", 1)[1])
        found += [f"cycle between the parts of {package}: {' -> '.join(c)}" for c in _cycles(parts)]
    between_modules: dict[str, set[str]] = {}
    for imp in imports:
        between_modules.setdefault(imp.module, set()).add(imp.target)
    found += [f"cycle between modules: {' -> '.join(c)}" for c in _cycles(between_modules)]
    return found


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group (Tarjan's algorithm)."""
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


def test_the_app_imports_only_downward_and_has_no_cycles():
    assert problems(SOURCE) == []


def test_only_ui_imports_qt():
    outside = [
        f"{i.module} line {i.line}"
        for i in _all_imports(SOURCE)
        if i.target.split(".")[0] in {"PySide6", "shiboken6"} and unit_of(i.module) != "ui"
    ]
    assert outside == []


def test_the_documents_the_registry_names_exist():
    """The registry loads its builders by name: each name must be a module and function."""
    from readiness_app.reports import registry

    modules = {_module_name(p, SOURCE) for p in SOURCE.rglob("*.py")}
    for spec in registry.DOCUMENTS.values():
        module, _, function = spec.builder.partition(":")
        assert module in modules, spec.key
        path = SOURCE.parent / (module.replace(".", "/") + ".py")
        assert f"def {function or 'build'}(" in path.read_text(encoding="utf-8"), spec.key


def _all_imports(root: Path) -> list[Import]:
    found = []
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [Import(module, t, n) for t, n in _imports_in(tree, module, path.name == "__init__.py", set())]
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
    "logs.py": "def get_logger(name): ...\n",
    "framework/model.py": "from readiness_app.errors import ReadinessError\n",
    "register/connection.py": "from readiness_app.framework import model\n",
    "register/gaps.py": "from . import connection\n",
    "interop/xlsx.py": "import readiness_app.register.connection\n",
    "interop/visit_exports.py": "from readiness_app.register import gaps\nfrom readiness_app.interop import xlsx\n",
    "interop/importers/base.py": "from readiness_app.interop import xlsx\n",
    "interop/importers/cases.py": "from .base import *\n",
    "reports/registry.py": 'BUILDERS = ["readiness_app.reports.bulletin:build"]\n',
    "reports/bulletin.py": "from readiness_app.register import gaps\nfrom readiness_app.interop import xlsx\n",
    "safety/integrity.py": "from readiness_app.register import connection\n",
    "safety/backup.py": "from readiness_app.register.connection import *\nfrom readiness_app.safety import integrity\n",
    "opening.py": "from readiness_app.register import connection\nfrom readiness_app.safety import backup\n",
    "cli/common.py": "from readiness_app import opening\n",
    "cli/visit.py": "from readiness_app.cli import common\nfrom readiness_app.interop import visit_exports\n",
    "cli/__init__.py": 'COMMANDS = ("readiness_app.cli.visit",)\n\ndef gui():\n    from readiness_app.ui import app\n',
    "ui/app.py": (
        "from readiness_app import opening\nfrom readiness_app.interop import visit_exports\n"
        "from readiness_app.logs import get_logger\nlog = get_logger('readiness_app.ui')\n"
    ),
    "ui/__init__.py": "from readiness_app.ui import app\n",
}


def test_checker_passes_a_tree_that_keeps_the_rule(tmp_path):
    assert problems(_tree(tmp_path, CLEAN)) == []


@pytest.mark.parametrize(
    ("module", "text", "expected"),
    [
        # a lazy import inside a function counts
        ("register/gaps.py", "def f():\n    from readiness_app.interop import visit_exports\n", "upward import"),
        ("framework/model.py", "import readiness_app.register.connection\n", "upward import"),
        ("errors.py", "from readiness_app.framework import model\n", "upward import"),
        ("safety/backup.py", "from readiness_app.opening import x\n", "upward import"),
        ("interop/visit_exports.py", "from readiness_app.cli import gui\n", "upward import"),
        ("ui/app.py", "from readiness_app.cli.common import open_from_args\n", "upward import"),
        ("demo/build.py", "from readiness_app.ui import app\n", "upward import"),
        # a module loaded by name is an import too
        ("register/gaps.py", 'WRITER = "readiness_app.interop.visit_exports:write"\n', "upward import"),
        ("register/gaps.py", 'def f(n):\n    return f"readiness_app.interop.{n}"\n', "upward import"),
        # a relative import is resolved before it is judged
        ("register/gaps.py", "from ..safety import backup\n", "upward import"),
        # areas may use each other, but not both ways round
        (
            "interop/visit_exports.py",
            "from readiness_app.reports import registry\n",
            "cycle between packages: interop -> reports",
        ),
        # a runtime loop between two modules of one package
        ("safety/integrity.py", "def f():\n    from readiness_app.safety.backup import x\n", "cycle between modules"),
        # a loop between a subpackage and its neighbour
        (
            "interop/xlsx.py",
            "def f():\n    from readiness_app.interop.importers import cases\n",
            "cycle between the parts of readiness_app.interop: importers -> xlsx",
        ),
        # a package's __init__ that its own modules import back
        ("cli/common.py", "from readiness_app.cli import COMMANDS\n", "cycle between modules"),
        # a package that has no layer
        ("tools/x.py", "", "has no layer"),
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
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from readiness_app.interop import visit_exports\n"
    )
    assert problems(_tree(tmp_path, files)) == []
