"""Setting up a programme without code: a landlord–association pair, its programme and its first two members.

One function does it for the platform administrator's pages (/partenaires/administration/) and for the
`manage.py create_programme` command. Running it again with the same names changes nothing: organisations and
programme are found by name, a person already invited (or already a member) is not invited again.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from casework.models import Case, Programme
from portal import formats, geo, invitations
from portal.enums import InvitationKind, OrganisationKind, Role
from portal.models import Invitation, Membership, Organisation, User

# The parameters of a programme a new pair chooses, each with its explanation in plain French (the seed's values
# are the model's defaults: 30 days, 9 days, 6 months, 2 months of rent, 20 €, 3 months, 400 €, 20 situations,
# 8,000 €).
PARAMETER_HELP = {
    "start_date": "Le premier jour où le bailleur peut signaler un ménage.",
    "contact_deadline_days": (
        "Le temps laissé à l'association pour établir le contact après un signalement. Passé ce délai sans "
        "contact, le bailleur peut reprendre la procédure. Le cahier des charges prévoit un mois (30 jours)."
    ),
    "warning_days": (
        "Combien de jours avant l'échéance l'association est prévenue qu'un contact n'est toujours pas établi."
    ),
    "max_months_since_move_in": (
        "Un ménage est dans les critères s'il est entré dans le logement depuis ce nombre de mois au plus."
    ),
    "min_arrears_months": (
        "L'impayé doit atteindre au moins ce nombre de loyers, APL déduite (par exemple 2 pour deux mois)."
    ),
    "repayment_tolerance": (
        "L'écart, en euros, accepté entre ce que prévoit le plan d'apurement et ce qui est payé avant de "
        "dire que le plan n'est pas respecté."
    ),
    "expected_support_months": (
        "La durée normale de l'accompagnement après le premier contact. Au-delà, le dossier est signalé pour "
        "un passage de relais ou une clôture."
    ),
    "cost_per_situation": "Ce que coûte l'accompagnement d'une situation, pour le budget et le bilan.",
    "yearly_capacity": "Le nombre de situations que l'association peut suivre sur une année.",
    "budget": "Le budget annuel du programme, en euros.",
    "letterhead": "Les lignes imprimées en tête des courriers envoyés aux ménages (nom du programme, adresse).",
}
PARAMETERS = tuple(PARAMETER_HELP)
# What the setup form accepts for each number (a typo of 3000 days or a negative amount is refused).
BOUNDS = {
    "contact_deadline_days": (1, 365),
    "warning_days": (0, 364),
    "max_months_since_move_in": (1, 60),
    "min_arrears_months": (Decimal("0.5"), Decimal(24)),
    "repayment_tolerance": (Decimal(0), Decimal(10_000)),
    "expected_support_months": (1, 36),
    "cost_per_situation": (Decimal(0), Decimal(100_000)),
    "yearly_capacity": (1, 10_000),
    "budget": (Decimal(0), Decimal(100_000_000)),
}


# The parameters in euros: cents shown only when there are some (« 8 000 », « 12,50 »).
AMOUNTS = ("repayment_tolerance", "cost_per_situation", "budget")


def display(name, value):
    """A parameter's value as the pages and the history of versions read it, in French: « 30/11/2026 », « 2 »
    (not « 2.0 »), « 8 000 » (not « 8000.00 »), the territory's communes by name."""
    if isinstance(value, date):
        return formats.day(value)
    if isinstance(value, list):
        return ", ".join(geo.label(code) for code in value)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return str(value)
    whole = value == int(value)
    return formats.number(value, 0 if whole else (2 if name in AMOUNTS else None))


def labelled_parameters(programme):
    """Each parameter of the programme as (label, value, explanation), for the pages that show them."""
    return [
        (programme._meta.get_field(name).verbose_name, display(name, getattr(programme, name)), help_text)
        for name, help_text in PARAMETER_HELP.items()
    ]


def label(name):
    return "communes du territoire" if name == "communes" else Programme._meta.get_field(name).verbose_name


@dataclass
class Setup:
    """What create_programme found or made."""

    programme: Programme
    created: bool
    invited: list


class SetupError(ValueError):
    """A name already used by an organisation of another kind: (field, French message)."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def organisation(name, kind, field):
    """The organisation of this name and kind, made if new; a name taken by another kind is refused."""
    found = Organisation.objects.filter(name__iexact=name.strip()).first()
    if found is None:
        return Organisation.objects.create(name=name.strip(), kind=kind, is_public=False)
    if found.kind != kind:
        raise SetupError(field, f"« {found.name} » existe déjà comme {found.get_kind_display().lower()}.")
    return found


def invite_first_member(who, organisation, email, role):
    """Invite the first coordinator or referent, once: someone who already has an account joins directly (a
    member of several programmes); a pending invitation is not sent again. Returns the new invitation or None."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
        return None
    pending = Invitation.objects.usable().filter(organisation=organisation, kind=InvitationKind.STAFF, email=email)
    if pending.exists():
        return None
    return invitations.invite_staff(who, organisation, email, role)


@transaction.atomic
def create_programme(
    who, *, name, landlord_name, association_name, communes, coordinator_email="", referent_email="", **parameters
):
    """Create (or find) the pair, the programme with `parameters` (the model's defaults otherwise) and invite its
    association's first coordinator and its landlord's first referent. `who`: the request or the user acting."""
    unknown = set(parameters) - set(PARAMETERS)
    if unknown:
        raise TypeError(f"Unknown programme parameters: {sorted(unknown)}")
    landlord = organisation(landlord_name, OrganisationKind.LANDLORD, "landlord_name")
    association = organisation(association_name, OrganisationKind.ASSOCIATION, "association_name")
    programme, created = Programme.objects.get_or_create(
        name=name.strip(),
        defaults={"landlord": landlord, "association": association, "communes": list(communes), **parameters},
    )
    if not created and (programme.landlord_id, programme.association_id) != (landlord.pk, association.pk):
        raise SetupError("name", "Un programme de ce nom existe déjà pour un autre bailleur ou une autre association.")
    invited = []
    for org, email, role in (
        (association, coordinator_email, Role.COORDINATOR),
        (landlord, referent_email, Role.LANDLORD_REFERENT),
    ):
        if email:
            invitation = invite_first_member(who, org, email, role)
            if invitation is not None:
                invited.append(invitation)
    return Setup(programme, created, invited)


@dataclass
class Readiness:
    """Is a programme live? Its first coordinator and referent joined; the administrator never sees a case,
    only how many were referred."""

    coordinators: list
    referents: list
    pending: list
    case_count: int

    @property
    def is_live(self):
        return bool(self.coordinators) and bool(self.referents)


def readiness(programme):
    members = Membership.objects.active().select_related("user", "organisation")
    pending = Invitation.objects.usable().filter(
        kind=InvitationKind.STAFF, organisation_id__in=(programme.association_id, programme.landlord_id)
    )
    return Readiness(
        coordinators=list(members.filter(organisation_id=programme.association_id, role=Role.COORDINATOR)),
        referents=list(members.filter(organisation_id=programme.landlord_id, role=Role.LANDLORD_REFERENT)),
        pending=list(pending.select_related("organisation")),
        case_count=Case.objects.filter(programme=programme).count(),
    )
