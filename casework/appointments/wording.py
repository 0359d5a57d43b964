"""Discreet wording shared by e-mails, SMS, .ics files and feeds: no name, no household address, no amount."""

from django.conf import settings
from django.utils import formats, timezone, translation

from casework.appointments.enums import Place

SUMMARY = "Rendez-vous avec l'association"


def place_text(appointment):
    """Where, as anyone may read it: the association's or partner's own address, or "à domicile"."""
    if appointment.place == Place.OFFICE:
        return appointment.association.address or "à l'association"
    if appointment.place == Place.PARTNER and appointment.partner is not None:
        return appointment.partner.address or "dans les locaux d'un partenaire"
    return {
        Place.HOME: "à domicile",
        Place.PHONE: "par téléphone (l'association vous appelle)",
        Place.VIDEO: "en visioconférence (le lien est dans votre espace)",
    }.get(appointment.place, "")


def place_line(appointment):
    """The place as every participant of a review or a joint interview reads it: its kind, and an address where
    it has one (the association's or the partner's own, never the household's)."""
    address = ""
    if appointment.place == Place.OFFICE:
        address = appointment.association.address
    elif appointment.place == Place.PARTNER and appointment.partner is not None:
        address = appointment.partner.address
    label = str(appointment.get_place_display())
    return f"{label} — {address}" if address else label


def when_text(moment):
    """ "samedi 5 décembre 2026 à 10 h 00", in Europe/Paris time whatever the process language."""
    local = timezone.localtime(moment)
    with translation.override("fr"):
        day = formats.date_format(local, "l j F Y")
    return f"{day} à {local.hour} h {local:%M}"


def household_url(appointment=None):
    return f"{settings.PORTAL_BASE_URL}/espace/rendez-vous/"


def staff_url(appointment):
    return f"{settings.PORTAL_BASE_URL}/partenaires/rendez-vous/{appointment.pk}/"
