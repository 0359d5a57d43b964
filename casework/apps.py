from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Accompagnement"

    def ready(self):
        # Imported here, not at the top: this module is loaded before the models (Django's app loading).
        from casework import data_protection, draft_kinds, panels, services  # noqa: F401 (draft_kinds registers)
        from portal.signals import household_invitation_redeemed

        household_invitation_redeemed.connect(services.on_invitation_redeemed, dispatch_uid="casework.redeemed")
        panels.register()
        data_protection.register()

    def load_demo(self):
        """manage.py load_demo: this app's demo data (idempotent); nothing at run time imports the loader."""
        from casework import demo

        demo.load()
