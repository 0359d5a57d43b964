"""Appointments: workers' availability, appointment types, appointments with their participants and history.

Times are stored in UTC (USE_TZ) and shown in Europe/Paris. Weekly windows are wall-clock times in
Europe/Paris, turned into instants day by day so that daylight-saving changes keep "18 h" at 18 h.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from appointments import video
from appointments.enums import (
    ACTIVE_STATUSES,
    ACTOR_CHOICES,
    REMINDER_CHANNELS,
    AppointmentKind,
    ExceptionKind,
    Place,
    ReminderKind,
    Status,
)
from portal import formats
from portal.crypto import EncryptedTextField
from portal.enums import OrganisationKind, Party

WEEKDAYS = [
    (0, "lundi"),
    (1, "mardi"),
    (2, "mercredi"),
    (3, "jeudi"),
    (4, "vendredi"),
    (5, "samedi"),
    (6, "dimanche"),
]


DEFAULT_TYPES = {
    # kind: (minutes, places, bookable by the household, other participants); also created by migration 0002
    AppointmentKind.FIRST_INTERVIEW: (60, [Place.OFFICE, Place.HOME, Place.PHONE, Place.VIDEO], True, False),
    AppointmentKind.FOLLOW_UP: (45, [Place.OFFICE, Place.HOME, Place.PHONE, Place.VIDEO], True, False),
    AppointmentKind.JOINT_HANDOVER: (60, [Place.OFFICE, Place.PARTNER, Place.VIDEO], False, True),
    AppointmentKind.TRIPARTITE_REVIEW: (60, [Place.OFFICE, Place.PARTNER, Place.VIDEO], False, True),
}


class AppointmentType(models.Model):
    """A kind of appointment with its length and the places it may happen in (RDV-Solidarités' "motif")."""

    kind = models.CharField("type", max_length=30, choices=AppointmentKind.choices, unique=True)
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)")
    allowed_places = models.JSONField("lieux possibles", default=list)
    bookable_by_household = models.BooleanField("le ménage peut le prendre lui-même", default=False)
    has_other_participants = models.BooleanField("avec d'autres participants", default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = "type de rendez-vous"

    def __str__(self):
        return self.get_kind_display()

    @property
    def duration(self):
        return timedelta(minutes=self.duration_minutes)

    @classmethod
    def for_kind(cls, kind):
        """The type of that kind, created with its defaults if an administrator removed it (or a test flushed it)."""
        minutes, places, bookable, others = DEFAULT_TYPES[kind]
        appointment_type, _ = cls.objects.get_or_create(
            kind=kind,
            defaults={
                "duration_minutes": minutes,
                "allowed_places": [str(p) for p in places],
                "bookable_by_household": bookable,
                "has_other_participants": others,
            },
        )
        return appointment_type

    @property
    def offered_places(self):
        """The allowed places this deployment can hold: video only with a room service (appointments.video)."""
        return [p for p in self.allowed_places if video.place_offered(p)]

    def place_choices(self, include_partner=True):
        return [
            (value, label)
            for value, label in Place.choices
            if value in self.offered_places and (include_partner or value != Place.PARTNER)
        ]


class ProgrammeAppointmentSettings(models.Model):
    """Appointment rules a programme sets: how late a household may move or cancel, how far ahead it books."""

    programme = models.OneToOneField(
        "casework.Programme", on_delete=models.CASCADE, related_name="appointment_settings"
    )
    notice_hours = models.PositiveSmallIntegerField("préavis pour déplacer ou annuler (heures)", default=24)
    min_booking_hours = models.PositiveSmallIntegerField("délai minimal avant un rendez-vous (heures)", default=2)
    max_booking_days = models.PositiveSmallIntegerField("prise de rendez-vous jusqu'à (jours)", default=42)

    class Meta:
        verbose_name = "règles de rendez-vous du programme"

    def __str__(self):
        return f"Réglages des rendez-vous — {self.programme}"

    DEFAULTS = {"notice_hours": 24, "min_booking_hours": 2, "max_booking_days": 42}

    @classmethod
    def for_programme(cls, programme):
        """The programme's rules, or the defaults when it never set any (nothing is written on read)."""
        try:
            return programme.appointment_settings
        except cls.DoesNotExist:
            return cls(programme=programme, **cls.DEFAULTS)


class AvailabilityWindow(models.Model):
    """A recurring weekly opening of a worker, in Europe/Paris wall-clock time."""

    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability_windows")
    association = models.ForeignKey(
        "portal.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.ASSOCIATION},
    )
    weekday = models.PositiveSmallIntegerField("jour", choices=WEEKDAYS)
    start_time = models.TimeField("de")
    end_time = models.TimeField("à")
    valid_from = models.DateField("à partir du", null=True, blank=True)
    valid_until = models.DateField("jusqu'au", null=True, blank=True)

    class Meta:
        ordering = ["worker", "weekday", "start_time"]
        verbose_name = "plage hebdomadaire"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")), name="window_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {formats.time_range(self.start_time, self.end_time)}"

    def applies_on(self, day):
        return (
            day.weekday() == self.weekday
            and (self.valid_from is None or day >= self.valid_from)
            and (self.valid_until is None or day <= self.valid_until)
        )


class AvailabilityException(models.Model):
    """A one-day change to the weekly windows: a closed stretch, or an extra opening."""

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability_exceptions"
    )
    date = models.DateField("date")
    kind = models.CharField("changement", max_length=10, choices=ExceptionKind.choices, default=ExceptionKind.CLOSED)
    start_time = models.TimeField("de")
    end_time = models.TimeField("à")

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = "exception"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")), name="exception_ends_after_start"
            )
        ]

    def __str__(self):
        return (
            f"{self.get_kind_display()} le {formats.day(self.date)} de {self.start_time:%H:%M} à {self.end_time:%H:%M}"
        )


