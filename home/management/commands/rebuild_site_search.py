"""Index every live page again for the public site search (after a deployment or a bulk import)."""

from django.core.management.base import BaseCommand

from home import search


class Command(BaseCommand):
    help = "Recalcule l'index de recherche du site public (mots racines, sans accents)."

    def handle(self, *args, **options):
        count = search.rebuild()
        self.stdout.write(f"{count} pages indexées.")
