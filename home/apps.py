from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site public"

    def ready(self):
        # Imported here, not at the top: this module is loaded before the models (Django's app loading).
        from home import panels, signals

        signals.connect()
        panels.register()

    def load_demo(self):
        """manage.py load_demo: this app's demo data (idempotent); nothing at run time imports the loader."""
        from home import demo

        demo.load()
