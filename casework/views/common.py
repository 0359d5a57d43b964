"""Access helpers shared by the casework views: deny by default, 404 outside the user's scope."""

from django.core.paginator import Paginator

from casework import perms
from portal.access import check_user_or_404

association_required = check_user_or_404(perms.is_association_member)
coordinator_required = check_user_or_404(lambda user: bool(perms.coordinator_association_ids(user)))
landlord_required = check_user_or_404(perms.is_landlord_referent)
# A partner service's contact (the role), not any member of the partner area (portal.access.partner_area_required).
partner_contact_required = check_user_or_404(perms.is_partner_contact)
programme_member_required = check_user_or_404(
    lambda user: perms.is_association_member(user) or perms.is_landlord_referent(user)
)

PAGE_SIZE = 50


def paginate(request, queryset, size=PAGE_SIZE):
    paginator = Paginator(queryset, size)
    return paginator.get_page(request.GET.get("page"))


def querystring_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
