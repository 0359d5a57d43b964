from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site public"

    def ready(self):
        from home import panels, signals

        signals.connect()
        panels.register()
