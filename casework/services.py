"""Operations spanning several models: eligibility, referral (household, tenancy, case, letter code), identity."""

import secrets
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from casework import agenda, call_backs, capacity, eligibility, notifications, outreach, versions, workflow
from casework.enums import CaseStatus, ContactOutcome, ReachOutKind, ReferralSource
from casework.models import Case, CaseNote, Household, HouseholdMember, Referral, Tenancy
from portal import audit, formats, geo, phones
from portal.enums import InvitationKind
from portal.models import Invitation
from portal.signals import household_identity_confirmed

LETTER_CODE_DAYS = 60


def issue_letter_code(case, by=None):
    """A new 60-day household code for the case's letter; any previous unused code is revoked."""
    if case.invitation_id and case.invitation.used_at is None and case.invitation.revoked_at is None:
        case.invitation.revoked_at = timezone.now()
        case.invitation.save(update_fields=["revoked_at"])
    tenancy = case.referral.tenancy
    invitation = Invitation.issue(
        kind=InvitationKind.HOUSEHOLD,
        organisation=case.programme.association,
        days=LETTER_CODE_DAYS,
        created_by=by,
        postcode=tenancy.postcode.replace(" ", ""),
    )
    case.invitation = invitation
    case.save(update_fields=["invitation"])
    return invitation


@dataclass(frozen=True)
class NewReferral:
    """What a referral says about the lease, the household and its arrears: create_referral's input, built from the
    referral form's cleaned data (from_form), an import row (casework.imports) or the demo."""

    lease_reference: str
    tenant_first_name: str
    tenant_last_name: str
    household_size: int | None
    address: str
    postcode: str
    commune: str
    agency: str
    moved_in_on: date | None
    monthly_rent: Decimal
    monthly_apl: Decimal | None
    guarantee: str
    arrears_amount: Decimal
    landlord_attempts: str
    criteria: list
    exception_reason: str = ""
    phone: str = ""
    email: str = ""
    referred_on: date | None = None
    # The tenancy's code INSEE; None: found from the postcode and the commune's name (portal.geo.code_at).
    commune_code: str | None = None

    @classmethod
    def from_form(cls, cleaned_data, **more):
        """The fields a form shares with a referral (its other fields, the programme say, are not the referral's)."""
        names = {f.name for f in fields(cls)}
        return cls(**{name: value for name, value in {**cleaned_data, **more}.items() if name in names})


@transaction.atomic
def create_referral(programme, by, details, *, request=None, source=ReferralSource.LANDLORD):
    """Household, tenancy, referral and case (with its deadline and letter code) in one step."""
    referred_on = details.referred_on or timezone.localdate()
    tenancy = Tenancy.objects.filter(landlord=programme.landlord, lease_reference=details.lease_reference).first()
    if tenancy is None:
        tenancy = _new_tenancy(programme, details)
    is_eligible = eligibility.all_met(details.criteria)
    referral = _new_referral(programme, tenancy, by, details, referred_on, source, is_eligible)
    case = _new_case(programme, referral, referred_on)
    if source == ReferralSource.LANDLORD:
        issue_letter_code(case, by)
        workflow.record_event(case, "referred", by, detail="Signalement par le bailleur.")
        outreach.queue_at_referral(case)
    else:
        workflow.record_event(case, "referred", by, detail="Dossier ouvert à la demande du ménage.")
    if case.is_waiting:
        workflow.record_event(case, "waitlisted", by, detail="Programme complet : dossier en liste d'attente.")
    audit.record(request or by, "case.referred", case, subject=case, eligible=is_eligible)
    return case


def _new_tenancy(programme, details):
    """A lease the landlord never referred: its household, the tenant as its first member, the tenancy."""
    household = Household.objects.create(
        reference=f"M-{timezone.localdate():%Y%m}-{secrets.token_hex(3).upper()}",
        display_name=f"{details.tenant_first_name} {details.tenant_last_name}".strip(),
        size=details.household_size or 1,
    )
    HouseholdMember.objects.create(
        household=household,
        first_name=details.tenant_first_name,
        last_name=details.tenant_last_name,
        phone=details.phone,
        email=details.email,
    )
    return Tenancy.objects.create(
        household=household,
        landlord=programme.landlord,
        lease_reference=details.lease_reference,
        address=details.address,
        postcode=details.postcode,
        commune=details.commune,
        commune_code=geo.code_at(details.postcode, details.commune)
        if details.commune_code is None
        else details.commune_code,
        agency=details.agency,
        moved_in_on=details.moved_in_on,
        monthly_rent=details.monthly_rent,
        monthly_apl=details.monthly_apl or 0,
        guarantee=details.guarantee,
    )


