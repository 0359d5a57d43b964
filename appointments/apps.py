from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "appointments"
    label = "appointments"
    verbose_name = "Rendez-vous"

    def ready(self):
        from appointments import panels  # noqa: F401  (registers the space panels)
