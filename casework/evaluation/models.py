"""Evaluation: which funder finances which programme (the funder sees that programme's pseudonymised indicators)."""

from django.conf import settings
from django.db import models

from portal.enums import OrganisationKind


class ProgrammeFunding(models.Model):
    """A funder organisation financing a programme. Kept here so casework's own migrations stay untouched."""

    programme = models.ForeignKey("casework.Programme", on_delete=models.CASCADE, related_name="fundings")
    funder = models.ForeignKey(
        "portal.Organisation",
        on_delete=models.CASCADE,
        related_name="fundings",
        limit_choices_to={"kind": OrganisationKind.FUNDER},
        verbose_name="financeur",
    )
    amount = models.DecimalField("montant accordé (€)", max_digits=10, decimal_places=2, null=True, blank=True)
    label = models.CharField("intitulé du financement", max_length=200, blank=True)

    class Meta:
        verbose_name = "financement d'un programme"
        constraints = [models.UniqueConstraint(fields=["programme", "funder"], name="unique_funding_per_funder")]

    def __str__(self):
        return f"{self.funder} → {self.programme}"


class AdjustmentDecision(models.Model):
    """« Décisions de réajustement »: what the partners decided at the 6- or 12-month evaluation, optionally the
    parameter version (casework.ProgrammeVersion) that carries it; recorded by the association's coordinator or the
    landlord's referent (casework.evaluation.adjustments), shown in the next report."""

    MILESTONES = [(6, "À 6 mois"), (12, "À 12 mois")]

    programme = models.ForeignKey("casework.Programme", on_delete=models.CASCADE, related_name="adjustments")
    milestone = models.PositiveSmallIntegerField("étape", choices=MILESTONES)
    decided_on = models.DateField("décidé le")
    decision = models.TextField("ce que les partenaires ont décidé")
    version = models.ForeignKey(
        "casework.ProgrammeVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adjustments",
        verbose_name="changement de paramètres lié",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("enregistré le", auto_now_add=True)

    class Meta:
        verbose_name = "décision de réajustement"
        ordering = ["programme", "decided_on", "pk"]

    def __str__(self):
        return f"{self.get_milestone_display()} — {self.programme}"
