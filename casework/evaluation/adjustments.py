"""« Décisions de réajustement » (docs/rules.md § 9, « Décisions de réajustement »): at 6 and 12 months the partners
decide what to adjust; the association's coordinator or the landlord's referent records it, optionally linked to the
parameter version that carries it (casework.versions); the funder reads it; the next report shows it.
"""

from django.utils import timezone

from casework import perms as casework_perms
from casework.dates import add_months
from casework.evaluation.models import AdjustmentDecision
from portal import audit, formats

MILESTONES = dict(AdjustmentDecision.MILESTONES)


class AdjustmentError(ValueError):
    """A decision that cannot be recorded; the French message goes next to `field`."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message, self.field = message, field


def milestone_day(programme, months):
    """The day the programme reaches its 6- or 12-month step (its start date plus the months)."""
    return add_months(programme.start_date, months)


def reached(programme, on=None):
    """The steps (6, 12) the programme has reached on `on`, that day included."""
    on = on or timezone.localdate()
    return [months for months in MILESTONES if milestone_day(programme, months) <= on]


def may_record(user, programme):
    """The association's coordinator or a referent of the programme's landlord; a worker and a funder read."""
    return casework_perms.can_coordinate(user, programme) or programme.landlord_id in casework_perms.landlord_ids(user)


def for_report(programme, measured_on):
    """The decisions taken by the measure date: a report shows those of the steps before it."""
    return programme.adjustments.filter(decided_on__lte=measured_on).select_related("version", "recorded_by")


def record(programme, by, *, milestone, decided_on, decision, version=None, request=None):
    """Check and write one decision; raises AdjustmentError."""
    if not may_record(getattr(by, "user", by), programme):
        raise AdjustmentError("Seuls la coordinatrice de l'association et le référent du bailleur enregistrent.")
    if milestone not in MILESTONES:
        raise AdjustmentError("Choisissez l'étape : 6 ou 12 mois.", "milestone")
    if decided_on > timezone.localdate():
        raise AdjustmentError("La date de la décision ne peut pas être à venir.", "decided_on")
    if milestone not in reached(programme, decided_on):
        day = formats.day(milestone_day(programme, milestone))
        raise AdjustmentError(f"Le programme n'atteint ses {milestone} mois que le {day}.", "decided_on")
    if not (decision or "").strip():
        raise AdjustmentError("Écrivez ce que les partenaires ont décidé.", "decision")
    if version is not None and (version.programme_id != programme.pk or not version.is_accepted):
        raise AdjustmentError("Choisissez une version en vigueur des paramètres de ce programme.", "version")
    item = AdjustmentDecision.objects.create(
        programme=programme,
        milestone=milestone,
        decided_on=decided_on,
        decision=decision.strip(),
        version=version,
        recorded_by=getattr(by, "user", by),
    )
    audit.record(request or by, "programme.adjustment_recorded", item, milestone=milestone)
    return item
