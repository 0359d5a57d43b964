"""Migration history survives moving code: no migration imports project code, and the recorded history still matches.

The whole suite migrates an empty database first (SQLite, and PostgreSQL when DATABASE_URL names one: .ci/run runs
both); these tests add what that does not show: a database migrated before `appointments` left `casework/` records
the same (app label, name) rows, so `showmigrations` there is identical and nothing is left to apply; and a
database holding contact requests from before `ContactRequest` moved from `home` to `casework` keeps them.
"""

import ast
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from casework.models import ContactRequest

REPO = Path(__file__).resolve().parent.parent
FIRST_PARTY = {"portal", "home", "casework", "appointments", "messaging"}
# Field classes, managers and callables that Django's autodetector writes into migrations by their path: their names
# are stable parts of the models' API. Anything else (helpers, constants, other migrations) is copied instead.
FIELD_REFERENCES = {"portal.crypto", "portal.models", "casework.models", "messaging.models"}
# The appointments migrations as they were recorded when the app still lived at casework/appointments.
RECORDED_BEFORE_THE_MOVE = {
    ("appointments", "0001_initial"),
    ("appointments", "0002_no_double_booking_and_types"),
    ("appointments", "0003_review_and_handover_links"),
}
# ContactRequest left home for casework by state only (the table home_contactrequest is kept).
# Each app at its state of the day the request moved (portal before the directory's fields came).
BEFORE_THE_CONTACT_REQUEST_MOVE = [
    ("home", "0006_merge_parties_and_search"),
    ("casework", "0015_merge_20261130_1156"),
    ("portal", "0008_invitation_opened_at"),
]
THE_CONTACT_REQUEST_MOVE = {("home", "0007_contactrequest_to_casework"), ("casework", "0016_contactrequest_from_home")}


def migration_files():
    return sorted(path for path in REPO.glob("**/migrations/0*.py") if ".venv" not in path.parts)


def project_imports(path):
    """(line, what) for each first-party import and each `import_module(...)` call of a migration file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = [node.module or ""] if node.level == 0 else ["(relative)"]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "import_module":
            yield node.lineno, "import_module()"
            continue
        else:
            continue
        for module in modules:
            if module == "(relative)" or module.split(".")[0] in FIRST_PARTY and module not in FIELD_REFERENCES:
                yield node.lineno, module


def test_migrations_import_no_project_code():
    assert migration_files(), "no migration found: the glob is wrong"
    wrong = [
        f"{path.relative_to(REPO)}:{line} {module}"
        for path in migration_files()
        for line, module in project_imports(path)
    ]
    assert wrong == []


def test_the_check_sees_a_migration_importing_project_code(tmp_path):
    migration = tmp_path / "0009_example.py"
    migration.write_text(
        "from importlib import import_module\n"
        "from appointments.enums import Status\n"
        "import portal.crypto\n"
        "import_module('casework.migrations.0001_initial')\n"
    )
    assert list(project_imports(migration)) == [(2, "appointments.enums"), (4, "import_module()")]


@pytest.mark.django_db
def test_a_database_migrated_before_the_move_has_nothing_to_apply():
    recorded = {(row.app, row.name) for row in MigrationRecorder(connection).migration_qs}
    assert RECORDED_BEFORE_THE_MOVE <= recorded
    executor = MigrationExecutor(connection)
    on_disk = set(executor.loader.disk_migrations)
    assert recorded & {key for key in recorded if key[0] in FIRST_PARTY} <= on_disk
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    output = StringIO()
    call_command("showmigrations", "appointments", stdout=output)
    assert output.getvalue().splitlines()[:4] == [
        "appointments",
        " [X] 0001_initial",
        " [X] 0002_no_double_booking_and_types",
        " [X] 0003_review_and_handover_links",
    ]
    assert "[ ]" not in output.getvalue()


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_contact_requests_made_before_the_move_are_kept():
    """A database migrated to just before the move, holding a request: migrating on keeps it, now casework's."""
    executor = _migrate(BEFORE_THE_CONTACT_REQUEST_MOVE)
    try:
        old = executor.loader.project_state(BEFORE_THE_CONTACT_REQUEST_MOVE).apps
        assert "contactrequest" not in {m._meta.model_name for m in old.get_app_config("casework").get_models()}
        association = old.get_model("portal", "Organisation").objects.create(name="Association", kind="association")
        old.get_model("home", "ContactRequest").objects.create(
            association=association, name="Samia", channel="phone", contact="06 12 34 56 78", consent_at=timezone.now()
        )
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    executor = MigrationExecutor(connection)
    assert THE_CONTACT_REQUEST_MOVE <= {(row.app, row.name) for row in MigrationRecorder(connection).migration_qs}
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    kept = ContactRequest.objects.get()
    assert (kept.name, kept.contact, kept.association_id, kept.is_new) == (
        "Samia",
        "06 12 34 56 78",
        association.pk,
        True,
    )
    assert ContactRequest._meta.db_table == "home_contactrequest"
    assert not apps.is_installed("home") or "contactrequest" not in apps.get_app_config("home").models


@pytest.mark.django_db
def test_an_empty_database_holds_contact_requests_in_casework():
    """The suite's own database was migrated from empty: the table exists once, owned by casework."""
    assert ContactRequest._meta.app_label == "casework"
    assert "home_contactrequest" in connection.introspection.table_names()
    assert ContactRequest.objects.count() == 0
