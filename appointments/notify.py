"""Discreet notifications: confirmation and change e-mails with an .ics file, and 48 h / 24 h reminders.

Sent after the commit through a django-tasks task whose arguments are ids and a word — never text.
"""

import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task

from appointments import ics, wording
from appointments.enums import Status
from appointments.models import Appointment
from portal import sms
from portal.enums import Party

logger = logging.getLogger(__name__)

SUBJECTS = {
    "booked": "Rendez-vous confirmé",
    "accepted": "Rendez-vous confirmé",
    "proposed": "Un rendez-vous vous est proposé",
    "moved": "Rendez-vous déplacé",
    "cancelled": "Rendez-vous annulé",
    "declined": "Un autre créneau est demandé",
    "reminder": "Rappel de rendez-vous",
}


def on_commit(appointment, kind):
    appointment_id = appointment.pk
    transaction.on_commit(lambda: send_change.enqueue(appointment_id, kind))


def household_contacts(appointment):
    """(e-mail, phone, wants e-mail reminders, wants SMS reminders) for each member of the household."""
    contacts = []
    for member in appointment.case.household.members.select_related("user"):
        user = member.user
        email = (user.email if user else "") or member.email
        phone = (user.phone if user and user.phone_verified else "") or member.phone
        contacts.append(
            {
                "email": email,
                "phone": phone,
                "email_reminders": user.reminder_by_email if user else True,
                "sms_reminders": user.sms_reminders_on if user else True,
            }
        )
    return contacts


def _send(recipient, subject, body, appointment, url):
    # No platform prefix: the portal's own name holds a word the household's neighbours must not read.
    message = EmailMessage(subject, body, to=[recipient])
    method = "CANCEL" if appointment.status == Status.CANCELLED else "REQUEST"
    message.attach("rendez-vous.ics", ics.single_event(appointment, url), f"text/calendar; method={method}")
    message.send()


def _load(appointment_id):
    return (
        Appointment.objects.select_related("association", "partner", "case__household", "worker", "type")
        .filter(pk=appointment_id)
        .first()
    )


@task()
def send_change(appointment_id, kind):
    appointment = _load(appointment_id)
    if appointment is None:
        return 0
    context = {"kind": kind, "when": wording.when_text(appointment.starts_at), "place": wording.place_text(appointment)}
    subject = SUBJECTS.get(kind, "Rendez-vous")
    sent = 0
    household_body = render_to_string(
        "appointments/email/change.txt", {**context, "url": wording.household_url(), "audience": "household"}
    )
    for contact in household_contacts(appointment):
        if contact["email"]:
            _send(contact["email"], subject, household_body, appointment, wording.household_url())
            sent += 1
    staff_url = wording.staff_url(appointment)
    staff_body = render_to_string("appointments/email/change.txt", {**context, "url": staff_url, "audience": "staff"})
    staff = [p.user.email for p in appointment.participants.select_related("user")]
    last = appointment.history.order_by("-created_at", "-pk").first()
    if last is not None and last.actor_kind == Party.HOUSEHOLD:
        staff.append(appointment.worker.email)
    for email in staff:
        _send(email, subject, staff_body, appointment, staff_url)
        sent += 1
    return sent


def send_reminder(appointment, kind, channel):
    """Send one reminder on one channel to the household; returns how many people it reached."""
    when = wording.when_text(appointment.starts_at)
    place = wording.place_text(appointment)
    reached = 0
    for contact in household_contacts(appointment):
        if channel == "email" and contact["email"] and contact["email_reminders"]:
            body = render_to_string(
                "appointments/email/change.txt",
                {
                    "kind": "reminder",
                    "when": when,
                    "place": place,
                    "url": wording.household_url(),
                    "audience": "household",
                },
            )
            _send(contact["email"], f"{SUBJECTS['reminder']} : {when}", body, appointment, wording.household_url())
            reached += 1
        elif channel == "sms" and contact["phone"] and contact["sms_reminders"]:
            text = (
                f"Rappel : {wording.SUMMARY.lower()} le {when}, {place}. Pour le déplacer : {wording.household_url()}"
            )
            try:
                sms.get_backend().send(contact["phone"], text)
                reached += 1
            except sms.SmsError as error:
                logger.warning("SMS reminder for appointment %s failed: %s", appointment.pk, error)
    return reached
