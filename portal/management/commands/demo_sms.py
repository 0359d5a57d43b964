"""Print the last SMS sent to a number, from the development outbox (development only)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal.models import OutboundSms, phone_digest
from portal.phones import normalise


class Command(BaseCommand):
    help = "Affiche le dernier SMS envoyé à un numéro, depuis la boîte d'envoi de développement (DEBUG seulement)."

    def add_arguments(self, parser):
        parser.add_argument("phone", help="le numéro, par exemple 06 12 34 56 78")

    def handle(self, *args, phone, **options):
        if not settings.DEBUG:
            raise CommandError("demo_sms ne fonctionne qu'en développement (DEBUG activé).")
        try:
            e164 = normalise(phone)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        sms = OutboundSms.objects.filter(phone_digest=phone_digest(e164)).first()
        if sms is None:
            raise CommandError(f"Aucun SMS envoyé à {e164}.")
        self.stdout.write(sms.text)
