"""Each role's own navigation in the header (issue 18): the one place that says which sections a role reaches.

association: Dossiers, Messages, Agenda, Réunions, Évaluation; landlord: Signalements, Messages, Réunions,
Évaluation; partner: Relais; funder: Évaluation. A person with several roles gets each section once, in this order.
Households and visitors keep the public site's menu."""

from django.urls import reverse

from portal import perms

SECTIONS = {
    "cases": ("Dossiers", "casework:caseload"),
    "referrals": ("Signalements", "casework:landlord_dashboard"),
    "handovers": ("Relais", "casework:partner_handovers"),
    "messages": ("Messages", "messaging:partner_index"),
    "agenda": ("Agenda", "appointments:staff_agenda"),
    "meetings": ("Réunions", "casework:meetings"),
    "evaluation": ("Évaluation", "evaluation:index"),
}
ORDER = ("cases", "referrals", "handovers", "messages", "agenda", "meetings", "evaluation")


def role_sections(user):
    """The keys of SECTIONS this user's roles open, in ORDER."""
    keys = set()
    if perms.is_association_member(user):
        keys |= {"cases", "messages", "agenda", "meetings", "evaluation"}
    if perms.is_landlord_referent(user):
        keys |= {"referrals", "messages", "meetings", "evaluation"}
    if perms.is_partner_contact(user):
        keys.add("handovers")
    if perms.is_funder(user):
        keys.add("evaluation")
    return [key for key in ORDER if key in keys]


def role_links(user, path=""):
    """[(label, url, is_current)] for the header; the current section is the longest address `path` starts with."""
    links = [(SECTIONS[key][0], reverse(SECTIONS[key][1])) for key in role_sections(user)]
    current = max((url for _, url in links if path.startswith(url)), key=len, default=None)
    return [(label, url, url == current) for label, url in links]
