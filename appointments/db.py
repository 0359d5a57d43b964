"""Database-level guard against double booking: an exclusion constraint on PostgreSQL, nothing on SQLite."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.db import migrations, models

from appointments.enums import Status

NO_OVERLAP_CONSTRAINT = "appointment_no_overlap_per_worker"


class TsTzRange(models.Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def no_overlap_constraint():
    """[starts_at, ends_at) ranges of one worker may not overlap, cancelled appointments aside."""
    return ExclusionConstraint(
        name=NO_OVERLAP_CONSTRAINT,
        expressions=[
            (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
            ("worker", RangeOperators.EQUAL),
        ],
        condition=~models.Q(status=Status.CANCELLED),
    )


class AddConstraintOnPostgres(migrations.operations.base.Operation):
    """Adds a PostgreSQL-only constraint, and does nothing on other databases.

    It stays out of the migration state on purpose: SQLite rebuilds tables from the state's constraints,
    and an EXCLUDE clause is not SQL it understands.
    """

    reversible = True

    def __init__(self, model_name, constraint_factory):
        self.model_name = model_name
        self.constraint_factory = constraint_factory

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        schema_editor.add_constraint(model, self.constraint_factory())

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = from_state.apps.get_model(app_label, self.model_name)
        schema_editor.remove_constraint(model, self.constraint_factory())

    def describe(self):
        return f"Add the PostgreSQL-only no-overlap constraint on {self.model_name}"

    def deconstruct(self):
        return (self.__class__.__name__, [self.model_name, self.constraint_factory], {})
