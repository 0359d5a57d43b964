"""No double booking on PostgreSQL (btree_gist first, then the exclusion constraint), and the four appointment types."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

from appointments.db import AddConstraintOnPostgres, no_overlap_constraint

TYPES = [
    # kind, minutes, places, bookable by the household, other participants
    ("first_interview", 60, ["office", "home", "phone", "video"], True, False),
    ("follow_up", 45, ["office", "home", "phone", "video"], True, False),
    ("joint_handover", 60, ["office", "partner", "video"], False, True),
    ("tripartite_review", 60, ["office", "partner", "video"], False, True),
]


def create_types(apps, schema_editor):
    AppointmentType = apps.get_model("appointments", "AppointmentType")
    for kind, minutes, places, bookable, others in TYPES:
        AppointmentType.objects.get_or_create(
            kind=kind,
            defaults={
                "duration_minutes": minutes,
                "allowed_places": places,
                "bookable_by_household": bookable,
                "has_other_participants": others,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("appointments", "0001_initial")]

    operations = [
        # CreateExtension is itself a no-op on databases other than PostgreSQL.
        BtreeGistExtension(),
        AddConstraintOnPostgres("appointment", no_overlap_constraint),
        migrations.RunPython(create_types, migrations.RunPython.noop),
    ]
