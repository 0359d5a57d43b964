"""Forms of the public site: the call-back request and the page feedback."""

import re

from django import forms

from portal.enums import ContactChannel

PHONE_RE = re.compile(r"^\+?[0-9 .\-()]{10,20}$")


class HoneypotMixin(forms.Form):
    # Filled only by robots: the field is hidden from people (visually and from assistive technologies' flow).
    website = forms.CharField(
        label="Laissez ce champ vide",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self):
        return bool(self.cleaned_data.get("website"))


class ContactForm(HoneypotMixin):
    name = forms.CharField(
        label="Votre nom ou votre prénom",
        max_length=80,
        help_text="Un prénom suffit.",
        error_messages={"required": "Indiquez votre nom ou votre prénom, pour que l'association sache qui demander."},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    channel = forms.ChoiceField(
        label="Comment préférez-vous être contacté ?",
        choices=[(ContactChannel.PHONE, "Par téléphone"), (ContactChannel.EMAIL, "Par e-mail")],
        initial=ContactChannel.PHONE,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez le téléphone ou l'e-mail."},
    )
    phone = forms.CharField(
        label="Votre numéro de téléphone",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label="Votre adresse e-mail",
        required=False,
        error_messages={"invalid": "Cette adresse e-mail n'est pas valide. Exemple : prenom.nom@exemple.fr"},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    preferred_times = forms.CharField(
        label="Quand peut-on vous joindre ?",
        max_length=200,
        required=False,
        help_text="Par exemple : le soir après 18 h, ou le samedi matin.",
    )
    message = forms.CharField(
        label="Votre message",
        max_length=2000,
        required=False,
        help_text="Si vous le souhaitez, dites en quelques mots ce qui se passe. Vous pouvez aussi ne rien écrire.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "Votre message est trop long (2 000 caractères au plus). Raccourcissez-le."},
    )
    consent = forms.BooleanField(
        label="J'accepte que l'association me contacte à ce sujet.",
        error_messages={"required": "Cochez cette case : sans votre accord, l'association ne peut pas vous appeler."},
    )

    field_order = ["name", "channel", "phone", "email", "preferred_times", "message", "consent", "website"]

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and (not PHONE_RE.match(phone) or sum(c.isdigit() for c in phone) < 10):
            raise forms.ValidationError("Ce numéro ne semble pas complet. Exemple : 06 12 34 56 78")
        return phone

    def clean(self):
        data = super().clean()
        channel = data.get("channel")
        if channel == ContactChannel.PHONE and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "Indiquez votre numéro de téléphone, ou choisissez d'être contacté par e-mail.")
        if channel == ContactChannel.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "Indiquez votre adresse e-mail, ou choisissez d'être contacté par téléphone.")
        return data

    def contact_value(self):
        data = self.cleaned_data
        return data["phone"] if data["channel"] == ContactChannel.PHONE else data["email"]


class FeedbackForm(HoneypotMixin):
    page = forms.IntegerField(widget=forms.HiddenInput)
    useful = forms.TypedChoiceField(
        label="Cette page vous a-t-elle été utile ?",
        choices=[("oui", "Oui"), ("non", "Non")],
        coerce=lambda value: value == "oui",
        widget=forms.RadioSelect,
        error_messages={"required": "Répondez oui ou non."},
    )
    comment = forms.CharField(
        label="Un commentaire ?",
        max_length=1000,
        required=False,
        help_text="N'écrivez pas d'information personnelle : ce message est anonyme et ne reçoit pas de réponse.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "1 000 caractères au plus."},
    )
