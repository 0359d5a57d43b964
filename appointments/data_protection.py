"""Appointments' household data, declared to the registry (portal.privacy.registry) from
AppointmentsConfig.ready(): kept for "held versus missed", without reasons or attendees; held ones are activity."""

from django.db.models import Max

from appointments.enums import Status
from appointments.models import Appointment
from portal.privacy import registry


def register():
    registry.register(
        "appointments.Appointment",
        title="Rendez-vous",
        case_path="case",
        erase={"cancellation_reason": "", "booked_by": None, "cancelled_by": None},
        order=70,
    )
    registry.register(
        "appointments.Participant", title="Participants aux rendez-vous", case_path="appointment__case", order=71
    )
    registry.register(
        "appointments.AppointmentEvent", title="Historique des rendez-vous", case_path="appointment__case", order=72
    )
    registry.register("appointments.Reminder", title="Rappels de rendez-vous", case_path="appointment__case", order=73)
    registry.register_activity("appointments.Appointment", last_held)


def last_held(case_ids):
    rows = (
        Appointment.objects.filter(case_id__in=case_ids, status=Status.DONE)
        .values("case_id")
        .annotate(last=Max("starts_at"))
    )
    return [(row["case_id"], row["last"]) for row in rows]
