"""Every programme gets its version 1 (its current parameters) and every existing case keeps it (issue 23)."""

from django.db import migrations
from django.utils import timezone

KEPT = (
    "contact_deadline_days",
    "warning_days",
    "max_months_since_move_in",
    "min_arrears_months",
    "repayment_tolerance",
    "expected_support_months",
)


def forwards(apps, schema_editor):
    Programme = apps.get_model("casework", "Programme")
    ProgrammeVersion = apps.get_model("casework", "ProgrammeVersion")
    Case = apps.get_model("casework", "Case")
    for programme in Programme.objects.all():
        version, _ = ProgrammeVersion.objects.get_or_create(
            programme=programme,
            number=1,
            defaults={
                **{name: getattr(programme, name) for name in KEPT},
                "accepted_at": timezone.now(),
                "reason": "Paramètres de départ.",
            },
        )
        Case.objects.filter(programme=programme, terms__isnull=True).update(terms=version)


class Migration(migrations.Migration):
    dependencies = [("casework", "0011_programme_versions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
