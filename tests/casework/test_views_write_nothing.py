"""Views parse input and call services: no casework view writes a model itself, nor names a status by its string.

A scan of casework/views (as tests/casework/test_status_booleans.py is for the templates' statuses): every change
goes through one service function that checks, writes, records the timeline and the audit, and notifies.
"""

import ast
from pathlib import Path

import pytest

VIEWS = Path(__file__).resolve().parents[2] / "casework" / "views"
WRITES = {"save", "update", "create", "delete", "update_or_create", "get_or_create", "bulk_create", "bulk_update"}
WRITES |= {"set", "add", "remove", "clear", "save_m2m", "set_participants", "mark_handled"}


def _imported_modules(tree):
    """Names bound to modules by `from package import module` / `import module` (services: transfers.create...)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.asname or alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module in ("casework", "portal", "appointments"):
            names |= {alias.asname or alias.name for alias in node.names}
    return names


def _is_string(node):
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def offences(source, name="view.py"):
    tree = ast.parse(source)
    modules = _imported_modules(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
            receiver = node.func.value
            service_call = isinstance(receiver, ast.Name) and receiver.id in modules
            unsaved_form = node.func.attr == "save" and any(
                k.arg == "commit" and isinstance(k.value, ast.Constant) and k.value.value is False
                for k in node.keywords
            )
            session_or_dict = isinstance(receiver, ast.Attribute) and receiver.attr in ("session", "GET", "POST")
            if not (service_call or unsaved_form or session_or_dict):
                found.append(f"{name}:{node.lineno} writes with .{node.func.attr}()")
        if isinstance(node, ast.Call):
            found += [
                f"{name}:{node.lineno} status={kw.value.value!r}"
                for kw in node.keywords
                if kw.arg and kw.arg.startswith("status") and _is_string(kw.value)
            ]
        if isinstance(node, ast.Assign) and _is_string(node.value):
            found += [
                f"{name}:{node.lineno} sets status to {node.value.value!r}"
                for target in node.targets
                if isinstance(target, ast.Attribute) and target.attr == "status"
            ]
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) and node.left.attr == "status":
            if any(_is_string(c) for c in node.comparators):
                found.append(f"{name}:{node.lineno} compares a status with a string")
    return found


def test_no_casework_view_writes_a_model_or_names_a_status_by_its_string():
    found = []
    for path in sorted(VIEWS.rglob("*.py")):
        found += offences(path.read_text(encoding="utf-8"), str(path.relative_to(VIEWS)))
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "def v(request, action):\n    action.save()\n",
        "def v(request, case):\n    CaseNote.objects.create(case=case)\n",
        "def v(request, case):\n    case.roadmap.update(status=ActionStatus.DONE)\n",
        "def v(request, plan):\n    plan.status = 'done'\n",
        "def v(request, case):\n    case.roadmap.exclude(status='abandoned')\n",
        "def v(request, item):\n    if item.status == 'new':\n        pass\n",
        "def v(request, form):\n    form.save_m2m()\n",
    ],
)
def test_the_scan_finds_a_direct_write(source):
    assert offences(source)


@pytest.mark.parametrize(
    "source",
    [
        "from casework import transfers\ndef v(request, t):\n    transfers.update(t, request.user)\n",
        "from portal import drafts\ndef v(request):\n    drafts.save(request.user, 'k', 'b')\n",
        "def v(request, form):\n    form.save(commit=False)\n",
        "def v(request):\n    request.session.update({})\n",
    ],
)
def test_the_scan_lets_services_drafts_and_unsaved_forms_through(source):
    assert offences(source) == []
