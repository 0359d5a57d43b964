"""Parameters agreed and versioned (docs/rules.md § 9, « Paramètres convenus et versionnés »).

The association's coordinator proposes a change within the bounds of casework.programmes.BOUNDS. A change that
binds the landlord (BINDING: the contact deadline, the warning days, the eligibility thresholds, the territory,
the capacity, and what a case keeps: plan tolerance, expected length of support) takes effect once a referent of
the landlord accepts it; wording (IMMEDIATE) takes effect at once. Both partners are told. Every version is kept.

The programme's own fields always hold the version in force; a case keeps the version in force on the day it was
referred (`Case.terms`), so a later change applies to new referrals only.
"""

from django.db import transaction
from django.utils import timezone

from casework import notifications, programmes
from casework.models import CASE_KEPT_PARAMETERS, Case, ProgrammeVersion

BINDING = (*CASE_KEPT_PARAMETERS, "communes", "yearly_capacity")
IMMEDIATE = ("letterhead",)
PROPOSABLE = (*BINDING, IMMEDIATE[0])


class VersionError(ValueError):
    """A proposal or a decision that cannot be made, in French."""


def _snapshot(programme):
    return {name: getattr(programme, name) for name in CASE_KEPT_PARAMETERS}


def in_force(programme):
    """The version in force: the last accepted one; the first is made from the programme's values when needed."""
    version = programme.versions.filter(accepted_at__isnull=False).order_by("-number").first()
    if version is None:
        version, _ = ProgrammeVersion.objects.get_or_create(
            programme=programme,
            number=1,
            defaults={**_snapshot(programme), "accepted_at": timezone.now(), "reason": "Paramètres de départ."},
        )
    return version


def pending(programme):
    return programme.versions.filter(accepted_at__isnull=True, declined_at__isnull=True).order_by("-number").first()


def _json(value):
    return value if isinstance(value, list) else str(value)


@transaction.atomic
def propose(programme, by, values, reason):
    """Record a proposal; wording alone is in force at once, anything binding waits for the landlord."""
    if pending(programme) is not None:
        raise VersionError("Une proposition attend déjà la réponse du bailleur.")
    changed = {
        name: value for name, value in values.items() if name in PROPOSABLE and getattr(programme, name) != value
    }
    if not changed:
        raise VersionError("Aucun paramètre ne change.")
    current = in_force(programme)
    proposed = {**_snapshot(programme), **{k: v for k, v in changed.items() if k in CASE_KEPT_PARAMETERS}}
    version = ProgrammeVersion.objects.create(
        programme=programme,
        number=programme.versions.order_by("-number").values_list("number", flat=True).first() + 1,
        changes={
            name: [programmes.display(name, getattr(programme, name)), programmes.display(name, value)]
            for name, value in changed.items()
        },
        proposed_values={name: _json(value) for name, value in changed.items()},
        reason=reason,
        proposed_by=by,
        **proposed,
    )
    if not any(name in BINDING for name in changed):
        _apply(version, by, current)
        return version
    _tell(version, "Une modification des paramètres du programme attend l'accord du bailleur.")
    return version


def _apply(version, by, previous):
    """Put a version in force: cases without a version keep the previous one, then the programme changes."""
    programme = version.programme
    Case.objects.filter(programme=programme, terms__isnull=True).update(terms=previous)
    for name, value in version.proposed_values.items():
        setattr(programme, name, programme._meta.get_field(name).to_python(value))
    programme.save()
    version.accepted_by, version.accepted_at = by, timezone.now()
    version.save(update_fields=["accepted_by", "accepted_at"])
    _tell(version, "Les paramètres du programme ont changé.")


@transaction.atomic
def accept(version, by):
    """The landlord's referent accepts: the version is in force for every referral from now on."""
    if not version.is_pending:
        raise VersionError("Cette proposition a déjà reçu une réponse.")
    _apply(version, by, in_force(version.programme))


@transaction.atomic
def decline(version, by):
    if not version.is_pending:
        raise VersionError("Cette proposition a déjà reçu une réponse.")
    version.declined_by, version.declined_at = by, timezone.now()
    version.save(update_fields=["declined_by", "declined_at"])
    _tell(version, "Une modification proposée des paramètres du programme a été refusée par le bailleur.")


def _tell(version, subject):
    body = f"{subject}\nProgramme : {version.programme}. Version {version.number}."
    notifications.notify_programme_partners(version.programme, subject, body)
