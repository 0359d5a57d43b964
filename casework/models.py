"""Casework: programmes, households and tenancies, referrals and cases (the core the other capabilities share)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from casework.enums import CaseStatus, Guarantee, Outcome
from portal.crypto import EncryptedTextField
from portal.enums import OrganisationKind


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

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


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

    def __str__(self):
        return f"Signalement {self.pk} du {self.referred_on:%d/%m/%Y}"


class CaseQuerySet(models.QuerySet):
    def for_association(self, organisation_ids):
        return self.filter(programme__association_id__in=organisation_ids)

    def for_landlord(self, organisation_ids):
        return self.filter(programme__landlord_id__in=organisation_ids)

    def open(self):
        return self.exclude(status=CaseStatus.CLOSED)


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

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]

    def __str__(self):
        return f"Dossier {self.pk}"

    @property
    def days_left(self):
        return (self.deadline - timezone.localdate()).days

    @property
    def in_warning_period(self):
        return (
            self.status in (CaseStatus.REFERRED, CaseStatus.CONTACTING)
            and self.days_left <= self.programme.warning_days
        )

    @classmethod
    def deadline_for(cls, programme, referred_on):
        return referred_on + timedelta(days=programme.contact_deadline_days)


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
