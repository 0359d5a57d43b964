"""Access checks for views, one family: a check on the user, and 404 when it fails (as les-emplois'
`check_user_or_404`), so that a person outside a space cannot even learn it exists. The checks themselves are
the plain functions of portal/perms.py and casework/perms.py; apps name theirs with `check_user_or_404`."""

from functools import wraps

from django.http import Http404

from portal import perms


def check_user_or_404(check):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


household_required = check_user_or_404(perms.is_household)
# Any member of an organisation (or a platform administrator): the partner area's pages for every role.
partner_area_required = check_user_or_404(perms.can_access_partner_area)
