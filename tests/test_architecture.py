"""The import directions of docs/architecture.md § 2: from the specific apps toward the foundation, never back."""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
APPS = ("portal", "home", "casework", "messaging")

# What each app must not import, and the wiring files allowed to (docs/architecture.md § 2).
FORBIDDEN = {
    "portal": {"home", "casework", "messaging"},
    "home": {"casework", "messaging"},
    "casework": {"messaging"},
    "messaging": {"home"},
}
# The wiring, and the demo loaders (they fill every app with demo data; nothing at run time imports them).
WIRING = {Path("portal/routing.py"), Path("home/demo.py"), Path("home/demo_content.py")}


def imported_apps(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):  # function-level imports included
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in APPS:
                yield node.lineno, top


def sources(app):
    return sorted(path for path in (REPO / app).rglob("*.py") if "migrations" not in path.parts)


@pytest.mark.parametrize("app", APPS)
def test_app_imports_only_toward_the_foundation(app):
    wrong = []
    for path in sources(app):
        relative = path.relative_to(REPO)
        if relative in WIRING:
            continue
        wrong += [f"{relative}:{line} importe {top}" for line, top in imported_apps(path) if top in FORBIDDEN[app]]
    assert wrong == []


def test_the_check_sees_a_forbidden_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def f():\n    from messaging.models import Message\n")
    assert list(imported_apps(module)) == [(2, "messaging")]
