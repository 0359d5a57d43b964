"""Who sees which programme's evaluation, and in which version (association, landlord or funder)."""

from casework import perms as casework_perms
from casework.evaluation.models import ProgrammeFunding
from casework.evaluation.tables import ASSOCIATION, FUNDER, LANDLORD
from casework.models import Programme
from portal import perms as portal_perms
from portal.enums import OrganisationKind, Role


def funder_ids(user):
    return [o.pk for o in portal_perms.organisations(user, kind=OrganisationKind.FUNDER, role=Role.FUNDER)]


def audiences(user):
    """{programme_id: audience}; the association's version wins when a user belongs to several sides."""
    scope = {}
    funded = ProgrammeFunding.objects.filter(funder_id__in=funder_ids(user)).values_list("programme_id", flat=True)
    for programme_id in funded:
        scope[programme_id] = FUNDER
    for programme_id in casework_perms.landlord_programmes(user).values_list("pk", flat=True):
        scope[programme_id] = LANDLORD
    for programme_id in casework_perms.association_programmes(user).values_list("pk", flat=True):
        scope[programme_id] = ASSOCIATION
    return scope


def evaluation_programmes(user):
    return Programme.objects.filter(pk__in=list(audiences(user))).select_related("landlord", "association")


def can_see_evaluation(user):
    return bool(audiences(user))
