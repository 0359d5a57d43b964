"""Delete public contact requests that never led to a case, 12 months after they were sent (for cron)."""

from django.core.management.base import BaseCommand

from casework.call_backs import purge_contact_requests


class Command(BaseCommand):
    help = "Supprime les demandes de contact sans suite de plus de 12 mois (idempotent)."

    def handle(self, *args, **options):
        deleted = purge_contact_requests()
        self.stdout.write(f"Demandes de contact supprimées : {deleted}")
