"""The partner services directory as the association's coordinator keeps it: which services she may edit (those
whose area meets her programmes' territory) and the one write of a service's directory entry. Editors keep the
Wagtail snippet on the same Organisation rows (home/wagtail_hooks.py)."""

from django.db import transaction

from casework.models import Programme
from portal import audit, geo
from portal.enums import OrganisationKind, Role
from portal.models import Membership, Organisation

# The fields of a directory entry (as in Dora's service sheets), in the order the form shows them.
ENTRY_FIELDS = (
    "name",
    "description",
    "audience",
    "how_to_reach",
    "address",
    "phone",
    "email",
    "website",
    "hours",
    "area",
    "accepts_handovers",
    "is_public",
    "source_date",
)


class DirectoryError(Exception):
    pass


def coordinator_territory(association_ids):
    """The codes of every programme territory of these associations (a coordinator may run several)."""
    territory = []
    for communes in Programme.objects.filter(association_id__in=association_ids).values_list("communes", flat=True):
        territory += communes
    return list(dict.fromkeys(territory))


def editable_partners(association_ids):
    """Partner services whose area meets the coordinator's territory; a service with no area is the editors'."""
    territory = coordinator_territory(association_ids)
    partners = Organisation.objects.filter(kind=OrganisationKind.PARTNER).order_by("name")
    return [partner for partner in partners if partner.area and geo.overlaps(partner.area, territory)]


def contacts(organisation):
    """The service's members who receive handovers through the portal."""
    return (
        Membership.objects.active()
        .filter(organisation=organisation, role=Role.PARTNER_CONTACT)
        .select_related("user")
        .order_by("user__last_name")
    )


@transaction.atomic
def save_entry(organisation, values, by, *, association_ids, request=None):
    """Create (organisation None) or update a partner service's directory entry. What she adds to the area stays
    inside her territory; what the editors had set (a whole département) may stay."""
    territory = coordinator_territory(association_ids)
    kept = set(organisation.area or []) if organisation else set()
    if not geo.within([code for code in values["area"] if code not in kept], territory):
        raise DirectoryError("La zone couverte doit rester dans le territoire de votre programme.")
    created = organisation is None
    organisation = organisation or Organisation(kind=OrganisationKind.PARTNER)
    if organisation.kind != OrganisationKind.PARTNER:
        raise DirectoryError("Seuls les services partenaires sont dans l'annuaire.")
    for name in ENTRY_FIELDS:
        setattr(organisation, name, values[name])
    organisation.save()
    audit.record(request or by, "directory.created" if created else "directory.updated", organisation)
    return organisation


def covering(organisations, commune_code):
    """The services whose area covers this commune first, then the others (a service with no area: unknown)."""
    organisations = list(organisations)
    return sorted(organisations, key=lambda o: (not geo.covers(o.area, commune_code), o.name))
