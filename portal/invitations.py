"""Redeeming an invitation: a household's letter code, or a professional's e-mail invitation."""

from django import forms
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from portal import audit, net, perms
from portal.enums import InvitationKind
from portal.links import absolute
from portal.models import Invitation, Membership, User, normalise_code
from portal.phones import PhoneField
from portal.signals import household_invitation_redeemed

SESSION_KEY = "portal_invitation_id"
ADDRESS_LIMIT = 10  # wrong codes per hour from one address
ADDRESS_WINDOW = 3600


def _address_key(request):
    return f"invitation-failures:{net.client_key(request)}"


def address_blocked(request):
    return cache.get(_address_key(request), 0) >= ADDRESS_LIMIT


def count_address_failure(request):
    key = _address_key(request)
    cache.add(key, 0, ADDRESS_WINDOW)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, ADDRESS_WINDOW)


# The one message for a letter's postcode left empty or not matching the letter (the same words for both: a wrong
# postcode says nothing about the right one).
POSTCODE_MESSAGE = "Indiquez le code postal imprimé sur votre courrier."


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code d'invitation",
        max_length=30,
        help_text="Il figure sur le courrier reçu, par exemple ABCD-EFGH-JKMN. Les tirets et les espaces ne comptent pas.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    postcode = forms.CharField(
        label="Code postal imprimé sur votre courrier",
        max_length=10,
        help_text="Il figure dans l'adresse du courrier, sous votre nom. Il protège votre code si quelqu'un d'autre le lit.",
        error_messages={"required": POSTCODE_MESSAGE},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )

    def __init__(self, *args, request=None, professional=False, **kwargs):
        self.request = request
        self.invitation = None
        super().__init__(*args, **kwargs)
        self.professional = professional
        if professional:
            # A staff member's link from its invitation e-mail: no letter, no postcode to ask. Only the page's
            # layout depends on it: clean() still demands the postcode of every invitation that has one.
            self.fields["postcode"].required = False
            self.fields["postcode"].widget = forms.HiddenInput()
            self.fields["code"].help_text = "Il figure dans le lien de votre e-mail d'invitation : il est déjà saisi."

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if address_blocked(self.request):
            raise forms.ValidationError(
                "Trop d'essais depuis cette connexion. Réessayez dans une heure ou appelez l'association."
            )
        invitation = Invitation.find(cleaned["code"])
        if invitation is None or len(normalise_code(cleaned["code"])) < 12:
            count_address_failure(self.request)
            audit.record(self.request, "invitation.wrong_code")
            self.add_error("code", "Ce code n'existe pas. Vérifiez chaque caractère du courrier.")
            return cleaned
        if invitation.used_at:
            self.add_error(
                "code", "Ce code a déjà servi. Connectez-vous avec votre numéro de portable ou votre adresse e-mail."
            )
        elif invitation.revoked_at:
            self.add_error("code", "Ce code a été annulé. Appelez l'association pour en recevoir un nouveau.")
        elif invitation.is_expired:
            self.add_error("code", "Ce code a expiré. Appelez l'association pour en recevoir un nouveau.")
        elif invitation.is_locked:
            self.add_error("code", "Ce code est bloqué après trop d'essais. Appelez l'association.")
        elif invitation.postcode and cleaned.get("postcode", "").replace(" ", "") != invitation.postcode:
            invitation.failed_attempts += 1
            invitation.save(update_fields=["failed_attempts"])
            count_address_failure(self.request)
            audit.record(self.request, "invitation.wrong_postcode", invitation)
            if self.fields["postcode"].widget.is_hidden:
                # A letter's code behind a professional link: the field comes back, with its message next to it.
                self.fields["postcode"].widget = CodeForm.base_fields["postcode"].widget
            self.add_error("postcode", POSTCODE_MESSAGE)
        else:
            self.invitation = invitation
        return cleaned


