"""allauth integration: no open sign-up, French messages, audit of sign-ins, sessions ended on deactivation."""

import logging

from allauth.account import forms as allauth_forms
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.userkit import filter_users_by_email
from allauth.account.signals import (
    email_changed,
    password_changed,
    password_reset,
    password_set,
    user_logged_in,
    user_logged_out,
)
from django import forms
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from portal import audit, perms, security_events, sms
from portal.links import absolute, with_next
from portal.models import AuditEvent, Membership, User
from portal.net import client_ip
from portal.phones import PhoneField, normalise, normalise_or_blank
from portal.second_factor import has_confirmed_device
from portal.sessions import end_session, end_user_sessions

logger = logging.getLogger(__name__)


class AddEmailForm(allauth_forms.AddEmailForm):
    """A signed-in, re-authenticated person adding an address another account uses is told so, clearly.

    allauth hides the conflict to prevent enumeration and the unique address then fails later (IntegrityError,
    a broken account); here the person has proved who they are, so the form says it next to the field."""

    def clean_email(self):
        value = super().clean_email()
        if any(other.pk != self.user.pk for other in filter_users_by_email(value)):
            raise forms.ValidationError("Cette adresse est déjà utilisée par un autre compte.", code="email_taken")
        return value

    def save(self, request):
        keep_current_address(self.user)
        return super().save(request)


def keep_current_address(user):
    """With ACCOUNT_CHANGE_EMAIL allauth replaces the pending unverified address by a new one. The portal does not
    verify addresses at sign-in (ACCOUNT_EMAIL_VERIFICATION = "none"), so the address the person signs in with is
    the address of record: mark it so, or adding a new one would delete it and leave the account without any."""
    from allauth.account.models import EmailAddress

    if not user.email:
        return
    with transaction.atomic():
        EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(primary=False)
        updated = EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True, primary=True)
        if not updated:
            EmailAddress.objects.create(user=user, email=user.email.lower(), verified=True, primary=True)


class PortalAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Households come in with a letter's code, professionals with an e-mail invitation.
        return False

    def get_login_redirect_url(self, request):
        from django.urls import reverse

        return reverse("portal:after_login")

    def post_login(self, request, user, *, redirect_url, **kwargs):
        """Every sign-in ends at portal:after_login (the browser remembered, a new password offered after a code),
        with the page the person was going to as its `next`: a sign-in asked by a page (`?next=`) went straight
        there, past both (the next sign-in from that browser was told as an unknown one)."""
        from allauth.account.utils import get_next_redirect_url
        from django.urls import reverse

        going = redirect_url or get_next_redirect_url(request)
        if going and not callable(going):
            redirect_url = with_next(reverse("portal:after_login"), going)
        return super().post_login(request, user, redirect_url=redirect_url, **kwargs)

    def send_mail(self, template_prefix, email, context):
        # Sign-up is closed: a mail never links to it; households are pointed to their letter's code instead.
        context = {k: v for k, v in context.items() if k != "signup_url"}
        context["invitation_url"] = absolute("portal:invitation_redeem")
        return super().send_mail(template_prefix, email, context)

    def get_client_ip(self, request):
        """allauth's rate limits and user sessions see the address portal/net.py gives (proxy-aware)."""
        from django.core.exceptions import PermissionDenied

        address = client_ip(request)
        if not address:
            raise PermissionDenied("Adresse du client inconnue.")
        return address

    # Phone numbers (allauth's phone support). The number is stored on User.phone in E.164; it signs in and
    # receives SMS only once verified (User.phone_verified_at). portal/phones.py is the one reader of input.

    def phone_form_field(self, **kwargs):
        return PhoneField(**kwargs)

    def clean_phone(self, phone):
        return normalise(phone)

    def set_phone(self, user, phone, verified):
        from django.utils import timezone

        user.phone = phone
        user.phone_verified_at = timezone.now() if verified else None
        user.save(update_fields=["phone", "phone_verified_at"])

    def get_phone(self, user):
        if not user.phone:
            return None
        return user.phone, user.phone_verified

    def set_phone_verified(self, user, phone):
        """allauth calls this once the code sent to `phone` was typed: on a change of number, `phone` is the new
        one (the former stops signing in at once). SMS reminders stay as the person chose them."""
        from django.utils import timezone

        former = user.phone if user.phone_verified else None
        if user.phone != phone or not user.phone_verified:
            user.phone, user.phone_verified_at = phone, timezone.now()
            user.save(update_fields=["phone", "phone_verified_at"])
        if former and former != phone:
            # A verified number replaced by another: a security change, told like any other (portal.security_events),
            # and by SMS to the former number, since a household may have no e-mail address.
            security_events.record(self.request, user, "phone_changed", former_phone=former)

    def get_user_by_phone(self, phone):
        """Only a verified number identifies an account: the landlord's number or one typed but never
        confirmed by SMS signs nobody in. allauth's login form passes the number as typed: read it here."""
        phone = normalise_or_blank(phone)
        if not phone:
            return None
        return User.objects.filter(phone=phone, phone_verified_at__isnull=False, is_active=True).first()

    def send_verification_code_sms(self, user, phone, code, **kwargs):
        sms.send_now(phone, sms.code_text(code))

    def get_reauthentication_methods(self, user):
        """Once a device exists, re-authentication is a code typed on our page: never the password alone."""
        from django.urls import reverse

        if user.is_authenticated and has_confirmed_device(user):
            return [{"id": "otp", "description": "Code de vérification", "url": reverse("portal:reauthenticate")}]
        return super().get_reauthentication_methods(user)


