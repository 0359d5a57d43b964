"""Forms of the appointments pages. Rules that need the database are checked by services.py."""

from datetime import UTC, datetime, timedelta

from django import forms
from django.utils import timezone

from appointments.enums import ACTIVE_STATUSES, AppointmentKind, ExceptionKind, Place
from appointments.models import Absence, AppointmentType, AvailabilityException, AvailabilityWindow
from casework.models import Handover, TripartiteReview
from portal.enums import OrganisationKind, Party, Role
from portal.models import Membership, Organisation, User

REASON_HELP = "Facultatif. Quelques mots suffisent ; l'association seule le lit."


def parse_slot(value):
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None


class SlotChoiceForm(forms.Form):
    """The household's booking form: a place, then one slot among the free ones (radio buttons by day)."""

    place = forms.ChoiceField(label="Où souhaitez-vous ce rendez-vous ?", widget=forms.RadioSelect)
    slot = forms.CharField(
        label="Créneau", error_messages={"required": "Choisissez un créneau dans la liste."}, widget=forms.HiddenInput
    )
    week = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, appointment_type, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = appointment_type.place_choices(include_partner=False)
        self.fields["place"].error_messages["required"] = "Choisissez où vous préférez le rendez-vous."

    def clean_slot(self):
        moment = parse_slot(self.cleaned_data["slot"])
        if moment is None:
            raise forms.ValidationError("Ce créneau n'est pas reconnu. Choisissez-en un dans la liste.")
        return moment


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Pourquoi ? ",
        required=False,
        max_length=500,
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DateTimeFields(forms.Form):
    """A date and a time typed separately (native pickers), combined in Europe/Paris time."""

    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(
        label="Heure de début", widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M")
    )

    def starts_at(self):
        naive = datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(naive, timezone.get_default_timezone())


