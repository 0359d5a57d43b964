"""Who sees and changes which appointments: scoped querysets first, then plain can_* functions."""

from appointments.models import Appointment
from casework.enums import CaseStatus
from casework.perms import association_cases, association_ids, household_cases
from portal import perms

__all__ = ["association_cases", "association_ids"]


def staff_appointments(user):
    """The association's appointments for its members, plus those the user attends as a participant."""
    ids = association_ids(user)
    if not ids:
        return Appointment.objects.for_participant(user)
    return (Appointment.objects.filter(association_id__in=ids) | Appointment.objects.for_participant(user)).distinct()


def can_manage(user, appointment):
    """Association members manage their association's appointments; participants only read date, time, place."""
    return appointment.association_id in association_ids(user)


def can_manage_availability(user, worker):
    if user.pk == worker.pk:
        return bool(association_ids(user))
    shared = set(association_ids(user)) & set(association_ids(worker))
    return bool(shared) and perms.is_coordinator(user)


def household_appointments(user):
    return Appointment.objects.for_household_user(user).distinct()


def household_case(user):
    """The household's current case: the open one referred last, else none (nothing to book for)."""
    return (
        household_cases(user)
        .select_related("programme__association", "assigned_worker")
        .exclude(status=CaseStatus.CLOSED)
        .order_by("-created_at")
        .first()
    )