class LoginForm(allauth_forms.LoginForm):
    """One field for the e-mail or the mobile number, named so in French (allauth's catalogue says « Identifiant »)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["login"]
        field.label = "Adresse e-mail ou numéro de portable"
        field.widget.attrs.update({"placeholder": "Adresse e-mail ou 06 12 34 56 78", "autocomplete": "username"})
        # allauth puts « Mot de passe oublié ? » above the field too: the page has it once, next to the button.
        self.fields["password"].help_text = ""


NEITHER_PHONE_NOR_EMAIL = "Indiquez votre numéro de portable, ou votre adresse e-mail."


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    """« Recevoir un code » is for households: a professional keeps password + second factor. A staff member's
    address or number is then treated exactly like an unknown one (nothing is sent, nothing is revealed)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "phone" in self.fields:  # a household has a mobile more often than an address: the number first
            self.fields["phone"].label = "Numéro de portable"
            self.order_fields(["phone", "email"])
        if "email" in self.fields:
            self.fields["email"].label = "Ou votre adresse e-mail"
            self.fields["email"].widget.attrs.update({"placeholder": "", "autocomplete": "email"})
        for field in self.fields.values():
            if not field.required:
                field.requirement = "l'un des deux"  # templates/includes/form_field.html, instead of « facultatif »

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("phone") and not cleaned.get("email"):
            # Both left empty: allauth's view would then read a user nobody looked up (an error 500).
            self.add_error("phone" if "phone" in self.fields else "email", NEITHER_PHONE_NOR_EMAIL)
            return cleaned
        user = getattr(self, "_user", None)
        if user is not None and (user.is_staff or perms.is_staff_member(user)):
            self._user = None
        return cleaned


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    audit.record(request, "auth.login")


@receiver(user_logged_in)
def notice_new_browser(sender, request, user, **kwargs):
    """After audit_login: a sign-in from a browser that never completed one for this user is told to them."""
    if request is None or security_events.is_known_browser(request, user):
        return
    if AuditEvent.objects.filter(actor=user, action="auth.login").count() > 1:  # not the account's first sign-in
        security_events.record(request, user, "new_browser")


@receiver(email_changed)
def notice_email_changed(sender, request, user, from_email_address=None, to_email_address=None, **kwargs):
    former = getattr(from_email_address, "email", "")
    security_events.record(request, user, "email_changed", former_email=former)


@receiver(user_logged_out, dispatch_uid="portal.audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(user, "auth.logout")


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # The e-mail or number tried is kept (it identifies an attack on an account); never the password.
    audit.record(
        request, "auth.login_failed", actor_label=str(credentials.get("email") or credentials.get("phone") or "")[:254]
    )


@receiver(user_logged_out)
def end_session_on_logout(sender, request, user, **kwargs):
    """Logout, the idle timeout and the 12-hour limit all log out: the session's sockets close with it."""
    if request is not None and hasattr(request, "session"):
        end_session(request.session.session_key)


@receiver(password_changed)
@receiver(password_set)
def end_other_sessions_on_password_change(sender, request, user, **kwargs):
    end_user_sessions(user, keep=request.session.session_key, reason="password_changed")
    security_events.record(request, user, "password_changed")


@receiver(password_reset)
def end_sessions_on_password_reset(sender, request, user, **kwargs):
    end_user_sessions(user, reason="password_reset")
    security_events.record(request, user, "password_reset")


@receiver(pre_save, sender=User)
def remember_active_flag(sender, instance, **kwargs):
    if instance.pk:
        instance._was_active = User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()


@receiver(post_save, sender=User)
def end_sessions_on_deactivation(sender, instance, created, **kwargs):
    if not created and getattr(instance, "_was_active", False) and not instance.is_active:
        end_user_sessions(instance, reason="deactivated")


@receiver(pre_save, sender=Membership)
def remember_membership_flag(sender, instance, **kwargs):
    if instance.pk:
        instance._was_active = Membership.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()


@receiver(post_save, sender=Membership)
def end_sessions_on_membership_end(sender, instance, created, **kwargs):
    if not created and getattr(instance, "_was_active", False) and not instance.is_active:
        end_user_sessions(instance.user, reason="membership_ended")
