"""The second factor's pages (django-otp): TOTP enrolment with a locally drawn QR code, verification, backup codes,
re-authentication by code. Who must pass them, and when, is decided in portal/second_factor.py only."""

from base64 import b32encode

import segno
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import audit, perms, second_factor, security_events
from portal.second_factor import has_confirmed_device

BACKUP_CODE_COUNT = 10


def safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def default_home(user):
    return (
        "/partenaires/"
        if perms.can_access_partner_area(user)
        else ("/admin/" if perms.is_staff_member(user) else "/espace/")
    )


ENROLMENT_HELP = "Les 6 chiffres que l'application affiche pour ce compte."


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code à usage unique",
        max_length=16,
        help_text="Les 6 chiffres affichés par votre application, ou l'un de vos codes de secours.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def typed_key(device):
    """The key a person types when the QR code cannot be scanned: base32, as authentication apps expect it (the
    same key as in the QR code's otpauth:// address), without padding, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def new_backup_codes(user):
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Codes de secours", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def qr_svg(data):
    return segno.make(data, error="m").svg_inline(scale=5, dark="#161616", light="#ffffff", title="QR code")


def verify(request):
    """Asks the code after the password. A wrong code is audited; allauth's limits do not apply here, ours do."""
    user = request.user
    if not has_confirmed_device(user):
        return redirect("portal:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            audit.record(request, "otp.verified", device_type=device.__class__.__name__)
            return redirect(safe_next(request, default_home(user)))
        audit.record(request, "otp.failed")
        form.add_error("token", "Ce code n'est pas valide. Vérifiez l'heure de votre téléphone et réessayez.")
    return render(request, "portal/otp_verify.html", {"form": form, "next": safe_next(request, "")})


def setup(request):
    """Enrolment. Changing an existing second factor is a sensitive change (portal/second_factor.py asks a code)."""
    user = request.user
    if not has_confirmed_device(user) and not second_factor.first_enrolment_open(user):
        return render(request, "portal/otp_locked.html", status=403)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Application d'authentification", confirmed=False)
    form = TokenForm(request.POST or None)
    form.fields["token"].help_text = ENROLMENT_HELP  # no backup codes yet: they come once this code is accepted
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].replace(" ", "")):
            TOTPDevice.objects.filter(user=user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            codes = new_backup_codes(user)
            audit.record(request, "otp.enrolled")
            security_events.record(request, user, "second_factor_enrolled")
            return render(
                request,
                "portal/otp_backup_codes.html",
                {"codes": codes, "next": safe_next(request, default_home(user))},
            )
        form.add_error(
            "token", "Ce code ne correspond pas. Scannez à nouveau le QR code puis saisissez le code affiché."
        )
    return render(
        request,
        "portal/otp_setup.html",
        {"form": form, "qr": qr_svg(device.config_url), "secret": typed_key(device), "next": safe_next(request, "")},
    )


def backup_codes(request):
    if not has_confirmed_device(request.user):
        return redirect("portal:otp_setup")
    if request.method == "POST":
        codes = new_backup_codes(request.user)
        audit.record(request, "otp.backup_codes_regenerated")
        security_events.record(request, request.user, "backup_codes_regenerated")
        return render(request, "portal/otp_backup_codes.html", {"codes": codes, "next": default_home(request.user)})
    return render(request, "portal/otp_backup_confirm.html")


def disable(request):
    """Households may remove their optional second factor; professionals cannot work without one."""
    if perms.is_staff_member(request.user):
        messages.error(request, "La double authentification est obligatoire pour les professionnels.")
        return redirect("portal:account_settings")
    if not has_confirmed_device(request.user):
        return redirect("portal:account_settings")  # nothing to switch off
    if request.method == "POST":
        TOTPDevice.objects.filter(user=request.user).delete()
        StaticDevice.objects.filter(user=request.user).delete()
        audit.record(request, "otp.disabled")
        security_events.record(request, request.user, "second_factor_disabled")
        messages.success(request, "La double authentification est désactivée.")
        return redirect("portal:account_settings")
    return render(request, "portal/otp_disable.html")


def reauthenticate(request):
    """Confirms a sensitive change with a code typed here (the password alone never counts once a device exists)."""
    user = request.user
    if not has_confirmed_device(user):
        return redirect(f"{reverse('account_reauthenticate')}?{urlencode({'next': safe_next(request, '')})}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"].replace(" ", ""))
        if device is not None:
            second_factor.mark_reauthenticated(request)
            audit.record(request, "otp.reauthenticated", device_type=device.__class__.__name__)
            return redirect(safe_next(request, reverse("portal:account_settings")))
        audit.record(request, "otp.failed", during="reauthentication")
        form.add_error("token", "Ce code n'est pas valide. Vérifiez l'heure de votre téléphone et réessayez.")
    return render(request, "portal/otp_reauthenticate.html", {"form": form, "next": safe_next(request, "")})
