"""The house keeps its floors and its rooms readable: the platform imports no app, members
imports no app above it, no module imports one that imports it back, no module passes 800
lines. The floors' contract lives in pyproject.toml ([tool.importlinter]); ``make lint``
runs it too.

A circle (``services`` importing ``tasks`` importing ``services``) hides the order in
which things happen and breaks as soon as one side imports at the top; a function-local
import is a circle all the same, so every import counts here.
"""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS_ABOVE_PLATFORM = ("members", "governance", "hubs", "funding", "resources")
PACKAGES = ("scn_portal", *APPS_ABOVE_PLATFORM)
LONGEST_MODULE = 800


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, wherever the import stands (inside functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_platform_imports_no_app():
    offending = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / "scn_portal").rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] in APPS_ABOVE_PLATFORM
    )
    assert offending == []


def test_members_imports_no_app_that_stands_on_it():
    offending = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / "members").rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] in APPS_ABOVE_PLATFORM[1:]
    )
    assert offending == []


def test_the_import_contract_is_kept():
    """import-linter also follows indirect imports (a module that imports one that does)."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:]


def project_modules() -> dict[str, Path]:
    """Every module of the project's packages (migrations and demo data aside)."""
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts or "demo_data" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project's modules that ``name`` imports, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
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


def test_no_module_imports_one_that_imports_it_back():
    modules = project_modules()
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


def test_no_module_passes_800_lines():
    long = {
        name: length
        for name, path in project_modules().items()
        if (length := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST_MODULE
    }
    assert long == {}