class StaffAppointmentForm(DateTimeFields):
    MODE_CHOICES = [
        ("book", "Fixer le rendez-vous"),
        ("propose", "Le proposer au ménage, qui accepte ou demande un autre créneau"),
    ]

    type = forms.ModelChoiceField(label="Type de rendez-vous", queryset=AppointmentType.objects.all(), empty_label=None)
    worker = forms.ModelChoiceField(label="Avec", queryset=User.objects.none(), empty_label=None)
    place = forms.ChoiceField(label="Lieu", choices=Place.choices)
    partner = forms.ModelChoiceField(
        label="Partenaire qui reçoit (si le lieu est chez un partenaire)",
        queryset=Organisation.objects.filter(kind=OrganisationKind.PARTNER),
        required=False,
    )
    participants = forms.ModelMultipleChoiceField(
        label="Autres participants (bilan tripartite, entretien commun)",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Ils voient la date, l'heure et le lieu, rien du dossier.",
    )
    review = forms.ModelChoiceField(
        label="Bilan tripartite concerné",
        queryset=TripartiteReview.objects.none(),
        required=False,
        empty_label="Un nouveau bilan, créé avec ce rendez-vous",
        help_text="Pour un bilan tripartite. Sa date et son lieu seront ceux de ce rendez-vous.",
    )
    handover = forms.ModelChoiceField(
        label="Passage de relais concerné (entretien commun)",
        queryset=Handover.objects.none(),
        required=False,
        help_text="Sa date et son lieu seront ceux de ce rendez-vous.",
    )
    mode = forms.ChoiceField(label="Comment ?", choices=MODE_CHOICES, initial="book", widget=forms.RadioSelect)

    field_order = ["type", "worker", "date", "time", "place", "partner", "review", "handover", "participants", "mode"]

    def __init__(self, *args, case, review_id=None, handover_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        association = case.programme.association
        self.fields["worker"].queryset = User.objects.filter(
            memberships__organisation=association,
            memberships__is_active=True,
            memberships__role__in=(Role.WORKER, Role.COORDINATOR),
        ).order_by("first_name")
        self.fields["worker"].initial = case.assigned_worker_id
        self.fields["participants"].queryset = (
            User.objects.filter(
                memberships__is_active=True,
                memberships__role__in=(Role.LANDLORD_REFERENT, Role.PARTNER_CONTACT),
            )
            .filter(
                # The landlord's referents only where it may know of the case (CaseQuerySet.landlord_known).
                models_q_landlord_or_partner(case.programme.landlord_id if case.landlord_may_know else None),
            )
            .distinct()
            .order_by("last_name")
        )
        self.fields["participants"].label_from_instance = participant_label
        # Only reviews and joint interviews still without a date: one that has an appointment is moved instead.
        self.fields["review"].queryset = case.reviews.exclude(appointments__status__in=ACTIVE_STATUSES)
        self.fields["review"].label_from_instance = (
            lambda review: f"Bilan n° {review.pk}, préparé le {timezone.localtime(review.created_at):%d/%m/%Y}"
        )
        self.fields["handover"].queryset = (
            case.handovers.filter(joint_interview=True)
            .exclude(joint_interview_appointments__status__in=ACTIVE_STATUSES)
            .select_related("partner")
        )
        self.fields["handover"].label_from_instance = lambda handover: f"Passage de relais vers {handover.partner}"
        review = self.fields["review"].queryset.filter(pk=review_id).first() if review_id else None
        handover = self.fields["handover"].queryset.filter(pk=handover_id).first() if handover_id else None
        if review is not None:
            self._preselect(AppointmentKind.TRIPARTITE_REVIEW, review=review.pk)
            if review.participants.filter(kind=Party.LANDLORD).exists() and case.referral.referred_by_id:
                self.initial["participants"] = [case.referral.referred_by_id]
        elif handover is not None:
            contacts = self.fields["participants"].queryset.filter(memberships__organisation=handover.partner)
            self._preselect(
                AppointmentKind.JOINT_HANDOVER,
                handover=handover.pk,
                place=Place.PARTNER,
                partner=handover.partner_id,
                participants=list(contacts.values_list("pk", flat=True)),
            )
        if not self.fields["review"].queryset.exists():
            del self.fields["review"]
        if not self.fields["handover"].queryset.exists():
            del self.fields["handover"]

    def _preselect(self, kind, **values):
        """The booking opened from a review's or a handover's page: its type and its link already chosen."""
        self.initial.update(type=AppointmentType.for_kind(kind).pk, **values)

    def clean(self):
        cleaned = super().clean()
        appointment_type, place = cleaned.get("type"), cleaned.get("place")
        if appointment_type and place and place not in appointment_type.allowed_places:
            self.add_error("place", f"Ce lieu n'est pas possible pour un {appointment_type}.")
        if cleaned.get("handover") and place == Place.PARTNER and not cleaned.get("partner"):
            cleaned["partner"] = cleaned["handover"].partner
        if place == Place.PARTNER and not cleaned.get("partner"):
            self.add_error("partner", "Indiquez le partenaire qui reçoit le rendez-vous.")
        if cleaned.get("participants") and appointment_type and not appointment_type.has_other_participants:
            self.add_error(
                "participants", "Seuls les bilans tripartites et les entretiens communs ont d'autres participants."
            )
        return cleaned

    def participant_pairs(self):
        pairs = []
        memberships = Membership.objects.active().select_related("organisation")
        for user in self.cleaned_data.get("participants") or []:
            membership = memberships.filter(user=user, role__in=(Role.LANDLORD_REFERENT, Role.PARTNER_CONTACT)).first()
            pairs.append((user, membership.organisation))
        return pairs


def models_q_landlord_or_partner(landlord_id):
    from django.db.models import Q

    return Q(memberships__organisation_id=landlord_id, memberships__role=Role.LANDLORD_REFERENT) | Q(
        memberships__organisation__kind=OrganisationKind.PARTNER, memberships__role=Role.PARTNER_CONTACT
    )


def participant_label(user):
    membership = user.memberships.filter(is_active=True).select_related("organisation").first()
    organisation = f" — {membership.organisation}" if membership else ""
    return f"{user.get_full_name() or user.email}{organisation}"


class MoveForm(DateTimeFields):
    place = forms.ChoiceField(label="Lieu", choices=Place.choices)
    reason = ReasonForm.base_fields["reason"]

    def __init__(self, *args, appointment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = appointment.type.place_choices()
        self.fields["place"].initial = appointment.place


class WindowForm(forms.ModelForm):
    class Meta:
        model = AvailabilityWindow
        fields = ["weekday", "start_time", "end_time", "valid_from", "valid_until"]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "L'heure de fin doit suivre l'heure de début.")
        since, until = cleaned.get("valid_from"), cleaned.get("valid_until")
        if since and until and until < since:
            self.add_error("valid_until", "Cette date doit suivre la date de début.")
        return cleaned


class ExceptionForm(forms.ModelForm):
    class Meta:
        model = AvailabilityException
        fields = ["date", "kind", "start_time", "end_time"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "L'heure de fin doit suivre l'heure de début.")
        return cleaned


class AbsenceForm(forms.ModelForm):
    start_date = forms.DateField(label="Du", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end_date = forms.DateField(label="Au (inclus)", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    class Meta:
        model = Absence
        fields = ["label"]

    field_order = ["start_date", "end_date", "label"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "La date de fin doit suivre la date de début.")
        return cleaned

    def save(self, commit=True):
        tz = timezone.get_default_timezone()
        self.instance.starts_at = timezone.make_aware(
            datetime.combine(self.cleaned_data["start_date"], datetime.min.time()), tz
        )
        self.instance.ends_at = timezone.make_aware(
            datetime.combine(self.cleaned_data["end_date"] + timedelta(days=1), datetime.min.time()), tz
        )
        return super().save(commit)


EXCEPTION_KINDS = ExceptionKind
