"""`manage.py create_programme`: the platform administrator's « Créer un programme » page, for scripted
deployments. Running it again with the same names changes nothing (casework/programmes.py)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from casework import programmes
from casework.models import Programme
from portal import geo

INTEGER_PARAMETERS = {
    "contact_deadline_days",
    "warning_days",
    "max_months_since_move_in",
    "expected_support_months",
    "yearly_capacity",
}


def _value(name, raw):
    if name == "start_date":
        return date.fromisoformat(raw)
    if name == "letterhead":
        return raw
    return int(raw) if name in INTEGER_PARAMETERS else Decimal(raw)


class Command(BaseCommand):
    help = "Crée un programme (bailleur, association, paramètres) et invite sa coordinatrice et son référent."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="nom du programme")
        parser.add_argument("--landlord", required=True, help="nom du bailleur")
        parser.add_argument("--association", required=True, help="nom de l'association")
        parser.add_argument(
            "--communes",
            required=True,
            help="territoire, séparé par des virgules : codes INSEE, « 45000 Orléans », « Orléans (45) » ou numéros de département",
        )
        parser.add_argument("--coordinator-email", default="", help="première coordinatrice à inviter")
        parser.add_argument("--referent-email", default="", help="premier référent du bailleur à inviter")
        for name, help_text in programmes.PARAMETER_HELP.items():
            default = Programme._meta.get_field(name).default
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, help=f"{help_text} (défaut : {default})")

    def handle(self, *args, **options):
        try:
            parameters = {name: _value(name, options[name]) for name in programmes.PARAMETERS if options[name]}
        except (ValueError, ArithmeticError) as error:
            raise CommandError(f"Paramètre invalide : {error}") from error
        parameters.setdefault("start_date", date.today())
        try:
            setup = programmes.create_programme(
                None,
                name=options["name"],
                landlord_name=options["landlord"],
                association_name=options["association"],
                communes=_territory(options["communes"]),
                coordinator_email=options["coordinator_email"],
                referent_email=options["referent_email"],
                **parameters,
            )
        except (programmes.SetupError, ValueError) as error:
            raise CommandError(str(error)) from error
        state = "créé" if setup.created else "déjà présent, inchangé"
        self.stdout.write(f"Programme « {setup.programme} » (n°{setup.programme.pk}) {state}.")
        for invitation in setup.invited:
            self.stdout.write(f"Invitation envoyée à {invitation.email}.")


def _territory(text):
    """The territory as codes (portal.geo.area_codes), each commune named once; a name that is ambiguous or
    unknown stops the command with the candidates."""
    try:
        return geo.area_codes("\n".join(text.split(",")))
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from error