class Absence(models.Model):
    """A worker is away (leave, training): no appointment may overlap it."""

    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences")
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    label = models.CharField("motif (visible de l'équipe)", max_length=100, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = "absence"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="absence_ends_after_start"
            )
        ]

    def __str__(self):
        return f"Absence du {formats.moment(self.starts_at)} au {formats.moment(self.ends_at)}"


class AppointmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def upcoming(self, now=None):
        return self.filter(ends_at__gt=now or timezone.now(), status__in=(Status.PROPOSED, Status.BOOKED))

    def for_association(self, organisation_ids):
        return self.filter(association_id__in=organisation_ids)

    def for_participant(self, user):
        """Appointments the user attends; as a landlord referent, only on cases its landlord may know of
        (CaseQuerySet.landlord_known): a meeting about a case the household opened itself never reaches it."""
        # The case model reached through the foreign key: casework.models imports this app's wording, and this
        # module loads while casework's models do.
        cases = self.model._meta.get_field("case").related_model.objects.landlord_known()
        return self.filter(
            participants__in=Participant.objects.filter(user=user).filter(
                ~models.Q(organisation__kind=OrganisationKind.LANDLORD) | models.Q(appointment__case__in=cases)
            )
        )

    def for_household_user(self, user):
        return self.filter(case__household__members__user=user)


