"""Who may see the public site's inbound contact requests: members of the owning association."""

from portal import perms
from portal.enums import OrganisationKind


def contact_request_organisations(user):
    """The associations whose contact requests the user may read (empty: answer 404)."""
    return perms.organisations(user, kind=OrganisationKind.ASSOCIATION)


def can_see_contact_requests(user):
    return bool(contact_request_organisations(user))
