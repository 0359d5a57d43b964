from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site public"

    def ready(self):
        # Imported here, not at the top: this module is loaded before the models (Django's app loading).
        from casework import guides
        from home import panels, signals
        from home.models import guide_pages

        signals.connect()
        panels.register()
        guides.provide(guide_pages)

    def load_demo(self):
        """manage.py load_demo: this app's demo data (idempotent); nothing at run time imports the loader."""
        from home import demo

        demo.load()
