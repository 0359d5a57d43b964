"""Forms of the casework pages; every error is French and sits next to its field."""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse_lazy
from django.utils import timezone

from casework import directory, eligibility, guides, plans, programmes
from casework.enums import (
    ActionStatus,
    ArrearsOrigin,
    ContactOutcome,
    Guarantee,
    HandoverStatus,
    HousingAdequacy,
    InformationTopic,
    Outcome,
    Right,
    RightStatus,
    TransferStatus,
)
from casework.models import (
    CASE_KEPT_PARAMETERS,
    ArrearsStatement,
    ContactAttempt,
    Handover,
    Programme,
    ProgrammeMeeting,
    RepaymentPlan,
    RoadmapAction,
    TransferRequest,
    TripartiteReview,
)
from portal import formats, geo
from portal.enums import ContactChannel, Party, Role
from portal.models import Organisation, User
from portal.privacy import HOUSEHOLD_READS_NOTES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MONEY = {"max_digits": 10, "decimal_places": 2, "min_value": Decimal(0)}


class AmountField(forms.DecimalField):
    """An amount in euros typed as people type it: « 520,50 », « 520.50 », « 1 398,52 € » (portal.formats
    .parse_amount, the one reader). Shown back with a comma, in a text box with the numeric keypad on phones."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {"invalid": "Indiquez un montant en euros, par exemple 520,50."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return formats.parse_amount(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        return formats.number(value, 2) if isinstance(value, Decimal) else value


def textarea(rows=4, **attrs):
    return forms.Textarea(attrs={"rows": rows, **attrs})


# The referral form's fields that the eligibility rule reads (casework.eligibility.criteria): the criteria list is
# recomputed from these alone, on every submission and, with JavaScript, as they are filled (referral_criteria).
CRITERIA_FIELDS = (
    "programme",
    "postcode",
    "commune",
    "guarantee",
    "moved_in_on",
    "monthly_rent",
    "monthly_apl",
    "arrears_amount",
    "landlord_attempts",
    "attempts_unanswered",
)


def referral_criteria(data):
    """The criteria of `data["programme"]` (the referral form's cleaned values, any of them missing) as dicts; None
    without a programme. The one bridge from the form to casework.eligibility.criteria()."""
    programme = data.get("programme")
    if programme is None:
        return None
    return [
        c.as_dict()
        for c in eligibility.criteria(
            programme,
            commune=data.get("commune_code") or geo.code_at(data.get("postcode") or "", data.get("commune") or ""),
            guarantee=data.get("guarantee") or "",
            moved_in_on=data.get("moved_in_on"),
            monthly_rent=data.get("monthly_rent"),
            monthly_apl=data.get("monthly_apl"),
            arrears=data.get("arrears_amount"),
            attempts_logged=bool((data.get("landlord_attempts") or "").strip()),
            attempts_unanswered=bool(data.get("attempts_unanswered")),
        )
    ]


class ReferralForm(forms.Form):
    programme = forms.ModelChoiceField(
        label="Programme", queryset=None, error_messages={"invalid_choice": "Choisissez un de vos programmes."}
    )
    lease_reference = forms.CharField(label="Référence du bail", max_length=60)
    tenant_first_name = forms.CharField(label="Prénom du ou de la titulaire", max_length=150)
    tenant_last_name = forms.CharField(label="Nom du ou de la titulaire", max_length=150)
    household_size = forms.IntegerField(label="Personnes au foyer", min_value=1, max_value=20, initial=1)
    phone = forms.CharField(label="Téléphone", max_length=30, required=False)
    email = forms.EmailField(label="E-mail", required=False)
    address = forms.CharField(label="Adresse du logement", max_length=300)
    postcode = forms.RegexField(
        label="Code postal", regex=r"^\d{5}$", error_messages={"invalid": "Saisissez un code postal à 5 chiffres."}
    )
    commune = forms.CharField(label="Commune", max_length=120)
    agency = forms.CharField(label="Agence", max_length=120, required=False)
    moved_in_on = forms.DateField(label="Date d'entrée dans les lieux", widget=DATE)
    monthly_rent = AmountField(label="Loyer et charges mensuels (€)", **MONEY)
    monthly_apl = AmountField(label="APL mensuelle (€)", initial=0, **MONEY)
    # No answer chosen in advance: « Aucune » preselected would meet a criterion nobody checked.
    guarantee = forms.ChoiceField(
        label="Garantie de loyer",
        choices=[("", "Choisissez"), *Guarantee.choices],
        error_messages={"required": "Indiquez la garantie de loyer, « Aucune » s'il n'y en a pas."},
    )
    arrears_amount = AmountField(label="Montant impayé à ce jour (€)", **MONEY)
    landlord_attempts = forms.CharField(
        label="Vos tentatives de contact",
        widget=textarea(3),
        required=False,
        help_text="Dates et moyens (courrier, appel, visite). Ne notez rien de la vie privée du ménage.",
    )
    attempts_unanswered = forms.BooleanField(label="Ces tentatives sont restées sans réponse", required=False)
    exception_reason = forms.CharField(
        label="Motif d'un signalement hors critères",
        widget=textarea(3),
        required=False,
        help_text="La coordinatrice de l'association devra accepter un signalement hors critères.",
    )
    # Not « (facultatif) »: the form refuses the referral without them in some cases (includes/form_field.html).
    REQUIREMENTS = {
        "landlord_attempts": "nécessaire au critère des tentatives de contact",
        "exception_reason": "obligatoire si un critère n'est pas rempli",
    }

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        if len(programmes) == 1:
            self.fields["programme"].initial = programmes[0]
            self.fields["programme"].widget = forms.HiddenInput()
        else:
            self.fields["programme"].empty_label = "Choisissez le programme"
        for name, requirement in self.REQUIREMENTS.items():
            self.fields[name].requirement = requirement
        self.criteria = None

    def clean_moved_in_on(self):
        value = self.cleaned_data["moved_in_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("La date d'entrée ne peut pas être dans le futur.")
        return value

    def clean(self):
        cleaned = super().clean()
        if None not in (cleaned.get("monthly_apl"), cleaned.get("monthly_rent")):
            if cleaned["monthly_apl"] > cleaned["monthly_rent"]:
                self.add_error("monthly_apl", "L'APL ne peut pas dépasser le loyer.")
        if cleaned.get("postcode") and cleaned.get("commune"):
            cleaned["commune_code"] = self.commune_code(cleaned["postcode"], cleaned["commune"])
        self.criteria = referral_criteria(cleaned)
        if self.errors or self.criteria is None:
            return cleaned
        if not eligibility.all_met(self.criteria) and not cleaned.get("exception_reason", "").strip():
            self.add_error(
                "exception_reason",
                "Ce ménage ne remplit pas tous les critères : expliquez pourquoi vous le signalez quand même.",
            )
        return cleaned

    def shown_criteria(self):
        """The criteria shown next to the form: from the values typed when submitted, else from the initial
        values (the programme preselected when there is only one), so that the list is there from the start."""
        if self.is_bound:
            self.is_valid()
            return self.criteria
        return referral_criteria(
            {name: self.get_initial_for_field(self.fields[name], name) for name in CRITERIA_FIELDS}
        )

    def commune_code(self, postcode, name):
        """The tenancy's code INSEE from its postcode and commune, or a message on the commune field."""
        if not postcode:
            return ""
        found = geo.at_address(postcode, name)
        if len(found) == 1:
            return found[0].code
        names = ", ".join(dict.fromkeys(c.name for c in geo.by_postcode(postcode) if not c.parent))
        if not found:
            message = f"Aucune commune de ce nom n'a le code postal {postcode}"
            self.add_error("commune", f"{message} : {names}." if names else f"{message}.")
        else:
            self.add_error("commune", f"Plusieurs communes de ce nom ont le code postal {postcode} : {names}.")
        return ""

    @property
    def eligible(self):
        return eligibility.all_met(self.criteria)


class ImportForm(forms.Form):
    programme = forms.ModelChoiceField(label="Programme", queryset=None, empty_label=None)
    file = forms.FileField(
        label="Fichier CSV de l'extraction mensuelle",
        help_text="UTF-8 ou Windows-1252, séparé par des points-virgules ou des virgules. 5 Mo au plus.",
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        if programmes.count() == 1:
            self.fields["programme"].initial = programmes.first()
            self.fields["programme"].widget = forms.HiddenInput()


class ContactAttemptForm(forms.ModelForm):
    class Meta:
        model = ContactAttempt
        fields = ["made_at", "channel", "outcome", "note"]
        widgets = {"made_at": DATETIME, "note": textarea(2)}
        labels = {"note": "Note (confidentielle)"}
        help_texts = {"note": HOUSEHOLD_READS_NOTES}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["made_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        self.fields["channel"].choices = ContactChannel.choices
        self.fields["outcome"].choices = ContactOutcome.choices
        self.fields["outcome"].help_text = "« Échange avec le ménage » établit le contact."

    def clean_made_at(self):
        value = self.cleaned_data["made_at"]
        if value > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError("Une tentative ne peut pas être dans le futur.")
        return value


class AssignForm(forms.Form):
    worker = forms.ModelChoiceField(label="Travailleur social", queryset=None, required=False, empty_label="Personne")

    def __init__(self, *args, association_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = User.objects.filter(
            memberships__organisation_id=association_id,
            memberships__is_active=True,
            memberships__role__in=[Role.WORKER, Role.COORDINATOR],
            is_active=True,
        ).order_by("last_name", "first_name")


class ConfirmIdentityForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    how = forms.ChoiceField(
        label="Comment l'identité a été vérifiée",
        choices=[("par téléphone", "Par téléphone"), ("en personne", "En personne")],
        widget=forms.RadioSelect,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Motif", widget=textarea(3), max_length=2000)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label="Issue", choices=[("", "Choisissez…"), *Outcome.choices])
    orientation_scheme = forms.CharField(
        label="Dispositif d'orientation",
        max_length=200,
        required=False,
        help_text="Seulement pour une orientation. Le bailleur ne le verra pas.",
    )
    dialogue_restored = forms.TypedChoiceField(
        label="Le dialogue entre le bailleur et le ménage est-il rétabli ?",
        choices=[("yes", "Oui"), ("no", "Non")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    closed_on = forms.DateField(label="Date de clôture", widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == Outcome.ORIENTATION and not cleaned.get("orientation_scheme", "").strip():
            self.add_error("orientation_scheme", "Indiquez vers quel dispositif le ménage est orienté.")
        if cleaned.get("closed_on") and cleaned["closed_on"] > timezone.localdate():
            self.add_error("closed_on", "La date de clôture ne peut pas être dans le futur.")
        return cleaned


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Nouvelle note (confidentielle)", widget=textarea(5), max_length=20000, help_text=HOUSEHOLD_READS_NOTES
    )


class DiagnosticForm(forms.Form):
    """The diagnostic, with the rights checklist and budget lines as plain fields (works without JS)."""

    BUDGET_LINES = 6

    family_account = forms.CharField(label="Ce que vit la famille, en ses mots", widget=textarea(5), required=False)
    solutions_seen = forms.CharField(label="Les solutions qu'elle entrevoit", widget=textarea(3), required=False)
    origins = forms.MultipleChoiceField(
        label="Origine de l'impayé", choices=ArrearsOrigin.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    origin_detail = forms.CharField(label="Précisions sur l'origine", widget=textarea(3), required=False)
    housing_adequacy = forms.ChoiceField(
        label="Adéquation du logement", choices=[("", "À évaluer"), *HousingAdequacy.choices], required=False
    )
    housing_comment = forms.CharField(label="Commentaire sur le logement", widget=textarea(2), required=False)
    information_given = forms.MultipleChoiceField(
        label="Ce qui a été expliqué au ménage",
        choices=InformationTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    information_links = forms.CharField(
        label="Pages du guide remises (une adresse par ligne)", widget=textarea(2), required=False
    )
    notes = forms.CharField(label="Notes libres", widget=textarea(5), required=False, help_text=HOUSEHOLD_READS_NOTES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for right in Right:
            self.fields[f"right_{right.value}"] = forms.ChoiceField(
                label=right.label, choices=[("", "—"), *RightStatus.choices], required=False
            )
        for kind, label in (("income", "Ressource"), ("charge", "Charge")):
            for i in range(self.BUDGET_LINES):
                self.fields[f"{kind}_{i}_label"] = forms.CharField(
                    label=f"{label} {i + 1} : intitulé", max_length=120, required=False
                )
                self.fields[f"{kind}_{i}_amount"] = AmountField(
                    label=f"{label} {i + 1} : montant mensuel (€)", required=False, **MONEY
                )

    @classmethod
    def initial_from(cls, diagnostic):
        if diagnostic is None:
            return {}
        initial = {
            name: getattr(diagnostic, name)
            for name in (
                "family_account",
                "solutions_seen",
                "origins",
                "origin_detail",
                "housing_adequacy",
                "housing_comment",
                "information_given",
                "information_links",
                "notes",
            )
        }
        for right, status in (diagnostic.rights or {}).items():
            initial[f"right_{right}"] = status
        for kind, lines in (("income", diagnostic.income_lines), ("charge", diagnostic.charge_lines)):
            for i, line in enumerate((lines or [])[: cls.BUDGET_LINES]):
                initial[f"{kind}_{i}_label"] = line.get("label", "")
                initial[f"{kind}_{i}_amount"] = line.get("amount", "")
        return initial

    def clean(self):
        cleaned = super().clean()
        for kind in ("income", "charge"):
            for i in range(self.BUDGET_LINES):
                label, amount = cleaned.get(f"{kind}_{i}_label"), cleaned.get(f"{kind}_{i}_amount")
                if amount is not None and not label:
                    self.add_error(f"{kind}_{i}_label", "Donnez un intitulé à ce montant.")
                if label and amount is None and f"{kind}_{i}_amount" not in self.errors:
                    self.add_error(f"{kind}_{i}_amount", "Indiquez le montant mensuel.")
        return cleaned

    def apply(self, diagnostic):
        data = self.cleaned_data
        for name in (
            "family_account",
            "solutions_seen",
            "origin_detail",
            "housing_adequacy",
            "housing_comment",
            "information_links",
            "notes",
        ):
            setattr(diagnostic, name, data.get(name, ""))
        diagnostic.origins = list(data.get("origins") or [])
        diagnostic.information_given = list(data.get("information_given") or [])
        diagnostic.rights = {r.value: data[f"right_{r.value}"] for r in Right if data.get(f"right_{r.value}")}
        for kind, attr in (("income", "income_lines"), ("charge", "charge_lines")):
            lines = []
            for i in range(self.BUDGET_LINES):
                label, amount = data.get(f"{kind}_{i}_label"), data.get(f"{kind}_{i}_amount")
                if label and amount is not None:
                    lines.append({"label": label, "amount": str(amount)})
            setattr(diagnostic, attr, lines)
        return diagnostic


class GuidePageField(forms.ModelChoiceField):
    """A live public page of the guide, picked from the list (casework.guides.pages); a typed address is refused."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=None,  # set by the form: guide_pages() reads the view restrictions as soon as it is called
            required=False,
            empty_label="Aucune",
            label="Page du guide",
            help_text="Une page publiée du site qui explique la démarche. Elle n'est plus montrée si elle est dépubliée.",
            error_messages={"invalid_choice": "Choisissez une page du guide dans la liste."},
            **kwargs,
        )

    def label_from_instance(self, obj):
        return obj.title


class RoadmapActionForm(forms.ModelForm):
    guide_page = GuidePageField()

    class Meta:
        model = RoadmapAction
        fields = ["title", "actor", "due_on", "status", "guide_page"]
        widgets = {"title": forms.TextInput(), "due_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = Party.choices
        self.fields["status"].choices = ActionStatus.choices
        self.fields["guide_page"].queryset = guides.pages()


class HandoverForm(forms.ModelForm):
    consent = forms.BooleanField(label="Le ménage a donné son accord pour ce passage de relais", required=False)
    consent_how = forms.CharField(label="Accord recueilli comment", max_length=120, required=False)

    class Meta:
        model = Handover
        # The joint interview's date and place are its appointment's, booked from the handover's page.
        fields = ["partner", "note", "joint_interview", "status"]
        widgets = {"note": textarea(4)}

    def __init__(self, *args, commune_code="", **kwargs):
        super().__init__(*args, **kwargs)
        targets = Organisation.objects.handover_targets()
        self.fields["partner"].queryset = targets
        # The services that cover the household's commune first, said so (casework.directory.covering).
        self.fields["partner"].choices = [("", "---------")] + [
            (o.pk, f"{o.name} — couvre la commune du ménage" if geo.covers(o.area, commune_code) else o.name)
            for o in directory.covering(targets, commune_code)
        ]
        self.fields["status"].choices = HandoverStatus.choices
        if self.instance.pk:
            self.fields["consent"].initial = self.instance.consent_stands


class ReviewForm(forms.ModelForm):
    participants_landlord = forms.BooleanField(label="Le bailleur participe", required=False, initial=True)
    participants_household = forms.BooleanField(label="Le ménage participe", required=False, initial=True)
    participant_names = forms.CharField(label="Autres participants (un par ligne)", widget=textarea(2), required=False)

    class Meta:
        model = TripartiteReview
        # The review's date and place are its appointment's, booked from the review's page.
        fields = ["rent_payment", "debt_and_plan", "transfer", "next_steps"]
        widgets = {
            "rent_payment": textarea(4),
            "debt_and_plan": textarea(4),
            "transfer": textarea(3),
            "next_steps": textarea(4),
        }


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Votre remarque sur ce compte rendu",
        widget=textarea(4),
        max_length=5000,
        help_text="L'association la lira avant de valider le compte rendu.",
    )


class ArrearsStatementForm(forms.ModelForm):
    class Meta:
        model = ArrearsStatement
        fields = ["statement_date", "balance"]
        widgets = {"statement_date": DATE}

    def clean_statement_date(self):
        value = self.cleaned_data["statement_date"]
        if value > timezone.localdate():
            raise forms.ValidationError("La date du relevé ne peut pas être dans le futur.")
        return value


class RepaymentPlanForm(forms.ModelForm):
    class Meta:
        model = RepaymentPlan
        fields = ["start_date", "start_balance", "monthly_instalment", "duration_months"]
        widgets = {"start_date": DATE}
        labels = {"monthly_instalment": "Mensualité (€)", "duration_months": "Pendant (mois)"}

    later_steps_text = forms.CharField(
        label="Paliers suivants",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Un palier par ligne : nombre de mois × mensualité, par exemple « 9 × 60 ».",
    )

    def clean_later_steps_text(self):
        try:
            self.later_steps = plans.parse_steps(self.cleaned_data.get("later_steps_text", ""))
        except plans.StepsSyntaxError as error:
            raise forms.ValidationError(str(error)) from None
        return self.cleaned_data["later_steps_text"]

    def clean(self):
        cleaned = super().clean()
        balance, instalment, months = (
            cleaned.get("start_balance"),
            cleaned.get("monthly_instalment"),
            cleaned.get("duration_months"),
        )
        if instalment is not None and instalment <= 0:
            self.add_error("monthly_instalment", "La mensualité doit être positive.")
        if months is not None and not 1 <= months <= 120:
            self.add_error("duration_months", "Entre 1 et 120 mois.")
        later = getattr(self, "later_steps", None)
        if balance and instalment and months and later is not None:
            steps = plans.plan_steps(instalment, months, [s.as_dict() for s in later])
            if plans.total(steps) < balance:
                self.add_error(
                    "later_steps_text" if later else "duration_months",
                    "Avec ces mensualités, la dette ne serait pas soldée à la fin du plan.",
                )
        return cleaned

    def save(self, commit=True):
        self.instance.later_steps = [s.as_dict() for s in getattr(self, "later_steps", [])]
        return super().save(commit=commit)


class TransferRequestForm(forms.ModelForm):
    """A request noted « à déposer »: its states follow on its own page (casework.transfers)."""

    class Meta:
        model = TransferRequest
        fields = ["wished_communes", "note"]
        widgets = {"note": textarea(2)}


class TransferUpdateForm(forms.Form):
    """The worker's update of a transfer request: its next state and date, and the household's consent."""

    status = forms.ChoiceField(label="État")
    on = forms.DateField(
        label="Date de ce changement d'état",
        widget=DATE,
        required=False,
        help_text="Aujourd'hui si vous la laissez vide.",
    )
    wished_communes = forms.CharField(label="Communes souhaitées", max_length=300, required=False)
    note = forms.CharField(label="Note (jamais lue par le bailleur)", widget=textarea(3), required=False)
    landlord_informed = forms.BooleanField(
        label="Le ménage accepte que le bailleur suive la demande (son état et ses dates)", required=False
    )
    communes_shared = forms.BooleanField(
        label="Le ménage accepte aussi que le bailleur voie les communes souhaitées", required=False
    )
    consent_how = forms.CharField(label="Accord recueilli comment", max_length=120, required=False)

    def __init__(self, *args, transfer, next_statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.transfer = transfer
        current = (transfer.status, transfer.get_status_display())
        self.fields["status"].choices = [current] + [(s, TransferStatus(s).label) for s in next_statuses]
        for name in ("status", "wished_communes", "note", "landlord_informed", "communes_shared"):
            self.fields[name].initial = getattr(transfer, name)

    def consent_changed(self):
        data = self.cleaned_data
        informed = data.get("landlord_informed", False)
        return (informed, informed and data.get("communes_shared", False)) != (
            self.transfer.landlord_informed,
            self.transfer.communes_shared,
        )

    def clean(self):
        data = super().clean()
        if self.consent_changed() and not data.get("consent_how", "").strip():
            self.add_error("consent_how", "Dites comment le ménage a donné ou retiré son accord.")
        return data


class ProgrammeMeetingForm(forms.ModelForm):
    class Meta:
        model = ProgrammeMeeting
        fields = ["programme", "held_on", "attendees", "cases", "notes"]
        widgets = {
            "held_on": DATE,
            "attendees": textarea(2),
            "notes": textarea(5),
            "cases": forms.CheckboxSelectMultiple,
        }
        help_texts = {"notes": "Ces notes sont lues par le bailleur : rien de confidentiel."}

    def __init__(self, *args, programmes, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].empty_label = None
        self.fields["cases"].queryset = cases
        self.fields["cases"].label_from_instance = lambda c: f"{c.household} — {c.get_status_display()}"


class MeetingScheduleForm(forms.ModelForm):
    """The coordinator schedules the regular meeting: the agenda is prepared from the rules (casework.agenda)."""

    class Meta:
        model = ProgrammeMeeting
        fields = ["programme", "held_on", "starts_at", "place", "attendees"]
        widgets = {
            "held_on": DATE,
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "attendees": textarea(2),
        }
        labels = {"attendees": "Personnes attendues"}
        help_texts = {
            "place": "Une adresse, une salle ou le lien de la visioconférence.",
            "attendees": "Les deux partenaires reçoivent l'invitation par e-mail.",
        }

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].empty_label = None
        self.fields["held_on"].error_messages["invalid"] = "Indiquez une date au format JJ/MM/AAAA."

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on < timezone.localdate():
            raise forms.ValidationError("Choisissez une date à venir : aujourd'hui ou plus tard.")
        return held_on


class ReviewValidationForm(forms.Form):
    """The confirmation step of validating minutes; a reason when the household has not answered."""

    reason = forms.CharField(
        label="Motif de validation sans réponse du ménage",
        help_text="Seulement si le ménage n'a pas répondu et que le délai n'est pas passé (par exemple : pas de compte).",
        max_length=200,
        required=False,
    )


class BoundedParametersMixin:
    """A programme's parameters within casework.programmes.BOUNDS, the territory one commune a line, the warning
    before the deadline: the setup form and the coordinator's proposal share these checks."""

    def bound_parameters(self):
        for name, (low, high) in programmes.BOUNDS.items():
            if name in self.fields:
                field = self.fields[name]
                field.validators += [MinValueValidator(low), MaxValueValidator(high)]
                field.widget.attrs.update(min=low, max=high)

    def clean_communes_text(self):
        return geo.area_codes(self.cleaned_data["communes_text"])

    def clean_letterhead(self):
        # Browsers send CRLF: the same wording typed again is no change.
        return self.cleaned_data["letterhead"].replace("\r\n", "\n")

    def clean(self):
        cleaned = super().clean()
        deadline, warning = cleaned.get("contact_deadline_days"), cleaned.get("warning_days")
        if deadline and warning is not None and warning >= deadline:
            self.add_error("warning_days", "L'alerte doit venir avant l'échéance : moins de jours que le délai.")
        return cleaned


def area_widget():
    """The area's textarea; with JavaScript, a search field above it adds lines (static/js/territory-search.js)."""
    return textarea(4, **{"data-territory-search": reverse_lazy("casework:commune_search")})


def communes_field():
    return forms.CharField(
        label="Communes du territoire",
        widget=area_widget(),
        help_text=(
            "Une ligne par commune ou par département entier : le code INSEE, le code postal suivi du nom "
            "(« 45000 Orléans »), le nom suivi du département (« Saint-Denis (93) ») ou le numéro du département "
            "(« 45 » pour tout le Loiret). Seuls les logements de ce territoire sont dans les critères."
        ),
        error_messages={"required": "Indiquez au moins une commune ou un département."},
    )


class ProgrammeSetupForm(BoundedParametersMixin, forms.ModelForm):
    """The platform administrator's new programme: the pair, the territory, the parameters (the seed's values by
    default, each explained) and the first coordinator and referent to invite."""

    landlord_name = forms.CharField(
        label="Nom du bailleur",
        max_length=200,
        help_text=(
            "Un bailleur déjà présent sur le portail (pour un autre programme) est repris si vous écrivez son nom "
            "exact : ses membres n'ont pas besoin d'un nouveau compte."
        ),
    )
    association_name = forms.CharField(
        label="Nom de l'association",
        max_length=200,
        help_text="De même, une association déjà présente est reprise si vous écrivez son nom exact.",
    )
    communes_text = communes_field()
    coordinator_email = forms.EmailField(
        label="E-mail de la première coordinatrice de l'association",
        help_text="Elle reçoit un lien pour créer son compte, valable 14 jours ; elle invite ensuite son équipe.",
    )
    referent_email = forms.EmailField(
        label="E-mail du premier référent du bailleur",
        help_text="Il reçoit un lien pour créer son compte, valable 14 jours.",
    )

    class Meta:
        model = Programme
        fields = ["name", *programmes.PARAMETERS]
        widgets = {"start_date": DATE, "letterhead": textarea(3)}
        labels = {"name": "Nom du programme"}
        help_texts = {
            **programmes.PARAMETER_HELP,
            "name": "Tel que les partenaires le liront, par exemple « Prévenir l'impayé — Tours ».",
        }

    field_order = ["name", "landlord_name", "association_name", "communes_text", "start_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].initial = timezone.localdate()
        self.bound_parameters()

    def setup_kwargs(self):
        data = self.cleaned_data
        return {
            "name": data["name"],
            "landlord_name": data["landlord_name"],
            "association_name": data["association_name"],
            "communes": data["communes_text"],
            "coordinator_email": data["coordinator_email"],
            "referent_email": data["referent_email"],
            **{name: data[name] for name in programmes.PARAMETERS},
        }


class ParameterProposalForm(BoundedParametersMixin, forms.ModelForm):
    """The coordinator's proposal: the parameters both partners agree on, within the setup's bounds, and why."""

    reason = forms.CharField(
        label="Motif de la modification",
        widget=textarea(3),
        help_text="Lu par le bailleur et gardé dans l'historique des versions.",
        max_length=1000,
    )
    communes_text = communes_field()

    class Meta:
        model = Programme
        fields = [*CASE_KEPT_PARAMETERS, "yearly_capacity", "letterhead"]
        widgets = {"letterhead": textarea(3)}
        help_texts = programmes.PARAMETER_HELP

    field_order = ["contact_deadline_days", "warning_days", "communes_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communes_text"].initial = "\n".join(geo.area_line(c) for c in self.instance.communes)
        self.bound_parameters()

    def proposed_values(self):
        data = self.cleaned_data
        return {**{name: data[name] for name in self.Meta.fields}, "communes": data["communes_text"]}


class DirectoryEntryForm(forms.ModelForm):
    """A partner service's directory entry, as the association's coordinator keeps it (casework.directory)."""

    area_text = forms.CharField(
        label="Zone couverte",
        widget=area_widget(),
        help_text=(
            "Une ligne par commune ou par département entier, dans le territoire de votre programme : le code INSEE, "
            "« 45000 Orléans », « Orléans (45) » ou le numéro du département."
        ),
        error_messages={"required": "Indiquez au moins une commune ou un département."},
    )

    website = forms.URLField(label="Site web", required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = Organisation
        fields = [name for name in directory.ENTRY_FIELDS if name != "area"]
        widgets = {
            "description": textarea(3),
            "audience": textarea(3),
            "how_to_reach": textarea(3),
            "source_date": DATE,
        }
        labels = {"name": "Nom du service"}

    field_order = ["name", "description", "audience", "how_to_reach", "area_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_text"].initial = "\n".join(geo.area_line(c) for c in self.instance.area or [])
        self.fields["source_date"].initial = self.instance.source_date or timezone.localdate()
        self.fields["description"].required = True

    def clean_area_text(self):
        return geo.area_codes(self.cleaned_data["area_text"])

    def entry_values(self):
        data = self.cleaned_data
        return {**{name: data[name] for name in self.Meta.fields}, "area": data["area_text"]}
