"""Who sees which case data: scoped querysets (docs/rules.md § 4) and plain can_* functions.

Views never filter by hand: they start from these querysets and answer 404 outside them.
- association members: every case of their association, confidential data included (reads are audited);
- landlord referents: their landlord's referrals, only the landlord column (LANDLORD_CASE_FIELDS, validated
  minutes, arrears, plans, outcome category);
- partner contacts: handovers addressed to their organisation while the household's consent stands;
- households: their own case; its confidential parts only once a worker confirmed their identity.
"""

from casework.enums import ReviewStatus
from casework.models import (
    ArrearsStatement,
    Case,
    Handover,
    Programme,
    ProgrammeMeeting,
    Referral,
    RepaymentPlan,
    RoadmapAction,
    TransferRequest,
    TripartiteReview,
)
from portal import perms as portal_perms
from portal.enums import OrganisationKind, Party, Role

# The landlord column of the table in docs/rules.md § 4, and nothing else, is loaded for a landlord referent.
LANDLORD_CASE_FIELDS = (
    "id",
    "programme",
    "household",
    "referral",
    "status",
    "deadline",
    "household_reached_out_at",
    "contact_established_at",
    "no_contact_at",
    "landlord_notified_at",
    "reopened_at",
    "closed_at",
    "outcome",
    "dialogue_restored",
    "invitation",
    "created_at",
    "terms",  # the programme's parameters the case keeps (its deadline rules): not confidential
    # The waiting list (casework.capacity): the landlord reads « Liste d'attente : le délai d'un mois ne court pas
    # encore » and when the clock started.
    "waitlisted_at",
    "admitted_on",
)


def association_ids(user):
    return [o.pk for o in portal_perms.organisations(user, kind=OrganisationKind.ASSOCIATION)]


def landlord_ids(user):
    return [o.pk for o in portal_perms.organisations(user, kind=OrganisationKind.LANDLORD, role=Role.LANDLORD_REFERENT)]


def partner_ids(user):
    return [o.pk for o in portal_perms.organisations(user, kind=OrganisationKind.PARTNER, role=Role.PARTNER_CONTACT)]


def is_association_member(user):
    return bool(association_ids(user))


def is_landlord_referent(user):
    return bool(landlord_ids(user))


def is_partner_contact(user):
    return bool(partner_ids(user))


def coordinator_association_ids(user):
    return [
        m.organisation_id
        for m in portal_perms.active_memberships(user)
        if m.role == Role.COORDINATOR and m.organisation.kind == OrganisationKind.ASSOCIATION
    ]


# --- association -----------------------------------------------------------------------------------------------


def association_cases(user):
    ids = association_ids(user)
    if not ids:
        return Case.objects.none()
    return Case.objects.for_association(ids)


def association_programmes(user):
    return Programme.objects.filter(association_id__in=association_ids(user))


def can_coordinate(user, case_or_programme):
    programme = getattr(case_or_programme, "programme", case_or_programme)
    return programme.association_id in coordinator_association_ids(user)


def pending_exceptions(user):
    """Referrals outside the criteria waiting for a coordinator's acceptance."""
    return Referral.objects.filter(
        programme__association_id__in=coordinator_association_ids(user), is_eligible=False, accepted_at__isnull=True
    )


# --- landlord --------------------------------------------------------------------------------------------------


def landlord_programmes(user):
    return Programme.objects.filter(landlord_id__in=landlord_ids(user))


def landlord_known_cases(user):
    """Every case the user's landlord may know of (CaseQuerySet.landlord_known), all fields: for subqueries."""
    ids = landlord_ids(user)
    if not ids:
        return Case.objects.none()
    return Case.objects.landlord_known(ids)


def landlord_cases(user):
    """The landlord's referrals, with only the fields of its column loaded (confidential ones deferred)."""
    return landlord_known_cases(user).only(*LANDLORD_CASE_FIELDS)


def landlord_reviews(user):
    """Validated minutes of the landlord's cases; a draft never reaches the landlord."""
    return TripartiteReview.objects.filter(case__in=landlord_known_cases(user), status=ReviewStatus.VALIDATED)


