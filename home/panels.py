"""The partner home's panel: new call-back requests from the public site, for association members."""

from home import perms as home_perms
from home.enums import ContactRequestStatus
from home.models import ContactRequest
from portal import spaces


def contact_requests_panel(request):
    organisations = home_perms.contact_request_organisations(request.user)
    if not organisations:
        return None
    new_count = (
        ContactRequest.objects.for_association([o.pk for o in organisations])
        .filter(status=ContactRequestStatus.NEW)
        .count()
    )
    return {"new_count": new_count}


def register():
    spaces.partner_panel("home/panels/contact_requests.html", order=30)(contact_requests_panel)
