from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = "Messagerie"

    def ready(self):
        # Imported here, not at the top: this module is loaded before the models (Django's app loading).
        from casework import hub
        from messaging import data_protection, draft_kinds, panels, sms_bridge  # noqa: F401 (draft_kinds registers)
        from messaging.routing import websocket_urlpatterns
        from portal import routing, sms, spaces

        routing.register(*websocket_urlpatterns)
        data_protection.register()
        sms.inbound_received.connect(sms_bridge.handle_inbound, dispatch_uid="messaging.sms_bridge")

        spaces.household_panel("messaging/panels/household_messages.html", order=10)(panels.household_messages)
        spaces.partner_panel("messaging/panels/partner_messages.html", order=10)(panels.partner_messages)
        hub.case_link("threads")(panels.case_threads)

    def load_demo(self):
        """manage.py load_demo: this app's demo data (idempotent); nothing at run time imports the loader."""
        from messaging import demo

        demo.load()
