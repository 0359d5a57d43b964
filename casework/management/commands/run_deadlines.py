"""The contact clock and periodic casework jobs: warnings, no contact at the deadline, auto-closure, purges.

Idempotent: run it every few minutes from cron.
"""

from django.core.management.base import BaseCommand

from casework import arrears, deadlines, outreach


class Command(BaseCommand):
    help = "Échéances des dossiers : alertes, passage « sans contact », clôtures automatiques, purges."

    def handle(self, *args, **options):
        counts = deadlines.run_deadlines()
        counts["broken_plans"] = arrears.check_plans()
        counts["reminders"] = outreach.due_reminders()
        self.stdout.write(
            "Alertes : {warnings} · sans contact : {no_contact} · clos automatiquement : {closed} · ménages manifestés à confirmer après l'échéance : {flagged} · "
            "lignes d'import purgées : {purged_import_rows} · plans non respectés : {broken_plans} · relances envoyées : {reminders}".format(
                **counts
            )
        )
