"""Architecture checks that import-linter cannot make (docs/architecture.md § 2).

The import directions themselves (apps in layers, casework's modules without cycles) are import-linter's contracts
in pyproject.toml, run by `make lint`. Here: nothing hides an import from it (no module path built from a string),
only migrations and demo loaders are exempted from the contracts, and no function is longer than 60 lines.
"""

import ast
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
APPS = ("portal", "home", "casework", "appointments", "messaging")
MAX_LINES = 60
# Functions still over the limit, each to be split; the list may only shrink (a split function must leave it).
STILL_LONG = set()
# Exempted: migrations (history) and the demo loaders (data, run by manage.py load_demo only).
EXEMPT_NAMES = {"demo.py"}


def sources(app):
    return sorted(
        path for path in (REPO / app).rglob("*.py") if "migrations" not in path.parts and path.name not in EXEMPT_NAMES
    )


def all_sources():
    return [path for app in APPS for path in sources(app)]


def dynamic_imports(path):
    """Lines calling import_module()/import_string()/__import__() with a literal module path."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name in {"import_module", "import_string", "__import__"} and node.args:
            if isinstance(node.args[0], ast.Constant | ast.JoinedStr):
                yield node.lineno


def long_functions(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_LINES:
                yield node.name, length


def guarded_imports(path):
    """Lines of a first-party import inside `try:` whose handler catches ImportError: every app is always installed,
    so such a guard only hides a broken import (portal.privacy once did it for home's contact requests)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try):
            continue
        caught = {ast.unparse(handler.type) for handler in node.handlers if handler.type is not None}
        if not any("ImportError" in name or "ModuleNotFoundError" in name for name in caught):
            continue
        for statement in node.body:
            for inner in ast.walk(statement):
                module = inner.module if isinstance(inner, ast.ImportFrom) else None
                names = [alias.name for alias in inner.names] if isinstance(inner, ast.Import) else [module or ""]
                if isinstance(inner, ast.Import | ast.ImportFrom) and any(n.split(".")[0] in APPS for n in names):
                    yield inner.lineno


def test_no_first_party_import_guarded_by_import_error():
    found = [f"{path.relative_to(REPO)}:{line}" for path in all_sources() for line in guarded_imports(path)]
    assert found == []


def test_the_check_sees_a_guarded_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "try:\n    from home.models import purge\nexcept ImportError:\n    purge = None\n"
        "try:\n    import weasyprint\nexcept ImportError:\n    weasyprint = None\n"
    )
    assert list(guarded_imports(module)) == [2]


def test_portal_registers_no_app_by_name():
    """portal.privacy knows no app: each registers its own models from its AppConfig.ready() (docstrings aside)."""
    labels = ("casework.", "home.", "messaging.", "appointments.", "evaluation.")
    found = []
    for path in sorted((REPO / "portal" / "privacy").glob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and node.body
            if isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                if node.value.lower().startswith(labels):
                    found.append(f"{path.relative_to(REPO)}:{node.lineno} {node.value}")
    assert found == []


# The only first-party imports allowed inside a function: an app's AppConfig loads before its models (and the other
# apps'), so what registers panels, signals and household data is imported in ready(), and the demo loader in
# load_demo() (run by manage.py load_demo only). Everything else imports at the top of its module.
ALLOWED_LOCAL_IMPORTS = {("apps.py", "ready"), ("apps.py", "load_demo")}


def local_imports(path):
    """(function, line, module) for each first-party import inside a function."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                modules = [node.module or ""]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                if module.split(".")[0] in APPS:
                    yield function.name, node.lineno, module


def test_first_party_imports_at_the_top_of_modules():
    found = [
        f"{path.relative_to(REPO)}:{line} {module} (in {function})"
        for path in all_sources()
        for function, line, module in local_imports(path)
        if (path.name, function) not in ALLOWED_LOCAL_IMPORTS
    ]
    assert found == []


def test_the_check_sees_a_local_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("import json\n\ndef f():\n    import csv\n    from portal.models import User\n    return User\n")
    assert list(local_imports(module)) == [("f", 5, "portal.models")]


def test_no_module_path_built_from_a_string():
    found = [f"{path.relative_to(REPO)}:{line}" for path in all_sources() for line in dynamic_imports(path)]
    assert found == []


def test_the_check_sees_a_dynamic_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("from importlib import import_module\nimport_module(f'{name}.demo')\nimport_module(setting)\n")
    assert list(dynamic_imports(module)) == [2]


def test_contracts_exempt_only_migrations_and_demo_loaders():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]
    assert set(config["root_packages"]) == set(APPS)
    types = {contract["type"] for contract in config["contracts"]}
    assert {"layers", "acyclic_siblings"} <= types
    for contract in config["contracts"]:
        for expression in contract.get("ignore_imports", []):
            importer = expression.split("->")[0].strip()
            assert ".migrations." in importer or importer.split(".")[-1] == "demo", expression


def test_no_function_over_60_lines():
    found = {
        (str(path.relative_to(REPO)), name): length for path in all_sources() for name, length in long_functions(path)
    }
    assert set(found) - STILL_LONG == set(), found
    assert STILL_LONG - set(found) == set(), "split: remove it from STILL_LONG"


def test_the_check_sees_a_long_function(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def long():\n" + "    x = 1\n" * MAX_LINES + "\n\ndef short():\n    return 1\n")
    assert list(long_functions(module)) == [("long", MAX_LINES + 1)]


@pytest.mark.parametrize("app", APPS)
def test_every_app_is_in_the_contract(app):
    layers = next(
        contract["layers"]
        for contract in tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
        if contract["type"] == "layers"
    )
    assert any(app in layer.replace(":", " ").replace("|", " ").split() for layer in layers)