def _new_referral(programme, tenancy, by, details, referred_on, source, is_eligible):
    """The referral with its criteria; out of criteria, a landlord's needs the coordinator's acceptance (its reason)."""
    return Referral.objects.create(
        programme=programme,
        tenancy=tenancy,
        referred_by=by,
        referred_on=referred_on,
        arrears_amount=details.arrears_amount,
        landlord_attempts=details.landlord_attempts,
        eligibility={"criteria": details.criteria},
        is_eligible=is_eligible or source != ReferralSource.LANDLORD,
        exception_reason="" if is_eligible else details.exception_reason,
        source=source,
    )


def _new_case(programme, referral, referred_on):
    """The case of a referral: it keeps the parameters in force for its life; past the year's capacity it waits,
    with no clock and no invitation (casework.capacity)."""
    terms = versions.in_force(programme)
    return Case.objects.create(
        programme=programme,
        household=referral.tenancy.household,
        referral=referral,
        terms=terms,
        deadline=Case.deadline_for(terms, referred_on),
        waitlisted_at=timezone.now() if capacity.is_full(programme, referred_on) else None,
    )


def open_case_for_lease(landlord, lease_reference):
    return (
        Case.objects.open()
        .filter(referral__tenancy__landlord=landlord, referral__tenancy__lease_reference=lease_reference)
        .first()
    )


def link_household_account(case, user, request=None):
    """Attach an account to the household: by e-mail, else the first tenant without an account, else a new member."""
    household = case.household
    member = household.members.filter(user__isnull=True, email__iexact=user.email).first() if user.email else None
    member = member or household.members.filter(user__isnull=True, is_tenant=True).first()
    if member is None:
        member = HouseholdMember.objects.create(
            household=household,
            first_name=user.first_name or "—",
            last_name=user.last_name,
            email=user.email or "",
            is_tenant=False,
        )
    member.user = user
    member.save(update_fields=["user"])
    workflow.record_event(case, "account_linked", None, detail="Un compte a été créé avec le code du courrier.")
    audit.record(request or user, "case.account_linked", member, subject=case)
    return member


def on_invitation_redeemed(sender, invitation, user, request=None, **kwargs):
    case = Case.objects.filter(invitation=invitation).select_related("programme", "household").first()
    if case is None:
        return
    link_household_account(case, user, request)
    workflow.household_reached_out(case, ReachOutKind.CODE_REDEEMED)


def confirm_identity(case, member, by, how, request=None):
    user = member.user
    user.identity_confirmed_at = timezone.now()
    user.identity_confirmed_by = by
    user.save(update_fields=["identity_confirmed_at", "identity_confirmed_by"])
    workflow.record_event(case, "identity_confirmed", by, detail=f"Identité confirmée ({how}).")
    audit.record(request or by, "case.identity_confirmed", member, subject=case, how=how)
    household_identity_confirmed.send(sender=HouseholdMember, user=user, confirmed_by=by, request=request)


def revoke_account(case, member, by, request=None):
    """An account redeemed by someone else: deactivated (its sessions end) and unlinked from the household."""
    user = member.user
    member.user = None
    member.save(update_fields=["user"])
    if user is not None:
        user.is_active = False
        user.identity_confirmed_at = None
        user.save(update_fields=["is_active", "identity_confirmed_at"])
    workflow.record_event(case, "account_revoked", by, detail="Compte retiré : il n'était pas celui du ménage.")
    audit.record(request or by, "case.account_revoked", member, subject=case)


def revoke_code(case, by, request=None):
    invitation = case.invitation
    if invitation and invitation.revoked_at is None and invitation.used_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        workflow.record_event(case, "code_revoked", by, detail="Code du courrier annulé.")
        audit.record(request or by, "case.code_revoked", invitation, subject=case)
        return True
    return False


class AssignmentError(Exception):
    """A refused assignment; the message is French and shown as is."""


def _record_assignment(case, by, request=None):
    workflow.record_event(case, "assigned", by, detail=f"Attribué à {case.assigned_worker or 'personne'}.")
    audit.record(request or by, "case.assigned", case, subject=case, worker=case.assigned_worker_id)


@transaction.atomic
def assign(case, worker, by, request=None):
    """A coordinator assigns (or reassigns, or unassigns) a case: the caller checked perms.can_assign."""
    Case.objects.select_for_update().filter(pk=case.pk).update(assigned_worker=worker)
    case.assigned_worker = worker
    _record_assignment(case, by, request)
    return case


