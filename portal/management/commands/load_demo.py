"""Load the demo data of every app: portal first, then each installed app's `demo.load()`, in order.

Idempotent: a second run changes nothing.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Charge les données de démonstration (sans effet si elles sont déjà là)."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            if config.name.split(".")[0] not in {"portal", "home", "casework", "appointments", "messaging"}:
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load()
            self.stdout.write(f"Démo chargée : {config.label}")
