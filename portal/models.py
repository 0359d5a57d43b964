"""Cross-cutting models: users, organisations and memberships, invitations, the audit log, drafts."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone

from portal import geo
from portal.crypto import EncryptedTextField
from portal.enums import InvitationKind, NotificationFrequency, OrganisationKind, Role

# No look-alike characters (no 0/O, 1/I/L, U/V): printable on a letter and typeable on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
CODE_LENGTH = 12  # 29**12 ≈ 2**58: well over 50 bits.


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        # A household may have only a mobile number: its e-mail is then NULL, never a made-up address.
        if not email and not extra.get("phone"):
            raise ValueError("An e-mail address or a phone number is required.")
        user = self.model(email=self.normalize_email(email).lower() if email else None, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in: a household member or a professional.

    Logs in with an e-mail address or, for a household, a verified mobile number (portal/phones.py)."""

    username = None
    # NULL when the household gave only a mobile number (several NULLs do not collide under UNIQUE).
    email = models.EmailField("adresse e-mail", unique=True, null=True, blank=True)
    # A household account made from a letter's code proves nothing until a worker confirms identity.
    identity_confirmed_at = models.DateTimeField("identité confirmée le", null=True, blank=True)
    identity_confirmed_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # E.164 (portal/phones.py normalises every input). Used to sign in and for SMS only once verified.
    phone = models.CharField("téléphone mobile", max_length=16, blank=True)
    phone_verified_at = models.DateTimeField("numéro vérifié le", null=True, blank=True)
    message_notifications = models.CharField(
        "avertissement de nouveaux messages",
        max_length=12,
        choices=NotificationFrequency.choices,
        default=NotificationFrequency.IMMEDIATE,
    )
    reminder_by_sms = models.BooleanField("rappels de rendez-vous par SMS", default=False)
    reminder_by_email = models.BooleanField("rappels de rendez-vous par e-mail", default=True)
    # « Réponses par SMS »: the association's replies come as SMS text (readable on a locked screen) rather than
    # the discreet notice. Chosen by the household (keyword « SMS » or its space); sent only to a number it verified
    # or a worker confirmed by phone (sms_reply_phone).
    replies_by_sms = models.BooleanField("réponses de l'association par SMS", default=False)
    phone_confirmed_at = models.DateTimeField("numéro confirmé par téléphone le", null=True, blank=True)
    phone_confirmed_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="numéro confirmé par"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        constraints = [
            models.UniqueConstraint(
                fields=["phone"],
                condition=models.Q(phone_verified_at__isnull=False),
                name="unique_verified_phone",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email or self.phone

    @property
    def login_label(self):
        """How the account signs in, for the audit log and lists: its e-mail, else its number."""
        return self.email or self.phone

    @property
    def phone_verified(self):
        return bool(self.phone) and self.phone_verified_at is not None

    @property
    def sms_reply_phone(self):
        """The number the association's replies may go to as SMS text, or "": the household chose « réponses par
        SMS » and the number is verified (SMS code) or a worker confirmed it by phone (who and when are kept)."""
        if not (self.phone and self.replies_by_sms):
            return ""
        return self.phone if (self.phone_verified_at or self.phone_confirmed_at) else ""

    @property
    def sms_reminders_on(self):
        """SMS reminders go only to a verified number: a ticked box without one is off (docs/rules.md § 15)."""
        return self.reminder_by_sms and self.phone_verified

    def save(self, *args, **kwargs):
        if self.email == "":
            self.email = None
        super().save(*args, **kwargs)

    @property
    def identity_confirmed(self):
        return self.identity_confirmed_at is not None


class OrganisationQuerySet(models.QuerySet):
    def handover_targets(self):
        """Partner services a worker may hand a household over to (not the court, ADIL 45, Banque de France…)."""
        return self.filter(kind=OrganisationKind.PARTNER, accepts_handovers=True)


class Organisation(models.Model):
    """A landlord, an association, a partner service or a funder. Partner services are listed publicly."""

    name = models.CharField("nom", max_length=200, unique=True)
    kind = models.CharField("type", max_length=20, choices=OrganisationKind.choices)
    # Public fields, shown in the partner directory for partner services.
    description = models.TextField(
        "ce que fait ce service", blank=True, help_text="En mots simples, ce que le service fait pour un ménage."
    )
    # The directory fields, as in Dora's service sheets: for whom, how to reach it, the area it covers.
    audience = models.TextField(
        "pour qui", blank=True, help_text="Les personnes que le service reçoit, ses conditions."
    )
    how_to_reach = models.TextField(
        "comment le joindre",
        blank=True,
        help_text="Sur rendez-vous, par téléphone, sur orientation d'un travailleur social…",
    )
    # Codes INSEE of communes and codes of whole départements (portal.geo), as a programme's territory.
    area = models.JSONField("zone couverte", default=list, blank=True)
    address = models.CharField("adresse", max_length=300, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("e-mail de contact", blank=True)
    website = models.URLField("site web", blank=True)
    hours = models.CharField("horaires", max_length=300, blank=True)
    is_public = models.BooleanField("visible dans l'annuaire public", default=True)
    accepts_handovers = models.BooleanField(
        "reçoit des passages de relais",
        default=True,
        help_text="Décochez pour un contact seulement listé dans l'annuaire (tribunal, ADIL, Banque de France…).",
    )
    source_url = models.URLField("source des coordonnées", blank=True)
    source_date = models.DateField(
        "informations vérifiées le",
        null=True,
        blank=True,
        help_text="Le dernier jour où ces informations ont été vérifiées auprès du service.",
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "organisation"

    def __str__(self):
        return self.name

    @property
    def area_labels(self):
        """The area covered as people read it: « Orléans (45) », « Loiret (tout le département 45) »."""
        return [geo.label(code) for code in self.area]


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)


class Membership(models.Model):
    """A user's role in one organisation. Ending it ends the user's sessions and websockets."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.organisation})"


def normalise_code(raw: str) -> str:
    """What the person typed, reduced to the code's alphabet: case, spaces and dashes do not matter."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def code_digest(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), normalise_code(code).encode(), hashlib.sha256).hexdigest()


def generate_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A single-use code that creates an account: a household's from its letter, a professional's by e-mail."""

    MAX_FAILED_ATTEMPTS = 5

    kind = models.CharField(max_length=12, choices=InvitationKind.choices)
    code_digest = models.CharField(max_length=64, unique=True, editable=False)
    code = EncryptedTextField(editable=False)  # kept (encrypted) so a letter can be printed again
    # For a household code, the postcode printed on the letter: asked with the code.
    postcode = models.CharField(max_length=10, blank=True)
    email = models.EmailField(blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=30, choices=Role.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    # When the short link /i/<code> or the invitation page with the code was first opened (the contact funnel).
    opened_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation n°{self.pk} ({self.get_kind_display()})"

    @classmethod
    def issue(cls, *, kind, organisation, days, created_by=None, **fields):
        code = generate_code()
        invitation = cls.objects.create(
            kind=kind,
            organisation=organisation,
            code=code,
            code_digest=code_digest(code),
            expires_at=timezone.now() + timedelta(days=days),
            created_by=created_by,
            **fields,
        )
        invitation.plain_code = code
        return invitation

    @classmethod
    def find(cls, raw_code):
        return cls.objects.filter(code_digest=code_digest(raw_code)).select_related("organisation").first()

    @classmethod
    def mark_opened(cls, raw_code):
        """Set opened_at once, the first time a link carrying this code is opened (one UPDATE, no read)."""
        if raw_code:
            cls.objects.filter(code_digest=code_digest(raw_code), opened_at__isnull=True).update(
                opened_at=timezone.now()
            )

    @property
    def display_code(self):
        return format_code(self.code)

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_locked(self):
        return self.failed_attempts >= self.MAX_FAILED_ATTEMPTS

    @property
    def is_usable(self):
        return not (self.used_at or self.revoked_at or self.is_expired or self.is_locked)


class AuditEvent(models.Model):
    """Who did what, on which object, when and from where. Never holds confidential text."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # The case or household the event concerns, so a household can see who accessed its file.
    subject_key = models.CharField(max_length=80, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


class Draft(models.Model):
    """A long text being typed, kept encrypted on the server so an expired session loses nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    key = models.CharField(max_length=120)
    body = EncryptedTextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="unique_draft_per_key")]

    def __str__(self):
        return f"Brouillon « {self.key} » de l'utilisateur n°{self.user_id}"


def phone_digest(e164: str) -> str:
    """A keyed hash of a number: the outbox is searched by number without holding it in clear."""
    return hmac.new(settings.SECRET_KEY.encode(), f"sms:{e164}".encode(), hashlib.sha256).hexdigest()


class OutboundSms(models.Model):
    """One SMS handed to the provider (or, in development, kept in the outbox). Number and text are encrypted."""

    phone = EncryptedTextField("numéro")
    phone_digest = models.CharField(max_length=64, db_index=True, editable=False)
    text = EncryptedTextField("texte")
    segments = models.PositiveSmallIntegerField("segments", default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    # The provider's id for status callbacks, and the last status it reported (queued, sent, delivered, failed…).
    provider_id = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "SMS envoyé"
        verbose_name_plural = "SMS envoyés"

    def __str__(self):
        return f"SMS {self.pk}"

    def save(self, *args, **kwargs):
        self.phone_digest = phone_digest(self.phone)
        super().save(*args, **kwargs)


class InboundSms(models.Model):
    """A reply received on the programme's long number (Twilio's inbound webhook). Number and text are encrypted."""

    phone = EncryptedTextField("numéro")
    phone_digest = models.CharField(max_length=64, db_index=True, editable=False)
    text = EncryptedTextField("texte")
    provider_id = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "SMS reçu"
        verbose_name_plural = "SMS reçus"

    def __str__(self):
        return f"SMS reçu {self.pk}"

    def save(self, *args, **kwargs):
        self.phone_digest = phone_digest(self.phone)
        super().save(*args, **kwargs)


class SmsOptOut(models.Model):
    """A number that answered STOP: no invitation, reminder or notice is sent to it until START (or the household
    turns SMS back on in its space). Kept by keyed hash only (phone_digest), never the number."""

    phone_digest = models.CharField(max_length=64, unique=True)
    stopped_at = models.DateTimeField("STOP reçu le", null=True, blank=True)
    started_at = models.DateTimeField("START reçu le", null=True, blank=True)

    class Meta:
        verbose_name = "refus de SMS"
        verbose_name_plural = "refus de SMS"

    def __str__(self):
        return f"Refus de SMS {self.pk}"
