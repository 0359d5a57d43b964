"""The period of an evaluation: the programme's first 6 or 12 months, or any dates."""

from datetime import date

from django import forms

from casework.evaluation.indicators import Period
from casework.evaluation.models import AdjustmentDecision

MAX_DAYS = 3 * 366


class PeriodForm(forms.Form):
    periode = forms.ChoiceField(
        label="Période",
        choices=[("6m", "6 premiers mois"), ("12m", "12 premiers mois"), ("custom", "Autres dates")],
        initial="12m",
        required=False,
    )
    du = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(label="Au (inclus)", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, programme, **kwargs):
        self.programme = programme
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("periode") != "custom":
            return data
        start, end = data.get("du"), data.get("au")
        if start is None and "du" not in self.errors:
            self.add_error("du", "Indiquez la date de début de la période.")
        if end is None and "au" not in self.errors:
            self.add_error("au", "Indiquez la date de fin de la période.")
        if start and end:
            if end < start:
                self.add_error("au", "La date de fin doit être après la date de début.")
            elif (end - start).days > MAX_DAYS:
                self.add_error("au", "Choisissez une période de trois ans au plus.")
            elif start < date(2000, 1, 1):
                self.add_error("du", "Choisissez une date à partir de l'an 2000.")
        return data

    def period(self):
        """The chosen period; the programme's first 12 months when the form is empty or invalid."""
        if self.is_bound and self.is_valid():
            key = self.cleaned_data.get("periode") or "12m"
            if key == "custom":
                return Period(self.cleaned_data["du"], self.cleaned_data["au"])
            return Period.first_months(self.programme, 6 if key == "6m" else 12)
        return Period.first_months(self.programme, 12)


class AdjustmentForm(forms.Form):
    """« Décisions de réajustement »: the step, the day, what was decided, and the parameter version if any."""

    milestone = forms.TypedChoiceField(label="Étape", coerce=int, choices=[])
    decided_on = forms.DateField(
        label="Décidé le",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Indiquez la date de la décision.", "invalid": "Indiquez une date valide."},
    )
    decision = forms.CharField(
        label="Ce que les partenaires ont décidé",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Écrivez ce que les partenaires ont décidé."},
    )
    version = forms.ModelChoiceField(
        label="Changement de paramètres lié",
        queryset=None,
        required=False,
        empty_label="Aucun",
        help_text="La version des paramètres acceptée qui met la décision en œuvre.",
    )

    def __init__(self, *args, programme, milestones, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(AdjustmentDecision.MILESTONES)
        self.fields["milestone"].choices = [(m, labels[m]) for m in milestones]
        self.fields["version"].queryset = programme.versions.filter(accepted_at__isnull=False).order_by("-number")
        self.fields["version"].label_from_instance = lambda v: f"Version {v.number} — {v.reason or 'sans motif'}"
