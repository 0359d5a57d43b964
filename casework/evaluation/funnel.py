"""The contact funnel of a programme for a period (docs/evaluation.md, « Entonnoir du contact »), in three queries
whatever the caseload: cases, invitations, appointments.

For the cases referred during the period, measured as of the period's end (or today), by channel:
- SMS / e-mail: the cases the portal invited on that channel (a case invited on both counts in both columns);
  « courrier seul »: the cases no invitation went to (the landlord's letter only); « ensemble »: every case;
- steps: referred → invitation sent → delivered (SMS: the provider said « delivered »; e-mail: sent, there is no
  receipt) → link opened (portal.Invitation.opened_at) → account created (the letter's code used) → first
  appointment (any appointment not cancelled, booked by then) → contact established;
- the median days from referral to contact, and the share reached by the deadline (casework.deadlines; the day of
  the deadline counts, the indicators' own rule: indicators.deadline_counts).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps

from casework.evaluation import indicators
from casework.models import Case, Outreach
from portal.enums import ContactChannel

SMS, EMAIL, LETTER, ALL = "sms", "email", "letter", "all"
CHANNELS = {SMS: "SMS", EMAIL: "E-mail", LETTER: "Courrier seul", ALL: "Ensemble"}
STEPS = {
    "referred": "Signalés",
    "invited": "Invitation envoyée",
    "delivered": "Invitation reçue",
    "opened": "Lien ouvert",
    "account": "Compte créé",
    "appointment": "Premier rendez-vous",
    "contact": "Contact établi",
}


@dataclass
class Column:
    counts: dict = field(default_factory=lambda: dict.fromkeys(STEPS, 0))
    delays: list = field(default_factory=list)
    deadline_due: int = 0
    within_deadline: int = 0

    @property
    def delay_median(self):
        return indicators.median(self.delays)

    @property
    def within_deadline_share(self):
        return indicators.share(self.within_deadline, self.deadline_due)


@dataclass
class Funnel:
    period: indicators.Period
    measured_on: object
    columns: dict = field(default_factory=lambda: {key: Column() for key in CHANNELS})


def _invitations(cohort_ids, cutoff):
    """{case id: {channel: delivered?}} for the invitations sent by the cutoff (reminders are not invitations)."""
    sent = defaultdict(dict)
    rows = Outreach.objects.filter(
        case__in=cohort_ids, kind=Outreach.INVITATION, sent_at__isnull=False, sent_at__lte=cutoff
    ).values_list("case_id", "channel", "sms__status")
    for case_id, channel, sms_status in rows:
        delivered = channel == ContactChannel.EMAIL or sms_status == "delivered"
        sent[case_id][channel] = sent[case_id].get(channel, False) or delivered
    return sent


def _with_appointment(cohort_ids, cutoff):
    appointment_model = apps.get_model("appointments", "Appointment")
    return set(
        appointment_model.objects.filter(case__in=cohort_ids, created_at__lte=cutoff)
        .exclude(status="cancelled")
        .values_list("case_id", flat=True)
    )


def compute(programme, period, today=None, landlord_known=False):
    """The funnel of `programme` for `period`: three queries, whatever the number of cases."""
    measured_on = period.measured_on(today)
    cutoff = indicators.end_of(measured_on)
    cohort = Case.objects.filter(programme=programme, referral__referred_on__range=(period.start, period.end))
    if landlord_known:
        cohort = cohort.landlord_known()
    rows = cohort.values(
        "pk",
        "contact_established_at",
        "referral__referred_on",
        "invitation__opened_at",
        "invitation__used_at",
        "terms__contact_deadline_days",
        "waitlisted_at",
        "admitted_on",
        "referral__is_eligible",
        "referral__accepted_at",
    )
    rows = list(rows)
    cohort_ids = cohort.values("pk")
    invited = _invitations(cohort_ids, cutoff)
    booked = _with_appointment(cohort_ids, cutoff)
    result = Funnel(period, measured_on)
    for row in rows:
        steps, contact_day = _steps(row, cutoff, row["pk"] in booked)
        due, within = indicators.deadline_counts(programme, row, contact_day, measured_on)
        channels = invited.get(row["pk"], {})
        keys = [ALL] + ([LETTER] if not channels else [SMS if c == ContactChannel.SMS else EMAIL for c in channels])
        for key in keys:
            column = result.columns[key]
            column.counts["referred"] += 1
            for step in steps:
                column.counts[step] += 1
            if channels and key != LETTER:
                column.counts["invited"] += 1
                column.counts["delivered"] += 1 if _delivered(key, channels) else 0
            if contact_day is not None:
                column.delays.append(indicators.contact_delay(row, contact_day, measured_on))
            column.deadline_due += due
            column.within_deadline += within
    return result


def _delivered(key, channels):
    if key == ALL:
        return any(channels.values())
    return channels.get(ContactChannel.SMS if key == SMS else ContactChannel.EMAIL, False)


def _steps(row, cutoff, booked):
    """The steps after the invitation a case reached by the cutoff, and the local day contact was established."""
    steps = []
    for step, value in (("opened", row["invitation__opened_at"]), ("account", row["invitation__used_at"])):
        if value is not None and value <= cutoff:
            steps.append(step)
    if booked:
        steps.append("appointment")
    contact_at = row["contact_established_at"]
    contact_day = None
    if contact_at is not None and contact_at <= cutoff:
        steps.append("contact")
        contact_day = indicators.local_date(contact_at)
    return steps, contact_day
