"""Casework: programmes, households and tenancies, referrals and cases (the core the other capabilities share)."""

import json
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from appointments import wording
from casework import capacity, deadlines, plans
from casework.dates import (  # noqa: F401  (add_months re-exported: callers import it from here)
    add_months,
    add_months_to_instant,
)
from casework.enums import (
    PARTNER_MOVES,
    ActionStatus,
    CaseStatus,
    ContactOutcome,
    ContactRequestStatus,
    ContactState,
    Guarantee,
    HandoverStatus,
    HousingAdequacy,
    ImportStatus,
    Outcome,
    ReferralSource,
    ReviewStatus,
    TransferStatus,
)
from portal import formats, geo, links, phones
from portal.crypto import EncryptedTextField, encrypt_text
from portal.enums import CALL_BACK_CHANNELS, ContactChannel, OrganisationKind, Party


class Programme(models.Model):
    """One landlord and one association on a territory, with the programme's parameters."""

    name = models.CharField("nom", max_length=200)
    landlord = models.ForeignKey(
        "portal.Organisation",
        on_delete=models.PROTECT,
        related_name="landlord_programmes",
        limit_choices_to={"kind": OrganisationKind.LANDLORD},
    )
    association = models.ForeignKey(
        "portal.Organisation",
        on_delete=models.PROTECT,
        related_name="association_programmes",
        limit_choices_to={"kind": OrganisationKind.ASSOCIATION},
    )
    # Codes INSEE of communes and codes of whole départements (portal.geo.covers); a name left by the migration of
    # 2026 stays as typed until the coordinator chooses its commune (casework.territory.unresolved()).
    communes = models.JSONField("communes du territoire", default=list)
    start_date = models.DateField("date de début")
    contact_deadline_days = models.PositiveSmallIntegerField("délai de contact (jours)", default=30)
    warning_days = models.PositiveSmallIntegerField("alerte avant l'échéance (jours)", default=9)
    max_months_since_move_in = models.PositiveSmallIntegerField("mois depuis l'entrée dans les lieux", default=6)
    min_arrears_months = models.DecimalField(
        "impayé minimal en mois de loyer", max_digits=4, decimal_places=1, default=2
    )
    repayment_tolerance = models.DecimalField(
        "tolérance du plan d'apurement (€)", max_digits=8, decimal_places=2, default=20
    )
    expected_support_months = models.PositiveSmallIntegerField("durée prévue de l'accompagnement (mois)", default=3)
    cost_per_situation = models.DecimalField("coût par situation (€)", max_digits=8, decimal_places=2, default=400)
    yearly_capacity = models.PositiveSmallIntegerField("capacité annuelle", default=20)
    budget = models.DecimalField("budget (€)", max_digits=10, decimal_places=2, default=8000)
    letterhead = models.TextField("en-tête des courriers", blank=True)
    # Invitations by SMS (casework.outreach): the coordinator's texts, empty for the portal's own; placeholders
    # {association}, {lien}, {telephone}. Sending at referral is off unless the coordinator turns it on.
    invitation_sms_text = models.TextField("texte de l'invitation par SMS", blank=True)
    reminder_sms_text = models.TextField("texte des relances par SMS", blank=True)
    auto_invite = models.BooleanField("inviter par SMS et e-mail dès le signalement", default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def territory_labels(self):
        """The territory as people read it: « Orléans (45) », « Loiret (tout le département 45) »."""
        return [geo.label(code) for code in self.communes]


# The parameters a case keeps from the day it was referred (its contact clock, its plan's tolerance, its length of
# support, the thresholds it was judged by): a change agreed later applies to new referrals only.
CASE_KEPT_PARAMETERS = (
    "contact_deadline_days",
    "warning_days",
    "max_months_since_move_in",
    "min_arrears_months",
    "repayment_tolerance",
    "expected_support_months",
)


class ProgrammeVersion(models.Model):
    """One version of a programme's parameters: proposed by the association's coordinator, in force once accepted
    (by the landlord's referent when it binds the landlord; at once otherwise). Every version is kept: who proposed
    and accepted it, when, what changed (old → new) and why. A case keeps the version in force when it was
    referred (`Case.terms`); the programme's own fields always hold the version in force."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("version")
    contact_deadline_days = models.PositiveSmallIntegerField("délai de contact (jours)")
    warning_days = models.PositiveSmallIntegerField("alerte avant l'échéance (jours)")
    max_months_since_move_in = models.PositiveSmallIntegerField("mois depuis l'entrée dans les lieux")
    min_arrears_months = models.DecimalField("impayé minimal en mois de loyer", max_digits=4, decimal_places=1)
    repayment_tolerance = models.DecimalField("tolérance du plan d'apurement (€)", max_digits=8, decimal_places=2)
    expected_support_months = models.PositiveSmallIntegerField("durée prévue de l'accompagnement (mois)")
    # {parameter: [old, new]} as text, for every parameter the version changes (territory and wording included).
    changes = models.JSONField("changements", default=dict)
    proposed_values = models.JSONField(default=dict)  # {parameter: new value} as stored on the programme
    reason = models.TextField("motif", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField("proposée le", default=timezone.now)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField("en vigueur le", null=True, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declined_at = models.DateTimeField("refusée le", null=True, blank=True)

    class Meta:
        ordering = ["programme", "-number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="unique_programme_version")]

    def __str__(self):
        return f"{self.programme} — version {self.number}"

    @property
    def is_pending(self):
        return self.accepted_at is None and self.declined_at is None

    @property
    def is_accepted(self):
        return self.accepted_at is not None


class Household(models.Model):
    """A household followed by the programme. Names are personal data, removed by retention."""

    reference = models.CharField("référence", max_length=40, unique=True)
    display_name = models.CharField("nom du ménage", max_length=200)
    size = models.PositiveSmallIntegerField("personnes au foyer", default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.display_name


class HouseholdMember(models.Model):
    """A person of the household; `user` is set once the person has an account."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="household_member"
    )
    first_name = models.CharField("prénom", max_length=150)
    last_name = models.CharField("nom", max_length=150)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)
    is_tenant = models.BooleanField("titulaire du bail", default=True)

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class Tenancy(models.Model):
    """The lease of a household with the programme's landlord."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="tenancies")
    landlord = models.ForeignKey("portal.Organisation", on_delete=models.PROTECT, related_name="tenancies")
    lease_reference = models.CharField("référence du bail", max_length=60)
    address = models.CharField("adresse", max_length=300)
    postcode = models.CharField("code postal", max_length=10)
    commune = models.CharField("commune", max_length=120)
    # The commune's code INSEE (portal.geo): eligibility compares codes. Empty only where the data migration could
    # not tell which commune a name meant (listed for the coordinator: /partenaires/communes-a-preciser/).
    commune_code = models.CharField("code INSEE de la commune", max_length=5, blank=True)
    agency = models.CharField("agence", max_length=120, blank=True)
    moved_in_on = models.DateField("date d'entrée")
    ended_on = models.DateField("date de fin", null=True, blank=True)
    monthly_rent = models.DecimalField("loyer et charges mensuels (€)", max_digits=8, decimal_places=2)
    monthly_apl = models.DecimalField("APL mensuelle (€)", max_digits=8, decimal_places=2, default=0)
    guarantee = models.CharField("garantie", max_length=12, choices=Guarantee.choices, default=Guarantee.NONE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["landlord", "lease_reference"], name="unique_lease_per_landlord")
        ]

    def __str__(self):
        return self.lease_reference

    @property
    def net_monthly_rent(self):
        return self.monthly_rent - self.monthly_apl


class Referral(models.Model):
    """The landlord referent's referral of a household, with the eligibility it showed at the time."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="referrals")
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="referrals")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="referrals_made"
    )
    # A case opened from the household's own request (public contact form) is not the landlord's referral:
    # the landlord never sees it.
    source = models.CharField(
        "origine",
        max_length=20,
        choices=ReferralSource.choices,
        default=ReferralSource.LANDLORD,
    )
    referred_on = models.DateField("date du signalement", default=timezone.localdate)
    arrears_amount = models.DecimalField("impayé au signalement (€)", max_digits=10, decimal_places=2)
    landlord_attempts = models.TextField("tentatives de contact du bailleur", blank=True)
    eligibility = models.JSONField("critères", default=dict)
    is_eligible = models.BooleanField("dans les critères", default=True)
    exception_reason = models.TextField("motif hors critères", blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declined_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Signalement {self.pk} du {formats.day(self.referred_on)}"

    @property
    def awaiting_acceptance(self):
        return not self.is_eligible and self.accepted_at is None and self.declined_at is None


def _organisation_ids(organisations):
    """An organisation, its id, or an iterable of either, as a list of ids."""
    if isinstance(organisations, (int, models.Model)):
        organisations = [organisations]
    return [getattr(o, "pk", o) for o in organisations]


def parameter_values(name):
    """The distinct values of one case-kept parameter in the data (programmes' and versions'): the deadline filters
    are one branch per value, each case compared with its own version's (or programme's) days."""
    values = set(Programme.objects.values_list(name, flat=True).distinct())
    values |= set(ProgrammeVersion.objects.values_list(name, flat=True).distinct())
    return sorted(values)


class CaseQuerySet(models.QuerySet):
    def for_association(self, organisation_ids):
        return self.filter(programme__association_id__in=organisation_ids)

    def landlord_known(self, landlord=None):
        """The cases this landlord (an organisation, an id, or several; by default each case's own programme
        landlord) may know of: the households it referred itself. A case the household opened through the public
        contact form stays unknown to the landlord, on every page, export, thread, notification and count
        (docs/rules.md, the visibility table). The one definition: every app filters through it (or through
        Case.landlord_may_know for a loaded case)."""
        known = self.filter(referral__source=ReferralSource.LANDLORD)
        if landlord is None:
            return known
        return known.filter(programme__landlord_id__in=_organisation_ids(landlord))

    def open(self):
        return self.exclude(status=CaseStatus.CLOSED)

    def most_urgent_first(self, *before):
        """The order of every list and export of cases (after `before`, e.g. the programme): the cases whose contact
        deadline is shown (awaiting contact, not on the waiting list: casework/includes/deadline_cell.html), the
        nearest first; then the others. Ordered by `deadline` alone, a case in support for months came first, its
        deadline long past and no longer counting, above a household with six days left."""
        shown = deadlines.awaiting_contact_q() & ~capacity.waiting_q()
        return self.order_by(*before, models.Case(models.When(shown, then=0), default=1), "deadline", "pk")

    def linked_to_phone(self, e164):
        """The cases a mobile number (E.164) is linked to: a household member's account whose number is verified
        (SMS code), or the number the lease holds for a tenant (as the landlord's referral or import gave it,
        in any usual writing: portal.phones.written_forms). The one definition the SMS bridge uses
        (messaging.sms_bridge; docs/rules.md § 15)."""
        forms_ = phones.written_forms(e164)
        if not forms_:
            return self.none()
        verified = Q(household__members__user__phone=e164, household__members__user__phone_verified_at__isnull=False)
        lease = Q(household__members__is_tenant=True, household__members__phone__in=forms_)
        return self.filter(pk__in=Case.objects.filter(verified | lease).values("pk"))

    def awaiting_contact(self):
        return self.filter(deadlines.awaiting_contact_q())

    def clock_running(self):
        """The contact clock runs (as Case.clock_runs): the only cases whose deadline is shown or filtered on."""
        return self.filter(deadlines.clock_running_q())

    def awaiting_reach_out(self):
        """Cases where the household's next sign of life counts as reaching out: never yet, or not since the case
        was put in "no contact" (as Case.awaits_reach_out)."""
        return self.exclude(deadlines.reached_out_q())

    # The contact clock and the length of support: casework.deadlines holds each rule.

    def in_warning(self, today=None):
        return self.filter(deadlines.in_warning_q(parameter_values("warning_days"), today))

    def due_within(self, days, today=None):
        return self.filter(deadlines.due_within_q(days, today))

    def past_deadline(self, today=None):
        return self.filter(deadlines.past_deadline_q(today))

    def reached_out_past_deadline(self, today=None):
        return self.filter(deadlines.reached_out_past_deadline_q(today))

    def support_overdue(self, now=None):
        return self.filter(deadlines.support_overdue_q(parameter_values("expected_support_months"), now))

    def waiting(self):
        """On the waiting list (casework.capacity)."""
        return self.filter(capacity.waiting_q())

    def to_confirm_contact(self):
        """The household reached out and no worker has confirmed the exchange yet."""
        return self.filter(household_reached_out_at__isnull=False, contact_established_at__isnull=True).open()


class Case(models.Model):
    """A household's path through the programme. Status changes only through casework.workflow."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cases")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="cases")
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="case")
    status = models.CharField("statut", max_length=24, choices=CaseStatus.choices, default=CaseStatus.REFERRED)
    assigned_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_cases"
    )
    deadline = models.DateField("échéance du contact")
    warning_sent_at = models.DateTimeField(null=True, blank=True)
    household_reached_out_at = models.DateTimeField("le ménage s'est manifesté le", null=True, blank=True)
    contact_established_at = models.DateTimeField("contact établi le", null=True, blank=True)
    no_contact_at = models.DateTimeField(null=True, blank=True)
    landlord_notified_at = models.DateTimeField("bailleur informé de l'absence de contact le", null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    assessment_started_at = models.DateTimeField(null=True, blank=True)
    support_started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField("issue", max_length=20, choices=Outcome.choices, blank=True)
    orientation_scheme = models.CharField("dispositif d'orientation", max_length=200, blank=True)
    dialogue_restored = models.BooleanField("dialogue bailleur-ménage rétabli", null=True, blank=True)
    invitation = models.OneToOneField(
        "portal.Invitation", null=True, blank=True, on_delete=models.SET_NULL, related_name="case"
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The waiting list (casework.capacity): referred while the programme was full, then taken off by a coordinator
    # (the day it enters the year's count and its contact clock starts).
    waitlisted_at = models.DateTimeField("en liste d'attente depuis le", null=True, blank=True)
    admitted_on = models.DateField("sorti de la liste d'attente le", null=True, blank=True)
    # The programme's parameters in force when the case was referred (docs/rules.md § 2): kept for its life.
    terms = models.ForeignKey(
        ProgrammeVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name="version des paramètres",
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]

    def __str__(self):
        return f"Dossier {self.pk}"

    @property
    def parameters(self):
        """The parameters this case's rules read: the version in force when it was referred; a case made before
        versions existed (or built by hand in a test) reads its programme's, which are frozen onto it the day a
        change is accepted (casework.versions.accept)."""
        return self.terms if self.terms_id else self.programme

    # Booleans for pages: each reads its rule in casework.deadlines (templates never compare statuses or dates).

    @property
    def days_left(self):
        return deadlines.days_left(self)

    @property
    def awaiting_contact(self):
        return deadlines.awaiting_contact(self)

    @property
    def clock_runs(self):
        """The contact clock runs: not after contact, nor once the household reached out, nor on a closed case or
        a referral awaiting the coordinator's decision. A deadline is shown only then."""
        return deadlines.clock_running(self)

    @property
    def shows_warning(self):
        """In the warning period: the clock runs and the deadline is near."""
        return deadlines.in_warning(self)

    @property
    def is_past_deadline(self):
        """The clock runs and the deadline is over (the periodic job moves it to "no contact")."""
        return deadlines.past_deadline(self)

    @property
    def deadline_passed(self):
        """Awaiting contact and the deadline day is over, whether or not the household reached out."""
        return self.awaiting_contact and not self.is_waiting and self.days_left < 0

    @property
    def is_waiting(self):
        """On the waiting list: no contact deadline runs yet (casework.capacity)."""
        return capacity.waiting(self)

    @property
    def waiting_text(self):
        return capacity.LANDLORD_WAITING_TEXT

    @property
    def reached_out_past_deadline(self):
        """The household reached out, contact is not confirmed and the deadline is over: for the coordinator."""
        return deadlines.reached_out_past_deadline(self)

    @property
    def contact_state(self):
        return deadlines.contact_state(self)

    @property
    def status_label(self):
        return deadlines.status_label(self)

    @property
    def heard_from_household(self):
        """Contact established or the household reached out: never reported as unreachable."""
        return self.contact_state != ContactState.NONE

    @property
    def is_closed(self):
        return self.status == CaseStatus.CLOSED

    @property
    def can_reopen(self):
        return self.status == CaseStatus.NO_CONTACT

    @property
    def is_no_contact(self):
        return self.status == CaseStatus.NO_CONTACT

    @property
    def is_open(self):
        return self.status != CaseStatus.CLOSED

    @property
    def contact_established(self):
        return self.contact_established_at is not None

    @property
    def may_be_taken(self):
        """« M'attribuer »: an open case nobody holds (casework.services.take checks it on the locked row)."""
        return self.is_open and self.assigned_worker_id is None

    @property
    def awaits_reach_out(self):
        """As CaseQuerySet.awaiting_reach_out, for a loaded case."""
        return not deadlines.reached_out(self)

    @property
    def landlord_may_know(self):
        """As CaseQuerySet.landlord_known, for a loaded case (its programme's landlord)."""
        return self.referral.source == ReferralSource.LANDLORD

    @property
    def needs_contact_confirmation(self):
        return self.is_open and self.household_reached_out_at is not None and self.contact_established_at is None

    @property
    def support_overdue(self):
        """Support past the programme's expected length: flag it for a handover or a closure."""
        return deadlines.support_overdue(self)

    @property
    def landlord_outcome(self):
        """The outcome category as the landlord sees it: an orientation never says which scheme."""
        return self.get_outcome_display() if self.outcome else ""

    @classmethod
    def deadline_for(cls, programme, referred_on):
        return deadlines.deadline_for(programme, referred_on)


class TimelineEvent(models.Model):
    """One entry of a case's timeline (association only): a transition, an attempt, a note's existence."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=40)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    detail = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Dossier n°{self.case_id} : {self.kind}"

    @property
    def from_label(self):
        return CaseStatus(self.from_status).label if self.from_status in CaseStatus.values else self.from_status

    @property
    def to_label(self):
        return CaseStatus(self.to_status).label if self.to_status in CaseStatus.values else self.to_status


class EncryptedJSONField(EncryptedTextField):
    """JSON (lists, dicts) encrypted at rest like any confidential text: structure leaks nothing either."""

    def from_db_value(self, value, expression, connection):
        text = super().from_db_value(value, expression, connection)
        if text is None or text == "":
            return self.get_default()
        return json.loads(text)

    def to_python(self, value):
        if isinstance(value, str) and value[:1] in "[{":
            return json.loads(value)
        return value

    def get_prep_value(self, value):
        if value is None:
            return value
        # Not super(): TextField.get_prep_value would run to_python and turn the JSON text back into a list.
        return encrypt_text(json.dumps(value, ensure_ascii=False, default=str))

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj), default=str)


class ContactAttempt(models.Model):
    """One attempt by the association to reach the household (association only)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contact_attempts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    made_at = models.DateTimeField("date et heure", default=timezone.now)
    channel = models.CharField("moyen", max_length=16, choices=ContactChannel.choices)
    outcome = models.CharField("résultat", max_length=16, choices=ContactOutcome.choices)
    note = EncryptedTextField("note", blank=True)

    class Meta:
        ordering = ["-made_at", "-pk"]

    def __str__(self):
        return f"Tentative de contact ({self.get_channel_display()}, {self.get_outcome_display()}), dossier n°{self.case_id}"


class Diagnostic(models.Model):
    """The first interview(s): the family's account, origin of arrears, rights, budget, information given."""

    # The free texts, each kept as an encrypted draft while it is typed (casework.draft_kinds, portal.drafts).
    TEXTS = ("family_account", "solutions_seen", "origin_detail", "housing_comment", "information_links", "notes")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="diagnostic")
    family_account = EncryptedTextField("ce que vit la famille, en ses mots", blank=True)
    solutions_seen = EncryptedTextField("les solutions qu'elle entrevoit", blank=True)
    origins = EncryptedJSONField("origine de l'impayé", default=list, blank=True)
    origin_detail = EncryptedTextField("précisions sur l'origine", blank=True)
    # {right: status} with Right and RightStatus values.
    rights = EncryptedJSONField("droits", default=dict, blank=True)
    # [{"label": ..., "amount": "123.45"}] per month.
    income_lines = EncryptedJSONField("ressources mensuelles", default=list, blank=True)
    charge_lines = EncryptedJSONField("charges mensuelles", default=list, blank=True)
    housing_adequacy = EncryptedTextField("adéquation du logement", blank=True)
    housing_comment = EncryptedTextField("commentaire sur le logement", blank=True)
    information_given = EncryptedJSONField("informations données", default=list, blank=True)
    information_links = EncryptedTextField("pages du guide remises", blank=True)
    notes = EncryptedTextField("notes libres", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Diagnostic du dossier n°{self.case_id}"

    @staticmethod
    def _total(lines):
        total = Decimal(0)
        for line in lines or []:
            try:
                total += Decimal(str(line.get("amount") or 0))
            except ArithmeticError:
                continue
        return total

    @property
    def monthly_income(self):
        return self._total(self.income_lines)

    @property
    def monthly_charges(self):
        """Charges listed in the budget, the rent left to pay (net of APL) included."""
        return self._total(self.charge_lines) + self.case.referral.tenancy.net_monthly_rent

    @property
    def rest_to_live_per_person_per_day(self):
        persons = max(self.case.household.size, 1)
        return ((self.monthly_income - self.monthly_charges) / persons / Decimal(30)).quantize(Decimal("0.01"))

    @property
    def rent_burden(self):
        """Net rent over income, as a percentage (None without income)."""
        income = self.monthly_income
        if not income:
            return None
        return (self.case.referral.tenancy.net_monthly_rent / income * 100).quantize(Decimal("0.1"))

    def get_housing_adequacy_display(self):
        return dict(HousingAdequacy.choices).get(self.housing_adequacy, "")


class RoadmapActionQuerySet(models.QuerySet):
    def for_household(self):
        """The steps the household takes itself: the only ones its home page counts as « à faire »."""
        return self.filter(actor=Party.HOUSEHOLD)

    def open(self):
        """Steps still to do (neither done nor abandoned)."""
        return self.filter(status__in=(ActionStatus.TODO, ActionStatus.IN_PROGRESS))


class RoadmapAction(models.Model):
    """A step of the carnet de route. The household sees it once its identity is confirmed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="roadmap")
    title = EncryptedTextField("action")
    actor = models.CharField("qui agit", max_length=12, choices=Party.choices, default=Party.HOUSEHOLD)
    due_on = models.DateField("à faire pour le", null=True, blank=True)
    status = models.CharField("état", max_length=12, choices=ActionStatus.choices, default=ActionStatus.TODO)
    # A page of the public site, never a typed address (issue 18): shown only while the page is live.
    guide_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="page du guide",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RoadmapActionQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_on", "pk"]

    def __str__(self):
        return f"Action n°{self.pk} du carnet de route, dossier n°{self.case_id}"

    @property
    def for_household(self):
        """A step the household takes itself (it may tick it done in its space)."""
        return self.actor == Party.HOUSEHOLD

    @property
    def is_done(self):
        return self.status == ActionStatus.DONE

    @property
    def actor_for_household(self):
        """Who acts, as the household reads its carnet de route: « Vous » for its own steps."""
        return "Vous" if self.for_household else self.get_actor_display()

    @property
    def live_guide_page(self):
        """The step's guide page while it is published; None once unpublished or deleted (no link is shown)."""
        page = self.guide_page
        return page if page is not None and page.live else None

    @property
    def guide_address(self):
        """The live guide page's full address, for the printed carnet (portal.links.absolute); "" without one."""
        page = self.live_guide_page
        parts = page.get_url_parts() if page is not None else None
        if not parts:
            return ""
        return links.absolute("wagtail_serve", parts[2].lstrip("/"))


class MeetingFromAppointment:
    """A tripartite review's or a joint handover interview's date and place: its active appointment's, read, never
    copied (one source). `appointment_relation` is the reverse name of the appointment's foreign key."""

    appointment_relation = ""

    @classmethod
    def appointment_prefetch(cls):
        # The appointment model reached through the relation: appointments.models imports this module.
        appointment_model = cls._meta.get_field(cls.appointment_relation).related_model
        return models.Prefetch(
            cls.appointment_relation,
            queryset=appointment_model.objects.active().select_related("association", "partner"),
            to_attr="active_appointments",
        )

    @property
    def appointment(self):
        """The active appointment (at most one, by constraint), or None; loaded once unless prefetched."""
        if self.pk is None:
            return None
        if "active_appointments" not in self.__dict__:
            models.prefetch_related_objects([self], self.appointment_prefetch())
        return self.active_appointments[0] if self.active_appointments else None

    @property
    def scheduled_at(self):
        appointment = self.appointment
        return appointment.starts_at if appointment else None

    @property
    def place_line(self):
        """Where, in the discreet wording every participant may read; empty until an appointment is set."""
        appointment = self.appointment
        return wording.place_line(appointment) if appointment else ""

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("active_appointments", None)
        super().refresh_from_db(*args, **kwargs)


class WithAppointmentQuerySet(models.QuerySet):
    def with_appointment(self):
        """Prefetch the active appointment, so that a list showing dates and places costs one query more."""
        return self.prefetch_related(self.model.appointment_prefetch())


class HandoverQuerySet(WithAppointmentQuerySet):
    def with_consent(self):
        return self.filter(consent_given_at__isnull=False, consent_withdrawn_at__isnull=True)

    def awaiting_answer(self):
        """Handovers the household has not answered yet: neither agreed nor refused (its home page asks)."""
        return self.filter(consent_given_at__isnull=True, consent_withdrawn_at__isnull=True)


class Handover(MeetingFromAppointment, models.Model):
    """A passage de relais to a partner-service organisation, only with the household's consent.

    A joint interview, if the household wishes one, is an appointment: its date and place are the appointment's.
    """

    appointment_relation = "joint_interview_appointments"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    partner = models.ForeignKey(
        "portal.Organisation",
        on_delete=models.PROTECT,
        related_name="handovers",
        limit_choices_to={"kind": OrganisationKind.PARTNER},
        verbose_name="service partenaire",
    )
    note = EncryptedTextField("note de passage de relais", blank=True)
    joint_interview = models.BooleanField("entretien commun souhaité", default=False)
    status = models.CharField("état", max_length=12, choices=HandoverStatus.choices, default=HandoverStatus.PROPOSED)
    consent_given_at = models.DateTimeField("consentement recueilli le", null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField("consentement retiré le", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Relais n°{self.pk} du dossier n°{self.case_id}"

    @property
    def consent_stands(self):
        return self.consent_given_at is not None and self.consent_withdrawn_at is None

    @property
    def awaiting_answer(self):
        """Same rule as HandoverQuerySet.awaiting_answer, on one handover."""
        return self.consent_given_at is None and self.consent_withdrawn_at is None

    @property
    def can_accept(self):
        return HandoverStatus.ACCEPTED in PARTNER_MOVES.get(self.status, ())

    @property
    def can_mark_done(self):
        return HandoverStatus.DONE in PARTNER_MOVES.get(self.status, ())


class HandoverConsent(models.Model):
    """The history of the household's consent to a handover: given, withdrawn, by whom and how."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="consents")
    given = models.BooleanField()
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_household = models.BooleanField("par le ménage lui-même", default=False)
    how = models.CharField("recueilli comment", max_length=120, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"Consentement {'donné' if self.given else 'refusé'} pour le relais n°{self.handover_id}"


class TripartiteReview(MeetingFromAppointment, models.Model):
    """A bilan association + landlord + household. Minutes: drafted, commented by the household, validated.

    Its date and place are its appointment's (one source): `scheduled_at` and `place_line` read them.
    """

    appointment_relation = "appointments"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    status = models.CharField("compte rendu", max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    rent_payment = EncryptedTextField("paiement du loyer", blank=True)
    debt_and_plan = EncryptedTextField("dette et plan d'apurement", blank=True)
    transfer = EncryptedTextField("mutation", blank=True)
    next_steps = EncryptedTextField("prochaines étapes", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The household's word on shared minutes: its first comment or « pas de remarque » (casework.reviews).
    household_answered_at = models.DateTimeField("réponse du ménage le", null=True, blank=True)
    # Why the worker validated without the household's word nor the 7 days (for example: no account).
    validation_reason = models.CharField("motif de validation sans réponse du ménage", max_length=200, blank=True)

    SECTIONS = ("rent_payment", "debt_and_plan", "transfer", "next_steps")

    objects = WithAppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Bilan n°{self.pk} du dossier n°{self.case_id}"

    @property
    def is_draft(self):
        return self.status == ReviewStatus.DRAFT

    @property
    def is_shared(self):
        """Shared with the household for comments, not yet validated: the landlord does not see it yet."""
        return self.status == ReviewStatus.SHARED

    @property
    def is_validated(self):
        return self.status == ReviewStatus.VALIDATED

    def sections(self):
        return [(self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.SECTIONS]

    def set_participants(self, *, landlord=True, household=True, others=()):
        """Who attends: the association always, the landlord and the household if they come, others by name."""
        programme = self.case.programme
        self.participants.all().delete()
        organisations = [(Party.ASSOCIATION, programme.association)]
        if landlord:
            organisations.append((Party.LANDLORD, programme.landlord))
        rows = [
            ReviewParticipant(review=self, kind=kind, organisation=organisation, name=organisation.name)
            for kind, organisation in organisations
        ]
        if household:
            rows.append(ReviewParticipant(review=self, kind=Party.HOUSEHOLD, name="Le ménage"))
        rows += [
            ReviewParticipant(review=self, kind=Party.PARTNER, name=name.strip()[:200])
            for name in others
            if name.strip()
        ]
        ReviewParticipant.objects.bulk_create(rows)


class ReviewParticipant(models.Model):
    """Who attends a review: a user of an organisation, or the household (named)."""

    review = models.ForeignKey(TripartiteReview, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(max_length=12, choices=Party.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="review_participations"
    )
    organisation = models.ForeignKey(
        "portal.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="review_participations"
    )
    name = models.CharField("nom", max_length=200, blank=True)

    def __str__(self):
        return self.name or (str(self.user) if self.user_id else self.get_kind_display())


class ReviewComment(models.Model):
    """The household's comment on draft minutes, before the association validates them."""

    review = models.ForeignKey(TripartiteReview, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = EncryptedTextField("commentaire")
    created_at = models.DateTimeField(default=timezone.now)
    # The minutes' sections as they read when the household commented (JSON), to tell it what changed since.
    sections_when_commented = EncryptedTextField("compte rendu au moment de la remarque", blank=True)
    # The association's answer, written through casework.reviews.answer() and read by the household.
    answer = EncryptedTextField("réponse de l'association", blank=True)
    answered_at = models.DateTimeField("réponse le", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Commentaire n°{self.pk} du bilan n°{self.review_id}"


class ArrearsStatement(models.Model):
    """The balance owed at a date, recorded by the landlord (form or monthly CSV)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="arrears_statements")
    statement_date = models.DateField("date du relevé")
    balance = models.DecimalField("solde dû (€)", max_digits=10, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-statement_date"]
        constraints = [models.UniqueConstraint(fields=["case", "statement_date"], name="unique_statement_per_date")]

    def __str__(self):
        return f"Relevé du {formats.day(self.statement_date)}, dossier n°{self.case_id}"


class RepaymentPlan(models.Model):
    """A plan d'apurement: from its start balance, a monthly instalment for a number of months, then possibly
    further steps (« 40 € pendant 3 mois, puis 60 € »). Its state is casework.plans.plan_state."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="repayment_plans")
    start_date = models.DateField("date de début")
    start_balance = models.DecimalField("dette au début du plan (€)", max_digits=10, decimal_places=2)
    monthly_instalment = models.DecimalField("mensualité (€)", max_digits=8, decimal_places=2)
    duration_months = models.PositiveSmallIntegerField("durée (mois)")
    # Steps after the first, in order: [{"months": 9, "instalment": "60.00"}] (casework.plans.Step).
    later_steps = models.JSONField("paliers suivants", default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    broken_alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "-pk"]

    def __str__(self):
        return f"Plan d'apurement du dossier n°{self.case_id} à partir du {formats.day(self.start_date)}"

    @property
    def steps(self):
        return plans.plan_steps(self.monthly_instalment, self.duration_months, self.later_steps)

    @property
    def description(self):
        return plans.describe(self.steps)

    def evaluate(self, statements, today=None):
        """The plan rule (docs/rules.md): casework.plans.plan_state."""
        return plans.plan_state(
            start_date=self.start_date,
            start_balance=self.start_balance,
            steps=self.steps,
            tolerance=self.case.parameters.repayment_tolerance,
            statements=statements,
            today=today or timezone.localdate(),
        )

    def status(self, today=None):
        return self.evaluate(list(self.case.arrears_statements.all()), today=today)


class TransferRequest(models.Model):
    """A mutation toward a dwelling fitting the household's means (association only)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfer_requests")
    status = models.CharField("état", max_length=12, choices=TransferStatus.choices, default=TransferStatus.TO_FILE)
    filed_on = models.DateField("déposée le", null=True, blank=True)
    offered_on = models.DateField("logement proposé le", null=True, blank=True)
    ended_on = models.DateField("réalisée ou abandonnée le", null=True, blank=True)
    wished_communes = models.CharField("communes souhaitées", max_length=300, blank=True)
    note = EncryptedTextField("note", blank=True)
    # The household's consent (history in TransferConsent): the landlord sees the state and dates only while it
    # stands, the wished communes only if the household also allows it; never the note (casework.transfers).
    landlord_informed = models.BooleanField("le bailleur peut suivre la demande", default=False)
    communes_shared = models.BooleanField("le bailleur peut voir les communes souhaitées", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Demande de mutation n°{self.pk} du dossier n°{self.case_id}"

    @property
    def is_over(self):
        return self.status in (TransferStatus.DONE, TransferStatus.ABANDONED)


class TransferConsent(models.Model):
    """The history of the household's consent to the landlord following its transfer request."""

    transfer = models.ForeignKey(TransferRequest, on_delete=models.CASCADE, related_name="consents")
    given = models.BooleanField()
    communes_shared = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    how = models.CharField("recueilli comment", max_length=120, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"Accord {'donné' if self.given else 'retiré'} pour la mutation n°{self.transfer_id}"


class ProgrammeMeeting(models.Model):
    """The regular association–landlord meeting across the caseload. Notes are non-confidential by rule."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("date")
    attendees = models.TextField("participants")
    cases = models.ManyToManyField(Case, blank=True, related_name="programme_meetings", verbose_name="dossiers évoqués")
    notes = models.TextField("notes (non confidentielles)", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Scheduled from the portal (casework.services.schedule_meeting): the hour, the place, when both sides were
    # invited, and the agenda prepared from the rules ({case id: [reason keys of casework.agenda.REASONS]}).
    starts_at = models.TimeField("heure", null=True, blank=True)
    place = models.CharField("lieu ou lien", max_length=300, blank=True)
    invited_at = models.DateTimeField("invitation envoyée le", null=True, blank=True)
    agenda = models.JSONField("ordre du jour", default=dict, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"Réunion de programme du {formats.day(self.held_on)}"

    @property
    def is_upcoming(self):
        return self.held_on >= timezone.localdate()


class ArrearsImport(models.Model):
    """One upload of the landlord's monthly arrears extract."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=200)
    encoding = models.CharField(max_length=20)
    row_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)

    RETENTION_DAYS = 30

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"Import n°{self.pk} ({self.filename})"

    @property
    def is_decided(self):
        return self.status == ImportStatus.DECIDED

    @property
    def purge_on(self):
        return (self.uploaded_at + timedelta(days=self.RETENTION_DAYS)).date()


class ArrearsImportRow(models.Model):
    """A row of an extract, keyed on lease reference and statement date (re-imports update, never duplicate).

    Rows of households that are not referred are deleted once the decision is made, 30 days at most.
    """

    arrears_import = models.ForeignKey(ArrearsImport, on_delete=models.CASCADE, related_name="rows")
    landlord = models.ForeignKey("portal.Organisation", on_delete=models.CASCADE, related_name="+")
    lease_reference = models.CharField(max_length=60)
    statement_date = models.DateField()
    tenant_name = models.CharField(max_length=200)
    address = models.CharField(max_length=300)
    postcode = models.CharField(max_length=10)
    commune = models.CharField(max_length=120)
    commune_code = models.CharField(max_length=5, blank=True)
    agency = models.CharField(max_length=120, blank=True)
    moved_in_on = models.DateField()
    monthly_rent = models.DecimalField(max_digits=8, decimal_places=2)
    monthly_apl = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    guarantee = models.CharField(max_length=12, choices=Guarantee.choices)
    balance = models.DecimalField(max_digits=10, decimal_places=2)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    landlord_attempts = models.TextField(blank=True)
    eligibility = models.JSONField(default=dict)
    is_eligible = models.BooleanField(default=False)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["lease_reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["landlord", "lease_reference", "statement_date"], name="unique_import_row_per_statement"
            )
        ]

    def __str__(self):
        return f"Ligne {self.lease_reference} de l'import n°{self.arrears_import_id}"


class CaseNote(models.Model):
    """A worker's note on a case (association only; drafted with portal.drafts)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = EncryptedTextField("note")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Note n°{self.pk} du dossier n°{self.case_id}"


class Outreach(models.Model):
    """An invitation or a reminder sent by the portal to the household (casework.outreach): a contact attempt on
    the case's record, with the provider's delivery status read from its SMS (portal.models.OutboundSms)."""

    INVITATION, REMINDER_3, REMINDER_7 = "invitation", "reminder_3", "reminder_7"
    KINDS = [(INVITATION, "Invitation"), (REMINDER_3, "Relance du 3e jour"), (REMINDER_7, "Relance du 7e jour")]

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outreach")
    kind = models.CharField(max_length=12, choices=KINDS)
    channel = models.CharField(max_length=16, choices=ContactChannel.choices)
    attempt = models.OneToOneField(ContactAttempt, on_delete=models.CASCADE, related_name="outreach")
    sms = models.ForeignKey("portal.OutboundSms", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Why nothing went out: "no_address", "stopped" (STOP), "reached_out", "failed" (the provider refused).
    not_sent = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_channel_display()}), dossier n°{self.case_id}"


# Requests that never led to a case are deleted after 12 months (docs/rules.md § 7), calendar months.
CONTACT_REQUEST_RETENTION_MONTHS = 12


class ContactRequestQuerySet(models.QuerySet):
    def for_association(self, organisation_ids):
        return self.filter(association_id__in=organisation_ids)

    def expired(self, now=None):
        """Requests that never led to a case, older than the retention period (12 months)."""
        now = now or timezone.now()
        cutoff = add_months_to_instant(now, -CONTACT_REQUEST_RETENTION_MONTHS)
        return self.filter(created_at__lt=cutoff, case__isnull=True)


class ContactRequest(models.Model):
    """A call-back request: sent from the public contact page (home.contact, through casework.call_backs.receive) to
    the association of the site settings, or by SMS (« RAPPEL ») on a case. Handled in casework."""

    association = models.ForeignKey(
        "portal.Organisation", on_delete=models.CASCADE, related_name="contact_requests", verbose_name="association"
    )
    name = EncryptedTextField("nom ou prénom")
    channel = models.CharField(
        "être joint par", max_length=10, choices=[(c.value, c.label) for c in CALL_BACK_CHANNELS]
    )
    contact = EncryptedTextField("téléphone ou e-mail")
    preferred_times = EncryptedTextField("moments préférés", blank=True)
    message = EncryptedTextField("message", blank=True)
    consent_at = models.DateTimeField("accord pour être contacté le")
    status = models.CharField(
        "statut", max_length=10, choices=ContactRequestStatus.choices, default=ContactRequestStatus.NEW
    )
    handled_at = models.DateTimeField("traitée le", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case = models.ForeignKey(
        "casework.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="contact_requests"
    )
    created_at = models.DateTimeField("reçue le", auto_now_add=True)

    objects = ContactRequestQuerySet.as_manager()

    class Meta:
        # The table of the time this model was the public site's (home): moved by state only, data kept.
        db_table = "home_contactrequest"
        ordering = ["-created_at"]
        verbose_name = "demande de contact"
        verbose_name_plural = "demandes de contact"

    def __str__(self):
        return f"Demande de contact n° {self.pk}"

    @property
    def is_new(self):
        return self.status == ContactRequestStatus.NEW

    def mark_handled(self, user):
        self.status = ContactRequestStatus.HANDLED
        self.handled_at = timezone.now()
        self.handled_by = user
        self.save(update_fields=["status", "handled_at", "handled_by"])
