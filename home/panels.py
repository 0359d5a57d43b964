"""The partner home's panel: new call-back requests from the public site, for association members."""

from casework import call_backs
from home import perms as home_perms
from portal import spaces


def contact_requests_panel(request):
    organisations = home_perms.contact_request_organisations(request.user)
    if not organisations:
        return None
    new_count = call_backs.new_for_associations([o.pk for o in organisations]).count()
    return {"new_count": new_count}


def register():
    spaces.partner_panel("home/panels/contact_requests.html", order=30)(contact_requests_panel)
