"""The house keeps its floors: the platform imports no app, members imports no app above
it. The contract lives in pyproject.toml ([tool.importlinter]); ``make lint`` runs it too.
"""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS_ABOVE_PLATFORM = ("members", "governance", "hubs", "funding", "resources")


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
