"""Send the daily digest of new messages to people who chose it (run once a day, e.g. at 18:00)."""

from django.core.management.base import BaseCommand

from messaging.notifications import send_daily_digests


class Command(BaseCommand):
    help = "Envoie le résumé quotidien des nouveaux messages (sans nom ni contenu, avec un lien)."

    def handle(self, *args, **options):
        sent = send_daily_digests()
        self.stdout.write(f"Résumés envoyés : {sent}")
