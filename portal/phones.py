"""Mobile numbers, in one place: what a person types becomes E.164, or a French message says why not.

Region FR: « 06 12 34 56 78 », « +33 6 12 34 56 78 », « 0033 6… » and overseas numbers (« 0690… » in
Guadeloupe, « +262 692… » in La Réunion) are all accepted and stored as « +33612345678 » / « +590690… ».
allauth's own phone field accepts only E.164; the account adapter's `phone_form_field` returns ours.
"""

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError

DEFAULT_REGION = "FR"
MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def normalise(raw, *, mobile_only=True):
    """The E.164 form of `raw`; ValidationError (French) when it is not a valid (mobile) number."""
    text = (raw or "").strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            "Ce numéro n'est pas valide. Écrivez-le comme sur votre téléphone, par exemple 06 12 34 56 78.",
            code="invalid_phone",
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            "Ce numéro n'existe pas. Vérifiez chaque chiffre, par exemple 06 12 34 56 78.", code="invalid_phone"
        )
    if mobile_only and phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise ValidationError(
            "Ce numéro n'est pas un portable : les SMS ne peuvent pas y arriver. Donnez un numéro de portable.",
            code="not_mobile",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_or_blank(raw):
    """For data already stored: the E.164 form, or "" when it cannot be read as a mobile number."""
    try:
        return normalise(raw)
    except ValidationError:
        return ""


def display(e164):
    """« 06 12 34 56 78 » for a French number, the international form for any other."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 33:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def written_forms(e164):
    """The ways a person commonly types this number (as a landlord's lease or import holds it, unnormalised):
    « 0612345678 », « 06 12 34 56 78 », « 06.12.34.56.78 », « +33 6 12 34 56 78 »… Lets a query match a free-text
    column against one E.164 number without reading every row (casework's CaseQuerySet.linked_to_phone)."""
    if not e164.startswith("+"):
        return []
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return [e164]
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    international = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    forms_ = {e164, "00" + e164[1:], national, international}
    digits = national.replace(" ", "")
    forms_ |= {digits, national.replace(" ", "."), national.replace(" ", "-"), international.replace(" ", "")}
    return sorted(forms_)


def masked(e164):
    """« 06 •• •• •• 78 »: enough for its owner to recognise a number, not enough to read it off a screen."""
    shown = display(e164)
    digits = [i for i, ch in enumerate(shown) if ch.isdigit()]
    hidden = set(digits[2:-2])
    return "".join("•" if i in hidden else ch for i, ch in enumerate(shown))


class PhoneField(forms.CharField):
    """A mobile number as a person types it; cleans to E.164."""

    default_error_messages = {"required": "Indiquez votre numéro de portable."}

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Numéro de portable")
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("help_text", "Par exemple 06 12 34 56 78, ou +262 692 12 34 56 depuis La Réunion.")
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return ""
        return normalise(value)
