"""The period of an evaluation: one form, two dates. The presets (the last 12 months, the programme's first 6 or
12 months) are links that fill those dates in, never a second control competing with them."""

from datetime import date

from django import forms

from casework.evaluation.indicators import Period
from casework.evaluation.models import AdjustmentDecision

MAX_DAYS = 3 * 366
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
INVALID = "Indiquez une date, par exemple 01/03/2026."


class PeriodForm(forms.Form):
    du = forms.DateField(
        label="Du",
        widget=DATE,
        error_messages={"required": "Indiquez la date de début de la période.", "invalid": INVALID},
    )
    au = forms.DateField(
        label="Au (inclus)",
        widget=DATE,
        error_messages={"required": "Indiquez la date de fin de la période.", "invalid": INVALID},
    )

    def __init__(self, query, *, programme, today=None):
        """`query`: the address's parameters. Without dates, the form shows the preset named by « periode » (the
        addresses of earlier links: `?periode=6m`), else the default period (the last 12 months)."""
        self.programme, self.today = programme, today
        if "du" in query or "au" in query:
            super().__init__(query)
            return
        self.preset = Period.preset(programme, query.get("periode", Period.DEFAULT), today)
        super().__init__(initial={"du": self.preset.start, "au": self.preset.end})

    def clean(self):
        data = super().clean()
        start, end = data.get("du"), data.get("au")
        if start and end:
            if end < start:
                self.add_error("au", "La date de fin doit être après la date de début.")
            elif (end - start).days > MAX_DAYS:
                self.add_error("au", "Choisissez une période de trois ans au plus.")
            elif start < date(2000, 1, 1):
                self.add_error("du", "Choisissez une date à partir de l'an 2000.")
        return data

    def period(self):
        """The chosen period; the default one (the last 12 months) while the dates typed are refused."""
        if not self.is_bound:
            return self.preset
        if self.is_valid():
            return Period.between(self.programme, self.cleaned_data["du"], self.cleaned_data["au"], self.today)
        return Period.preset(self.programme, Period.DEFAULT, self.today)

    def presets(self, current):
        """The shortcut links: (label, query, is the period shown)."""
        result = []
        for key, label in Period.PRESETS.items():
            preset = Period.preset(self.programme, key, self.today)
            result.append((label, preset.query(), (preset.start, preset.end) == (current.start, current.end)))
        return result


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
