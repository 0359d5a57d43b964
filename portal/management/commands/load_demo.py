"""Load the demo data of every app: each installed app whose AppConfig has `load_demo()`, in INSTALLED_APPS order.

Idempotent: a second run changes nothing. Each app names its own loader (no module path built from a string).
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Charge les données de démonstration (sans effet si elles sont déjà là)."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            load = getattr(config, "load_demo", None)
            if load is None:
                continue
            with transaction.atomic():
                load()
            self.stdout.write(f"Démo chargée : {config.label}")
