"""Template context every page needs: the user's place in the portal."""

from portal import perms


def portal(request):
    user = getattr(request, "user", None)
    return {
        "is_household": perms.is_household(user) if user else False,
        "is_partner": perms.can_access_partner_area(user) if user else False,
    }
