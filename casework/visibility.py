"""What the landlord receives about a referred household, and what it never receives: the one promise.

Every public page, the footer, the invitation page, the letter PDF and docs/rules.md render these two lists
(templates/includes/visibility_promise.html, ``render_markdown_table``); nothing restates them by hand.
The lists follow the confidentiality table of docs/rules.md and the scoping of casework.perms.
"""

LANDLORD_RECEIVES = (
    "le signalement qu'il a lui-même fait (avec ses propres tentatives pour vous joindre)",
    "l'état du dossier, y compris « le ménage s'est manifesté »",
    "si le contact avec l'association est établi (oui ou non) et à quelle date",
    "le délai d'un mois donné à l'association pour établir le contact : sans contact, il peut reprendre la procédure",
    "la date, l'heure et le lieu des bilans et rendez-vous auxquels il participe",
    "les comptes rendus de bilan validés",
    "l'état et les dates de votre demande de mutation, seulement si vous l'acceptez (les communes souhaitées "
    "seulement si vous l'acceptez aussi)",
    "l'état de la dette et du plan d'apurement",
    "le type de solution trouvée (plan d'apurement, mutation, orientation vers un autre dispositif sans dire lequel, "
    "dette soldée) ou la raison d'un échec",
    "les messages d'organisation échangés avec l'association",
)

LANDLORD_NEVER_RECEIVES = (
    "ce que vous dites pendant les entretiens",
    "le diagnostic de votre situation (origine de la dette, santé, famille, votre point de vue)",
    "votre budget",
    "vos messages avec l'association",
    "votre carnet de route",
    "les passages de relais vers d'autres services, ni vers lesquels",
    "la note de l'association sur votre demande de mutation",
    "vos documents",
)

PROMISE_TITLE = "Ce que votre bailleur sait de votre accompagnement"
RECEIVES_HEADING = "Votre bailleur reçoit"
NEVER_HEADING = "Votre bailleur ne reçoit jamais"

DOC_START = "<!-- visibility:start -->"
DOC_END = "<!-- visibility:end -->"


def promise():
    """The promise as template context (the one include renders it)."""
    return {
        "title": PROMISE_TITLE,
        "receives_heading": RECEIVES_HEADING,
        "never_heading": NEVER_HEADING,
        "receives": LANDLORD_RECEIVES,
        "never": LANDLORD_NEVER_RECEIVES,
    }


def render_markdown_table():
    """The promise as the markdown table kept between the visibility markers of docs/rules.md."""
    rows = max(len(LANDLORD_RECEIVES), len(LANDLORD_NEVER_RECEIVES))
    lines = [f"| {RECEIVES_HEADING} | {NEVER_HEADING} |", "|---|---|"]
    for index in range(rows):
        left = LANDLORD_RECEIVES[index] if index < len(LANDLORD_RECEIVES) else ""
        right = LANDLORD_NEVER_RECEIVES[index] if index < len(LANDLORD_NEVER_RECEIVES) else ""
        lines.append(f"| {_cell(left)} | {_cell(right)} |")
    return "\n".join(lines)


def render_doc_block():
    return f"{DOC_START}\n{render_markdown_table()}\n{DOC_END}"


def doc_block(text):
    """The visibility block found in a document's text (markers included), or None."""
    start = text.find(DOC_START)
    end = text.find(DOC_END, start)
    if start < 0 or end < 0:
        return None
    return text[start : end + len(DOC_END)]


def _cell(text):
    if not text:
        return ""
    return (text[0].upper() + text[1:]).replace("|", "\\|")
