"""manage.py apply_retention: anonymise cases past retention and purge leftovers (idempotent, for cron)."""

from django.core.management.base import BaseCommand

from portal.privacy import apply_retention


class Command(BaseCommand):
    help = (
        "Anonymise chaque dossier 24 mois après sa clôture ou son dernier contact (le plus tardif), supprime les "
        "lignes d'import non signalées et les demandes de contact restées sans réponse depuis 12 mois."
    )

    def handle(self, *args, **options):
        counts = apply_retention()
        self.stdout.write(
            "Dossiers anonymisés : {cases_anonymised} ; lignes d'import supprimées : {import_rows_deleted} ; "
            "demandes de contact supprimées : {contact_requests_deleted}".format(**counts)
        )
