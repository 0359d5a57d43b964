"""Who may do what across the portal: plain functions, deny by default."""

from django.db.models import Exists, OuterRef

from portal.enums import OrganisationKind, Role

EDITOR_GROUPS = ("Editors", "Moderators")


def active_memberships(user):
    """The user's active memberships, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_active_memberships", None)
    if cached is None:
        cached = list(user.memberships.active().select_related("organisation"))
        user._active_memberships = cached
    return cached


def roles(user):
    return {membership.role for membership in active_memberships(user)}


def organisations(user, kind=None, role=None):
    return [
        m.organisation
        for m in active_memberships(user)
        if (kind is None or m.organisation.kind == kind) and (role is None or m.role == role)
    ]


def is_editor(user):
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_is_editor", None)
    if cached is None:
        cached = user.groups.filter(name__in=EDITOR_GROUPS).exists()
        user._is_editor = cached
    return cached


def with_staff_flags(users):
    """`users` (a User queryset) with what is_staff_member() reads about each, in the same query: checking many
    sessions at once (portal/sessions.py) then costs no query per user. adopt_staff_flags() puts them in place."""
    membership = users.model._meta.get_field("memberships").related_model  # portal.models imports nothing here
    return users.annotate(
        has_active_membership=Exists(membership.objects.filter(user=OuterRef("pk")).active()),
        in_editor_group=Exists(
            users.model.groups.through.objects.filter(user=OuterRef("pk"), group__name__in=EDITOR_GROUPS)
        ),
    )


def with_roles(users):
    """`users` (a User queryset) with everything is_household(), is_staff_member() and organisations() read about
    each: the staff flags in the same query, the active memberships in one more. Then adopt_staff_flags() on each.
    For lists of other people (a conversation's readers): none of these then costs a query per user."""
    from django.db.models import Prefetch

    membership = users.model._meta.get_field("memberships").related_model
    memberships = membership.objects.active().select_related("organisation")
    return with_staff_flags(users).prefetch_related(
        Prefetch("memberships", queryset=memberships, to_attr="_active_memberships")  # active_memberships()' cache
    )


def adopt_staff_flags(user):
    """After with_staff_flags(): the caches of active_memberships() (when there is none) and is_editor()."""
    if not user.has_active_membership:
        user._active_memberships = []
    user._is_editor = bool(user.in_editor_group)  # SQLite's EXISTS gives 0/1 through raw() (portal.compiled)


def is_staff_member(user):
    """Anyone who is not a household: members of an organisation, editors, admins. Needs a second factor."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.is_staff or active_memberships(user) or is_editor(user))


def is_household(user):
    return getattr(user, "is_authenticated", False) and not is_staff_member(user)


def is_association_member(user):
    return bool(organisations(user, kind=OrganisationKind.ASSOCIATION))


def is_coordinator(user):
    return Role.COORDINATOR in roles(user)


def is_landlord_referent(user):
    return Role.LANDLORD_REFERENT in roles(user)


def is_partner_contact(user):
    return Role.PARTNER_CONTACT in roles(user)


def is_funder(user):
    return Role.FUNDER in roles(user)


def is_platform_admin(user):
    """The platform administrator: a superuser. Sets up organisations and programmes, invites their first members,
    and never reaches a case (no membership gives it one). Like every professional, only with a verified second
    factor (portal/second_factor.py: a superuser is a staff member)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser and user.is_active)


def can_access_partner_area(user):
    return bool(active_memberships(user)) or is_platform_admin(user)


def can_manage_members(user, organisation):
    """Coordinators manage their association's members; admins manage everyone."""
    if getattr(user, "is_superuser", False):
        return True
    return any(m.organisation_id == organisation.pk and m.role == Role.COORDINATOR for m in active_memberships(user))


def can_use_household_space(user):
    return is_household(user)


def household_confirmed(user):
    return is_household(user) and user.identity_confirmed
