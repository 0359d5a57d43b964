"""The contact clock and periodic casework jobs: warnings, no contact at the deadline, auto-closure, broken plans.

Idempotent: run it every few minutes from cron.
"""

from django.core.management.base import BaseCommand

from casework import arrears, outreach, periodic


class Command(BaseCommand):
    help = "Échéances des dossiers : alertes, passage « sans contact », clôtures automatiques, plans non respectés."

    def handle(self, *args, **options):
        counts = periodic.run_deadlines()
        counts["broken_plans"] = arrears.check_plans()
        counts["reminders"] = outreach.due_reminders()
        self.stdout.write(
            "Alertes : {warnings} · sans contact : {no_contact} · clos automatiquement : {closed} · ménages manifestés à confirmer après l'échéance : {flagged} · "
            "plans non respectés : {broken_plans} · relances envoyées : {reminders}".format(**counts)
        )
