"""Access helpers shared by the casework views: deny by default, 404 outside the user's scope."""

from functools import wraps

from django.core.paginator import Paginator
from django.http import Http404

from casework import perms
from portal import perms as portal_perms


def _require(check):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


association_required = _require(perms.is_association_member)
coordinator_required = _require(lambda user: bool(perms.coordinator_association_ids(user)))
landlord_required = _require(perms.is_landlord_referent)
partner_required = _require(perms.is_partner_contact)
household_required = _require(portal_perms.is_household)
programme_member_required = _require(lambda user: perms.is_association_member(user) or perms.is_landlord_referent(user))

PAGE_SIZE = 50


def paginate(request, queryset, size=PAGE_SIZE):
    paginator = Paginator(queryset, size)
    return paginator.get_page(request.GET.get("page"))


def querystring_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
