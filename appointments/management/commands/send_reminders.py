"""Send the 48 h and 24 h appointment reminders that are due. Idempotent: safe to run from cron every few minutes."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone

from appointments import notify
from appointments.enums import REMINDER_CHANNELS, ReminderKind, Status
from appointments.models import Appointment, Reminder


def send_due_reminders(now=None):
    """Each (appointment time, kind, channel) is claimed by inserting its Reminder row first: sent at most once."""
    now = now or timezone.now()
    sent = 0
    due = Appointment.objects.select_related("association", "partner", "case__household", "type").filter(
        status=Status.BOOKED, starts_at__gt=now, starts_at__lte=now + timedelta(hours=48)
    )
    for appointment in due:
        kind = ReminderKind.H24 if appointment.starts_at - now <= timedelta(hours=24) else ReminderKind.H48
        for channel in REMINDER_CHANNELS:
            try:
                with transaction.atomic():
                    reminder = Reminder.objects.create(
                        appointment=appointment,
                        kind=kind,
                        channel=channel,
                        starts_at=appointment.starts_at,
                        sent_at=now,
                    )
            except IntegrityError:
                continue
            reminder.recipients = notify.send_reminder(appointment, kind, channel)
            reminder.save(update_fields=["recipients"])
            sent += reminder.recipients
    return sent


class Command(BaseCommand):
    help = "Envoie les rappels de rendez-vous (48 h et 24 h avant) qui sont dus ; sans effet s'ils sont déjà partis."

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(f"Rappels envoyés : {sent}")
