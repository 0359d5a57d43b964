"""Evaluation: which funder finances which programme (the funder sees that programme's pseudonymised indicators)."""

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
