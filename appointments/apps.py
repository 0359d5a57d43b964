from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "appointments"
    label = "appointments"
    verbose_name = "Rendez-vous"

    def ready(self):
        # Imported here, not at the top: this module is loaded before the models (Django's app loading).
        from appointments import data_protection, panels  # noqa: F401  (panels registers the space panels)

        data_protection.register()

    def load_demo(self):
        """manage.py load_demo: this app's demo data (idempotent); nothing at run time imports the loader."""
        from appointments import demo

        demo.load()