def landlord_meetings(user):
    """Reviews the landlord attends (date and place only, through its participants) and programme meetings."""
    return TripartiteReview.objects.filter(
        case__in=landlord_known_cases(user), participants__organisation_id__in=landlord_ids(user)
    ).distinct()


def landlord_statements(user):
    return ArrearsStatement.objects.filter(case__in=landlord_known_cases(user))


def landlord_plans(user):
    return RepaymentPlan.objects.filter(case__in=landlord_known_cases(user))


def landlord_transfers(user):
    """Transfer requests the household agreed the landlord follows (state and dates); the note is never loaded,
    the wished communes are shown only where `communes_shared` (casework.transfers)."""
    return (
        TransferRequest.objects.filter(case__in=landlord_known_cases(user), landlord_informed=True)
        .only("case_id", "status", "filed_on", "offered_on", "ended_on", "communes_shared", "wished_communes")
        .order_by("-created_at")
    )


def programme_meetings(user):
    """Programme meetings: their notes are non-confidential, for both partners of the programme."""
    return ProgrammeMeeting.objects.filter(
        programme__in=Programme.objects.filter(landlord_id__in=landlord_ids(user))
        | Programme.objects.filter(association_id__in=association_ids(user))
    )


# --- partner services ------------------------------------------------------------------------------------------


def partner_handovers(user):
    """Only handovers to the contact's own service, and only while the household's consent stands."""
    ids = partner_ids(user)
    if not ids:
        return Handover.objects.none()
    return Handover.objects.with_consent().filter(partner_id__in=ids)


# --- households ------------------------------------------------------------------------------------------------


def household_cases(user):
    if not portal_perms.is_household(user):
        return Case.objects.none()
    return Case.objects.filter(household__members__user=user)


def household_case(user):
    """The household's current case (the newest), or None."""
    return household_cases(user).order_by("-created_at").first()


def household_confirmed_cases(user):
    """Cases whose confidential parts the household sees: only once its identity is confirmed."""
    if not portal_perms.household_confirmed(user):
        return Case.objects.none()
    return household_cases(user)


def household_roadmap(user):
    return RoadmapAction.objects.filter(case__in=household_confirmed_cases(user))


# Review minutes the household reads, in its space and in its data export: shared for comment, or validated.
# A draft not yet shared is the association's work in progress (docs/rules.md § 8).
HOUSEHOLD_REVIEW_STATUSES = (ReviewStatus.SHARED, ReviewStatus.VALIDATED)


def household_reviews(user):
    """Minutes shared for comment or validated; never the association's unshared draft."""
    return TripartiteReview.objects.filter(
        case__in=household_confirmed_cases(user), status__in=HOUSEHOLD_REVIEW_STATUSES
    )


def household_handovers(user):
    return Handover.objects.filter(case__in=household_confirmed_cases(user))


# --- can_* -----------------------------------------------------------------------------------------------------


def can_refer(user):
    return is_landlord_referent(user)


def can_assign(user, case):
    return can_coordinate(user, case)


def can_reopen(user, case):
    return can_coordinate(user, case)


def can_accept_exception(user, referral):
    return referral.programme.association_id in coordinator_association_ids(user)


def partner_programmes(user):
    """The programmes a member of either partner sees the parameters of: its association's or its landlord's."""
    return Programme.objects.filter(landlord_id__in=landlord_ids(user)) | Programme.objects.filter(
        association_id__in=association_ids(user)
    )


def can_propose_parameters(user, programme):
    """Only the association's coordinator proposes a change of the programme's parameters."""
    return can_coordinate(user, programme)


def can_answer_parameters(user, programme):
    """Only a referent of the programme's landlord accepts or declines a change that binds the landlord."""
    return programme.landlord_id in landlord_ids(user)


def can_record_meeting(user, programme):
    return can_coordinate(user, programme)


def can_mark_action_done(user, action):
    return action.actor == Party.HOUSEHOLD and household_roadmap(user).filter(pk=action.pk).exists()
