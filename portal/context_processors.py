"""Template context every page needs: the user's place in the portal."""

from portal import navigation, perms


def portal(request):
    user = getattr(request, "user", None)
    return {
        "is_household": perms.is_household(user) if user else False,
        "is_partner": perms.can_access_partner_area(user) if user else False,
        "role_links": navigation.role_links(user, request.path) if user and perms.is_staff_member(user) else [],
    }