class Appointment(models.Model):
    """A meeting between a household and the association, maybe with a landlord referent or a partner.

    The pair (starts_at, ends_at) is the one source of its time. On PostgreSQL an exclusion constraint on
    tstzrange(starts_at, ends_at) per worker (migration 0002) makes overlaps impossible; on SQLite the
    booking service checks for overlaps inside an IMMEDIATE transaction.
    """

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="appointments")
    association = models.ForeignKey("portal.Organisation", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments")
    type = models.ForeignKey(AppointmentType, on_delete=models.PROTECT, related_name="appointments")
    place = models.CharField("lieu", max_length=10, choices=Place.choices)
    partner = models.ForeignKey(
        "portal.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.PARTNER},
        verbose_name="partenaire qui reçoit",
    )
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    status = models.CharField("statut", max_length=20, choices=Status.choices, default=Status.BOOKED)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    booked_by_actor = models.CharField(max_length=12, choices=ACTOR_CHOICES, default=Party.ASSOCIATION)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_by_actor = models.CharField("annulé par", max_length=12, choices=ACTOR_CHOICES, blank=True)
    cancellation_reason = EncryptedTextField("motif d'annulation", blank=True)
    # A tripartite review's or a joint handover interview's date and place are its appointment's (one source).
    review = models.ForeignKey(
        "casework.TripartiteReview",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
        verbose_name="bilan tripartite",
    )
    handover = models.ForeignKey(
        "casework.Handover",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="joint_interview_appointments",
        verbose_name="passage de relais",
    )
    sequence = models.PositiveIntegerField(default=0, help_text="Incremented at each change, for calendar clients.")
    created_at = models.DateTimeField(auto_now_add=True)
    # The room's unguessable name on the video service, given when the appointment is saved as a video one; only
    # the portal's redirect (appointments.video_views.join) ever reads it.
    video_room = models.CharField("salle de visioconférence", max_length=64, blank=True, editable=False)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        indexes = [models.Index(fields=["worker", "starts_at"]), models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="appointment_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["review"],
                condition=~models.Q(status=Status.CANCELLED),
                name="one_active_appointment_per_review",
            ),
            models.UniqueConstraint(
                fields=["handover"],
                condition=~models.Q(status=Status.CANCELLED),
                name="one_active_appointment_per_handover",
            ),
        ]

    def __str__(self):
        return f"Rendez-vous {self.pk} du {formats.moment(self.starts_at)}"

    def save(self, *args, **kwargs):
        if self.place == Place.VIDEO and not self.video_room:
            self.video_room = video.new_room_name()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "video_room"}
        super().save(*args, **kwargs)

    @property
    def joinable_by_video(self):
        """A video appointment, still to come or under way, with its room: its portal link leads to the room."""
        return self.place == Place.VIDEO and bool(self.video_room) and self.is_pending

    @property
    def video_url(self):
        """The portal's link to the room (never the room's own address), or "" for another place."""
        return video.portal_url(self) if self.joinable_by_video and video.configured() else ""

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES

    @property
    def is_proposed(self):
        return self.status == Status.PROPOSED

    @property
    def is_booked(self):
        return self.status == Status.BOOKED

    @property
    def is_cancelled(self):
        return self.status == Status.CANCELLED

    @property
    def is_pending(self):
        """Proposed or booked: it may still be moved, cancelled or answered (is_upcoming adds « not over yet »)."""
        return self.status in (Status.PROPOSED, Status.BOOKED)

    @property
    def outcome_may_be_recorded(self):
        """Once past, a booked or already-recorded appointment gets its outcome (held, household absent)."""
        return self.status not in (Status.CANCELLED, Status.PROPOSED)

    @property
    def is_upcoming(self):
        return self.is_pending and self.ends_at > timezone.now()

    def uid(self):
        return f"rdv-{self.pk}@rendez-vous.association"  # discreet: no portal name


class Participant(models.Model):
    """Someone other than the household and the worker who attends: a landlord referent, a partner contact.

    They see the date, the time and the place — nothing of the case.
    """

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appointment_invites")
    organisation = models.ForeignKey("portal.Organisation", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["appointment", "user"], name="one_participation_per_user")]

    def __str__(self):
        return f"{self.user} ({self.organisation})"


class AppointmentEvent(models.Model):
    """The history of an appointment: booked, proposed, accepted, moved, cancelled, marked done or missed."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_kind = models.CharField(max_length=12, choices=ACTOR_CHOICES)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    previous_starts_at = models.DateTimeField(null=True, blank=True)
    reason = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Rendez-vous n°{self.appointment_id} : {self.kind}"

    KIND_LABELS = {
        "booked": "Rendez-vous pris",
        "proposed": "Créneau proposé",
        "accepted": "Créneau accepté",
        "declined": "Autre créneau demandé",
        "moved": "Rendez-vous déplacé",
        "cancelled": "Rendez-vous annulé",
        "done": "Rendez-vous tenu",
        "household_absent": "Ménage absent",
    }

    @property
    def label(self):
        return self.KIND_LABELS.get(self.kind, self.kind)


class Reminder(models.Model):
    """A reminder sent once per appointment time, kind and channel: the unique key makes the job idempotent."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=4, choices=ReminderKind.choices)
    channel = models.CharField(max_length=5, choices=[(c.value, c.label) for c in REMINDER_CHANNELS])
    starts_at = models.DateTimeField(help_text="The appointment's time the reminder was for (a move re-arms it).")
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "kind", "channel", "starts_at"], name="one_reminder_per_time_kind_channel"
            )
        ]

    def __str__(self):
        return f"Rappel {self.get_kind_display()} ({self.get_channel_display()}) du rendez-vous n°{self.appointment_id}"


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A staff user's private webcal feed. Only the token's hash is kept; a new link revokes the old one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Flux agenda de l'utilisateur n°{self.user_id}"

    @classmethod
    def issue(cls, user):
        """Create or replace the user's feed; returns (feed, plain token) — the token is shown once."""
        token = secrets.token_urlsafe(32)
        feed, _ = cls.objects.update_or_create(
            user=user, defaults={"token_hash": hash_token(token), "created_at": timezone.now(), "last_used_at": None}
        )
        return feed, token

    @classmethod
    def find(cls, token):
        return cls.objects.select_related("user").filter(token_hash=hash_token(token), user__is_active=True).first()
