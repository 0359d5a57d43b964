"""Give every dated review and joint interview an appointment, before 0006 drops casework's own date and place.

A tripartite review's and a joint handover interview's date and place are their appointment's (one source). Rows
that have a date but no active appointment get one: at the association, with the case's assigned worker, or else
the first active member of the association (by user id) who is free then. Where nobody is free the row gets none,
and the case's timeline says so with the date and place that were noted, so that nothing disappears silently.
The place typed on the review is kept in the appointment's history, where the association reads it.
"""

from datetime import timedelta
from importlib import import_module

from django.db import migrations
from django.utils import timezone

ACTIVE = ("proposed", "booked", "done", "household_absent")


def _when(moment):
    return timezone.localtime(moment).strftime("%d/%m/%Y à %H:%M")


def _free_worker(Appointment, candidates, starts_at, ends_at):
    for worker_id in candidates:
        busy = Appointment.objects.filter(
            worker_id=worker_id, status__in=ACTIVE, starts_at__lt=ends_at, ends_at__gt=starts_at
        ).exists()
        if not busy:
            return worker_id
    return None


def create_appointments(apps, schema_editor):
    Appointment = apps.get_model("appointments", "Appointment")
    AppointmentEvent = apps.get_model("appointments", "AppointmentEvent")
    AppointmentType = apps.get_model("appointments", "AppointmentType")
    Handover = apps.get_model("casework", "Handover")
    Membership = apps.get_model("portal", "Membership")
    TimelineEvent = apps.get_model("casework", "TimelineEvent")
    TripartiteReview = apps.get_model("casework", "TripartiteReview")

    # The four types exist since appointments' 0002, unless an administrator removed one: the same defaults then.
    import_module("appointments.migrations.0002_no_double_booking_and_types").create_types(apps, schema_editor)
    types = {t.kind: t for t in AppointmentType.objects.all()}
    linked = Appointment.objects.filter(status__in=ACTIVE)
    reviews = [
        (review, "tripartite_review", review.scheduled_at, review.place, "bilan tripartite", {"review": review})
        for review in TripartiteReview.objects.exclude(
            pk__in=linked.filter(review__isnull=False).values("review_id")
        ).select_related("case__programme")
    ]
    handovers = [
        (
            handover,
            "joint_handover",
            handover.joint_interview_at,
            handover.joint_interview_place,
            "entretien commun de passage de relais",
            {"handover": handover},
        )
        for handover in Handover.objects.filter(joint_interview_at__isnull=False)
        .exclude(pk__in=linked.filter(handover__isnull=False).values("handover_id"))
        .select_related("case__programme")
    ]
    rows = sorted(reviews, key=lambda row: row[0].pk) + sorted(handovers, key=lambda row: row[0].pk)
    for item, kind, starts_at, place, label, link in rows:
        case = item.case
        association_id = case.programme.association_id
        appointment_type = types[kind]
        ends_at = starts_at + timedelta(minutes=appointment_type.duration_minutes)
        members = Membership.objects.filter(
            organisation_id=association_id, is_active=True, user__is_active=True
        ).order_by("user_id")
        candidates = [case.assigned_worker_id] if case.assigned_worker_id else []
        candidates += [m.user_id for m in members if m.user_id not in candidates]
        noted = f" (lieu noté : « {place} »)" if place else ""
        worker_id = _free_worker(Appointment, candidates, starts_at, ends_at)
        if worker_id is None:
            reason = (
                "personne de l'association n'était libre à ce moment-là"
                if candidates
                else "l'association n'a aucun membre actif"
            )
            TimelineEvent.objects.create(
                case=case,
                kind="appointment_not_created",
                detail=f"Le {label} prévu le {_when(starts_at)}{noted} n'a pas reçu de rendez-vous : {reason}. "
                "Planifiez-le depuis sa page.",
            )
            continue
        appointment = Appointment.objects.create(
            case=case,
            association_id=association_id,
            worker_id=worker_id,
            type=appointment_type,
            place="office",
            starts_at=starts_at,
            ends_at=ends_at,
            status="booked",
            booked_by_actor="system",
            **link,
        )
        AppointmentEvent.objects.create(
            appointment=appointment,
            kind="booked",
            actor_kind="system",
            to_status="booked",
            reason=f"Date reprise du {label}{noted}.",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0004_referral_source"),
        ("appointments", "0003_review_and_handover_links"),
        ("portal", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_appointments, migrations.RunPython.noop)]
