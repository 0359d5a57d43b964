from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portail"

    def ready(self):
        # Imported here, not at the top: this module is loaded before the models (Django's app loading).
        from portal import (
            accounts,  # noqa: F401 — connects the signal receivers
            lookups,
        )

        lookups.register()

    def load_demo(self):
        """manage.py load_demo: this app's demo data (idempotent); nothing at run time imports the loader."""
        from portal import demo

        demo.load()
