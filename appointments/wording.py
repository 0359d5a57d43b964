"""Discreet wording shared by e-mails, SMS, .ics files and feeds: no name, no household address, no amount."""

from django.conf import settings
from django.utils import timezone, translation

from appointments.enums import AppointmentKind, Place
from portal import formats

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


# What each kind of appointment is for, in one sentence the household reads on its own page (never in a
# notification: the landlord's and partner's presence is the household's business only).
HOUSEHOLD_PURPOSE = {
    AppointmentKind.FIRST_INTERVIEW: "Faire connaissance, comprendre votre situation et voir ensemble ce qui peut "
    "vous aider.",
    AppointmentKind.FOLLOW_UP: "Faire le point sur vos démarches et préparer la suite.",
    AppointmentKind.TRIPARTITE_REVIEW: "Un bilan tripartite : l'association, votre bailleur et vous faites le point "
    "ensemble sur votre dette et sur ce qui a été convenu pour la rembourser.",
    AppointmentKind.JOINT_HANDOVER: "Un entretien de passage de relais : l'association vous présente le service qui "
    "va aussi vous aider, pour que vous n'ayez pas à tout réexpliquer.",
}


def household_with(appointment):
    """Who will be there, as the household reads it on its appointment page."""
    kind = appointment.type.kind
    if kind == AppointmentKind.TRIPARTITE_REVIEW:
        return "avec l'association et votre bailleur"
    if kind == AppointmentKind.JOINT_HANDOVER:
        partner = appointment.partner or (appointment.handover.partner if appointment.handover_id else None)
        if partner is not None:
            where = f" ({partner.address})" if partner.address else ""
            return f"avec l'association et {partner.name}{where}"
    return f"avec {appointment.association}"


def when_text(moment):
    """ "samedi 5 décembre 2026 à 10 h 00", in Europe/Paris time whatever the process language."""
    local = timezone.localtime(moment)
    with translation.override("fr"):
        day = formats.in_words(local, "l j F Y")
    return f"{day} à {local.hour} h {local:%M}"


def household_url(appointment=None):
    return f"{settings.PORTAL_BASE_URL}/espace/rendez-vous/"


def staff_url(appointment):
    return f"{settings.PORTAL_BASE_URL}/partenaires/rendez-vous/{appointment.pk}/"
