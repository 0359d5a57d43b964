"""Make every cached public page stale: run it after each deployment (new templates, new hashed static names)."""

from django.core.management.base import BaseCommand

from home import cache


class Command(BaseCommand):
    help = "Invalide le cache des pages publiques (à lancer après chaque déploiement)."

    def handle(self, *args, **options):
        cache.invalidate()
        self.stdout.write("Cache des pages publiques invalidé.")
