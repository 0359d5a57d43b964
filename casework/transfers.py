"""Every change of a transfer (mutation) request: noted, moved through its states, the household's consent.

docs/rules.md, « Cycle de vie d'une demande de mutation » : à déposer → déposée → logement proposé → réalisée, or
abandonnée from any state not over. Each move has its date (today by default, never in the future, never before the
previous step). The landlord follows the state and its dates only while the household's consent stands
(TransferConsent, as for a handover), the wished communes only if the household also allows it, the note never
(casework.perms.landlord_transfers). Views call these functions; nothing else assigns TransferRequest.status.
"""

from django.db import transaction
from django.utils import timezone

from casework import workflow
from casework.closure import email_household
from casework.enums import CaseStatus, TransferStatus
from casework.models import TransferConsent, TransferRequest
from portal import audit, formats

MOVES = {
    TransferStatus.TO_FILE: (TransferStatus.FILED, TransferStatus.ABANDONED),
    TransferStatus.FILED: (TransferStatus.OFFERED, TransferStatus.ABANDONED),
    TransferStatus.OFFERED: (TransferStatus.DONE, TransferStatus.ABANDONED),
}
# The date each state records.
DATE_FIELDS = {
    TransferStatus.FILED: "filed_on",
    TransferStatus.OFFERED: "offered_on",
    TransferStatus.DONE: "ended_on",
    TransferStatus.ABANDONED: "ended_on",
}


class TransferError(Exception):
    """A refused change, with the form field it belongs to (None: the whole form)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message, self.field = message, field


def next_statuses(transfer):
    return MOVES.get(transfer.status, ())


def _user(by):
    user = workflow._actor(by)
    return user if getattr(user, "is_authenticated", False) else None


@transaction.atomic
def create(case, by, *, wished_communes="", note="", request=None):
    """A request noted « à déposer »; its states follow through `move`."""
    if case.status == CaseStatus.CLOSED:
        raise TransferError("Le dossier est clos : rouvrez-le pour noter une demande de mutation.")
    transfer = TransferRequest.objects.create(
        case=case, wished_communes=wished_communes, note=note, created_by=_user(by)
    )
    workflow.record_event(case, "transfer", by, detail="Demande de mutation notée : à déposer.")
    audit.record(request or by, "transfer_request.created", transfer, subject=case)
    return transfer


def _check_move(transfer, status, on, today):
    if status not in next_statuses(transfer):
        raise TransferError(
            f"Une demande « {transfer.get_status_display()} » ne peut pas passer à « {TransferStatus(status).label} ».",
            "status",
        )
    if on > today:
        raise TransferError("La date ne peut pas être dans le futur.", "on")
    previous = transfer.offered_on or transfer.filed_on
    if previous is not None and on < previous:
        raise TransferError(f"La date ne peut pas précéder l'étape précédente ({formats.day(previous)}).", "on")


@transaction.atomic
def update(transfer, by, *, status, on=None, wished_communes, note, request=None):
    """The worker's update: a move to the next state (dated), the wished communes and the note."""
    locked = TransferRequest.objects.select_for_update().select_related("case").get(pk=transfer.pk)
    moved = status != locked.status
    if moved:
        on = on or timezone.localdate()
        _check_move(locked, status, on, timezone.localdate())
        locked.status = status
        setattr(locked, DATE_FIELDS[status], on)
    locked.wished_communes, locked.note = wished_communes, note
    locked.save()
    case = locked.case
    if not moved:
        audit.record(request or by, "transfer_request.updated", locked, subject=case)
        return locked
    label = locked.get_status_display()
    workflow.record_event(case, "transfer", by, detail=f"Mutation : « {label} » le {formats.day(on)}.")
    audit.record(request or by, "transfer_request.moved", locked, subject=case, status=str(status))
    email_household(
        case, "Votre demande de mutation", f"Votre demande de mutation : {label.lower()} le {formats.day(on)}."
    )
    if locked.landlord_informed:
        workflow.notify_landlord(
            case, "Une demande de mutation a avancé", "La demande de mutation d'un ménage suivi a changé d'état."
        )
    return locked


@transaction.atomic
def record_consent(transfer, given, *, communes_shared=False, by, how, request=None):
    """The household's consent to the landlord following the request; False when it changes nothing."""
    locked = TransferRequest.objects.select_for_update().select_related("case").get(pk=transfer.pk)
    communes_shared = bool(given and communes_shared)
    if (locked.landlord_informed, locked.communes_shared) == (bool(given), communes_shared):
        return False
    locked.landlord_informed, locked.communes_shared = bool(given), communes_shared
    locked.save(update_fields=["landlord_informed", "communes_shared"])
    TransferConsent.objects.create(
        transfer=locked, given=bool(given), communes_shared=communes_shared, recorded_by=_user(by), how=how
    )
    shared = " avec les communes souhaitées" if communes_shared else ""
    detail = (
        f"Accord du ménage pour que le bailleur suive la mutation{shared} ({how})."
        if given
        else (f"Le bailleur ne suit plus la demande de mutation ({how}).")
    )
    workflow.record_event(locked.case, "transfer_consent", by, detail=detail)
    action = "transfer_request.consent_given" if given else "transfer_request.consent_withdrawn"
    audit.record(request or by, action, locked, subject=locked.case)
    transfer.landlord_informed, transfer.communes_shared = locked.landlord_informed, locked.communes_shared
    return True


def landlord_rows(queryset):
    """What the landlord reads of each request it may follow: state and dates, communes only if shared."""
    return [
        {
            "status": transfer.get_status_display(),
            "filed_on": transfer.filed_on,
            "offered_on": transfer.offered_on,
            "ended_on": transfer.ended_on,
            "communes": transfer.wished_communes if transfer.communes_shared else "",
        }
        for transfer in queryset
    ]