@transaction.atomic
def take(case, by, request=None):
    """« M'attribuer » : a member of the case's association takes an open case nobody holds."""
    user = workflow._actor(by)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not locked.may_be_taken:
        raise AssignmentError(
            "Ce dossier est déjà attribué : seule une coordinatrice peut le réattribuer."
            if locked.is_open
            else "Ce dossier est clos."
        )
    locked.assigned_worker = user
    locked.save(update_fields=["assigned_worker"])
    case.assigned_worker = user
    _record_assignment(case, by, request)
    return case


# --- contact attempts, notes, diagnostic: written here, never by a view -------------------------------------------


@transaction.atomic
def record_attempt(case, attempt, by, request=None):
    """A contact attempt (`attempt`, unsaved, the form's): the case moves to « prise de contact », and to « contact
    établi » when the household was reached. Returns (contact established now, the refused move's message or "")."""
    attempt.case, attempt.author = case, workflow._actor(by)
    attempt.save()
    workflow.record_event(
        case, "contact_attempt", by, detail=f"{attempt.get_channel_display()} — {attempt.get_outcome_display()}"
    )
    audit.record(request or by, "contact_attempt.created", attempt, subject=case)
    call_backs.answered(case, attempt.author)
    try:
        if case.status == CaseStatus.REFERRED:
            workflow.start_contacting(case, by)
        if attempt.outcome == ContactOutcome.REACHED and case.status == CaseStatus.CONTACTING:
            workflow.establish_contact(case, by, how=attempt.get_channel_display())
            return True, ""
    except workflow.TransitionError as error:
        return False, str(error)
    return False, ""


def add_note(case, body, by, request=None):
    note = CaseNote.objects.create(case=case, author=workflow._actor(by), body=body)
    audit.record(request or by, "case_note.created", note, subject=case)
    return note


@transaction.atomic
def save_diagnostic(case, record, by, request=None):
    """The diagnostic (`record`, the form's values applied, unsaved); the case moves on to « évaluation »."""
    created = record.pk is None
    if created:
        record.case, record.created_by = case, workflow._actor(by)
    record.save()
    workflow.record_event(case, "diagnostic_saved", by, detail="Diagnostic enregistré.")
    audit.record(request or by, "diagnostic.created" if created else "diagnostic.updated", record, subject=case)
    if case.status == CaseStatus.CONTACT_ESTABLISHED:
        workflow.start_assessment(case, by)
    return record


def link_contact_request(contact_request, request, case):
    """A public contact request linked to a case (handled if new): the household reached out (workflow)."""
    contact_request.case = case
    contact_request.save(update_fields=["case"])
    if contact_request.is_new:
        contact_request.mark_handled(request.user)
    workflow.household_reached_out(case, ReachOutKind.CONTACT_REQUEST, when=contact_request.created_at)
    audit.record(request, "contact_request.linked", contact_request, subject=case)


def record_meeting(meeting, cases, by, request=None):
    """A programme meeting (`meeting`, unsaved, the form's) and the cases discussed there."""
    meeting.created_by = workflow._actor(by)
    meeting.save()
    meeting.cases.set(cases)
    audit.record(request or by, "programme_meeting.created", meeting)
    return meeting


@transaction.atomic
def schedule_meeting(meeting, by, request=None):
    """The regular association–landlord meeting scheduled from the portal (`meeting`, unsaved, the form's: programme,
    date, hour, place): its agenda prepared from the rules (casework.agenda, the landlord's scope only), both
    partners invited."""
    meeting.created_by = workflow._actor(by)
    reasons = agenda.reasons_by_case(meeting.programme)
    meeting.agenda = {str(pk): keys for pk, keys in reasons.items()}
    meeting.invited_at = timezone.now()
    meeting.save()
    meeting.cases.set(list(reasons))
    hour = f" à {meeting.starts_at:%H} h {meeting.starts_at:%M}" if meeting.starts_at else ""
    place = f", {meeting.place}" if meeting.place else ""
    body = (
        f"Vous êtes invité à la réunion de programme « {meeting.programme} » le {formats.day(meeting.held_on)}"
        f"{hour}{place}. L'ordre du jour compte {formats.count(len(reasons), 'dossier')} à évoquer."
    )
    transaction.on_commit(lambda: notifications.invite_to_meeting(meeting, body))
    audit.record(request or by, "programme_meeting.scheduled", meeting, cases=len(reasons))
    return meeting


def number_to_confirm(user):
    """The mobile number the landlord gave at referral, for the household to confirm (or correct) in its space.

    It is only shown: it signs nobody in until the household typed the code sent to it (allauth's phone
    verification). None once the account has a verified number, or when the landlord gave none usable."""
    if user.phone_verified:
        return None
    member = HouseholdMember.objects.filter(user=user).exclude(phone="").only("phone").first()
    if member is None:
        return None
    return phones.normalise_or_blank(member.phone) or None
