"""The members app keeps its layout: no import circles, no module too long to read.

A circle (``services`` importing ``tasks`` importing ``services``) hides the order in
which things happen and breaks as soon as one side imports at the top; a function-local
import is a circle all the same, so every import counts here.
"""

import ast
from pathlib import Path

import members

APP = Path(members.__file__).resolve().parent
LONGEST_MODULE = 800


def app_modules() -> dict[str, Path]:
    modules = {}
    for path in APP.rglob("*.py"):
        parts = path.relative_to(APP.parent).with_suffix("").parts
        if "migrations" in parts or "demo_data" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The app's modules that ``name`` imports, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def test_no_module_of_members_imports_one_that_imports_it_back():
    modules = app_modules()
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            current = todo.pop()
            if current == goal:
                return True
            if current not in seen:
                seen.add(current)
                todo.extend(graph[current])
        return False

    circles = sorted(
        f"{name} -> {target}"
        for name, targets in graph.items()
        for target in targets
        if reaches(target, name)
    )
    assert circles == []


def test_no_module_of_members_passes_800_lines():
    long = {
        name: length
        for name, path in app_modules().items()
        if (length := len(path.read_text().splitlines())) > LONGEST_MODULE
    }
    assert long == {}


def test_the_services_package_re_exports_nothing():
    """Callers import the sub-module that does the work: ``members.services.applications``."""
    tree = ast.parse((APP / "services" / "__init__.py").read_text())
    assert not [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