class AccountForm(forms.Form):
    first_name = forms.CharField(
        label="Prénom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    phone = PhoneField(
        label="Numéro de portable",
        required=False,
        help_text="Un code vous sera envoyé par SMS pour le vérifier. Vous pourrez ensuite vous connecter avec ce numéro.",
    )
    email = forms.EmailField(
        label="Adresse e-mail",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="Un numéro de portable, une adresse e-mail, ou les deux.",
    )
    password1 = forms.CharField(
        label="Mot de passe",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Au moins 12 caractères. Une phrase facile à retenir convient très bien.",
    )
    password2 = forms.CharField(
        label="Mot de passe, une deuxième fois", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)
        if invitation.kind == InvitationKind.STAFF:
            # A professional signs in by e-mail, password and second factor: no phone login, no login by code.
            del self.fields["phone"]
            self.fields["email"].initial = invitation.email
            self.fields["email"].disabled = True
            self.fields["email"].required = True
            self.fields["email"].help_text = ""
            self.fields["last_name"] = forms.CharField(label="Nom", max_length=150)

    def clean_email(self):
        email = (self.cleaned_data["email"] or "").lower()
        if email and User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Un compte existe déjà avec cette adresse. Connectez-vous.")
        return email

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if phone and User.objects.filter(phone=phone, phone_verified_at__isnull=False).exists():
            raise forms.ValidationError(
                "Ce numéro est déjà celui d'un autre compte. Connectez-vous avec lui, ou donnez un autre numéro."
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        if "phone" in self.fields and not cleaned.get("phone") and not cleaned.get("email"):
            if not self.has_error("phone") and not self.has_error("email"):
                self.add_error("phone", "Indiquez un numéro de portable ou une adresse e-mail (ou les deux).")
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        elif p1:
            user = User(email=cleaned.get("email", ""), first_name=cleaned.get("first_name", ""))
            try:
                validate_password(p1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def _alert_organisation(invitation):
    recipients = list(
        Membership.objects.active().filter(organisation=invitation.organisation).values_list("user__email", flat=True)
    )
    if recipients:
        send_mail(
            "Un ménage a créé son compte",
            "Un ménage vient de créer son compte sur le portail à partir de son courrier. "
            f"Connectez-vous pour confirmer son identité : {absolute('portal:partner_home')}",
            None,
            recipients,
            fail_silently=True,
        )


def start_phone_verification(request, user):
    """The number typed when redeeming is verified by allauth's own flow: a code by SMS, typed on its page.
    The person has just chosen their password here, which counts as this session's authentication."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.account.internal.flows.phone_verification import ChangePhoneVerificationProcess

    record_authentication(request, user, method="password", reauthenticated=True)
    ChangePhoneVerificationProcess.initiate(request, user.phone)
    return redirect("account_verify_phone")


def session_invitation(request):
    """The usable invitation whose code this (not yet signed-in) session has typed: the letter's code holder's
    session, between the code's page and the account's. None when there is none, or when it is no longer usable."""
    invitation_id = request.session.get(SESSION_KEY)
    if not invitation_id:
        return None
    return Invitation.objects.usable().filter(pk=invitation_id).first()


@login_not_required
def redeem(request, code=""):
    """Step 1: the code (and, for a letter, the postcode). Step 2: the account."""
    if request.user.is_authenticated:
        if perms.is_staff_member(request.user):
            return render(request, "portal/invitation_refused.html", status=403)
        return redirect("portal:household_home")
    invitation = session_invitation(request)
    if invitation is None or request.GET.get("code") or code:
        if request.method == "GET":
            Invitation.mark_opened(code or request.GET.get("code", ""))
        form = CodeForm(
            request.POST or None,
            request=request,
            professional=request.GET.get("pro") == "1",
            initial={"code": code or request.GET.get("code", "")},
        )
        if request.method == "POST" and "code" in request.POST and form.is_valid():
            request.session[SESSION_KEY] = form.invitation.pk
            return redirect("portal:invitation_redeem")
        return render(request, "portal/invitation_code.html", {"form": form, "staff_days": STAFF_INVITATION_DAYS})

    form = AccountForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            locked = Invitation.objects.select_for_update().usable().filter(pk=invitation.pk).first()
            if locked is None:
                request.session.pop(SESSION_KEY, None)
                return redirect("portal:invitation_redeem")
            user = User.objects.create_user(
                email=form.cleaned_data["email"] or None,
                phone=form.cleaned_data.get("phone", ""),
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data.get("last_name", ""),
            )
            locked.used_at = timezone.now()
            locked.used_by = user
            locked.save(update_fields=["used_at", "used_by"])
            if locked.kind == InvitationKind.STAFF:
                Membership.objects.create(user=user, organisation=locked.organisation, role=locked.role)
        request.session.pop(SESSION_KEY, None)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        audit.record(request, "invitation.redeemed", locked)
        if locked.kind == InvitationKind.HOUSEHOLD:
            _alert_organisation(locked)
            household_invitation_redeemed.send(sender=Invitation, invitation=locked, user=user, request=request)
            if user.phone:
                return start_phone_verification(request, user)
            return redirect(request.session.pop("portal_after_redeem", None) or reverse("portal:household_welcome"))
        return redirect("portal:otp_setup")
    return render(request, "portal/invitation_account.html", {"form": form, "invitation": invitation})


STAFF_INVITATION_DAYS = 14


def invite_staff(who, organisation, email, role):
    """Invite a professional to an organisation by e-mail (single-use link, STAFF_INVITATION_DAYS days): the one
    way a member joins, used by the « Équipe » page and the platform administrator's new programme.

    `who` is a request (or a user, for the command line): the inviter named in the e-mail and the audit log."""
    user = getattr(who, "user", who)
    invitation = Invitation.issue(
        kind=InvitationKind.STAFF,
        organisation=organisation,
        days=STAFF_INVITATION_DAYS,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        email=email,
        role=role,
    )
    link = absolute("portal:invitation_redeem_code", invitation.plain_code, query="pro=1")
    inviter = (user.get_full_name() or user.email) if getattr(user, "is_authenticated", False) else "Le portail"
    send_mail(
        "Votre accès au portail Prévenir l'impayé",
        f"{inviter} vous invite à rejoindre {organisation.name} sur le portail.\n\n"
        f"Créez votre compte avec ce lien, valable {STAFF_INVITATION_DAYS} jours :\n{link}\n\n"
        "Vous devrez ensuite activer la double authentification.",
        None,
        [invitation.email],
    )
    audit.record(who, "staff.invited", invitation, email=invitation.email)
    return invitation
