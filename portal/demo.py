"""Demo organisations and users (one per role, plus a second landlord and association for scoping).

Idempotent: every object is looked up by a natural key before it is created.
"""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.enums import OrganisationKind, Role
from portal.models import Membership, Organisation, User

DEMO_PASSWORD = "demo-prevenir-2026"

ORGANISATIONS = [
    {
        "name": "Habitat Loiret Demo",
        "kind": OrganisationKind.LANDLORD,
        "is_public": False,
        "address": "12 rue de la République, 45000 Orléans",
        "phone": "02 38 00 00 01",
    },
    {
        "name": "Association Médiation Logement Orléans",
        "kind": OrganisationKind.ASSOCIATION,
        "address": "5 rue des Carmes, 45000 Orléans",
        "phone": "02 38 00 00 02",
        "email": "contact@aml-orleans.example",
        "hours": "Du lundi au vendredi de 9 h à 19 h, le samedi de 9 h à 12 h",
        "description": "Association indépendante de travailleurs sociaux : accompagnement budgétaire et médiation locative.",
    },
    {
        "name": "Conseillères sociales de Habitat Loiret Demo",
        "kind": OrganisationKind.PARTNER,
        "address": "12 rue de la République, 45000 Orléans",
        "phone": "02 38 00 00 03",
        "hours": "Sur rendez-vous, du lundi au vendredi",
        "description": "Les conseillères sociales du bailleur aident les locataires à stabiliser leur budget et à ouvrir leurs droits.",
    },
    {
        "name": "Service ASLL du Loiret",
        "kind": OrganisationKind.PARTNER,
        "address": "15 rue Eugène Vignat, 45000 Orléans",
        "phone": "02 38 00 00 04",
        "hours": "Du lundi au vendredi de 9 h à 17 h",
        "description": "Accompagnement social lié au logement : aide au budget et aux démarches, pour se maintenir dans son logement (financé par le Fonds unifié logement).",
    },
    {
        "name": "Pass-Assistance — Action Logement",
        "kind": OrganisationKind.PARTNER,
        "address": "8 rue de l'Exemple, 45000 Orléans",
        "phone": "09 70 00 00 18",
        "hours": "Du lundi au vendredi de 9 h à 18 h",
        "description": (
            "Un conseiller d'Action Logement fait le point sur la situation d'un salarié en difficulté pour payer "
            "son loyer et peut proposer une aide financière ou un prêt."
        ),
    },
    {
        "name": "CAF du Loiret",
        "kind": OrganisationKind.PARTNER,
        "address": "2 place de l'Exemple, 45000 Orléans",
        "phone": "02 38 00 00 19",
        "website": "https://www.caf.fr/",
        "hours": "Accueil sur rendez-vous, du lundi au vendredi",
        "description": (
            "La caisse d'allocations familiales verse l'APL et les prestations familiales ; elle peut revoir vos "
            "droits quand vos revenus baissent et maintenir l'APL pendant un plan d'apurement."
        ),
    },
    {
        "name": "Service social du Département du Loiret",
        "kind": OrganisationKind.PARTNER,
        "address": "Maison du Département, 4 rue de l'Exemple, 45100 Orléans",
        "phone": "02 38 00 00 20",
        "hours": "Du lundi au vendredi de 8 h 30 à 17 h",
        "description": (
            "Les assistantes sociales du Département reçoivent toute personne en difficulté ; elles montent les "
            "demandes d'aide du Fonds unifié logement (FUL)."
        ),
    },
    {
        "name": "Centre de santé de l'Argonne Demo",
        "kind": OrganisationKind.PARTNER,
        "address": "6 rue de l'Exemple, 45000 Orléans",
        "phone": "02 38 00 00 21",
        "hours": "Du lundi au samedi, avec ou sans rendez-vous le matin",
        "description": (
            "Médecins, infirmières et une psychologue ; une permanence d'accès aux soins pour les personnes sans "
            "mutuelle ou sans médecin traitant."
        ),
    },
    {
        "name": "Point conseil budget du Loiret",
        "kind": OrganisationKind.PARTNER,
        "address": "10 rue de l'Exemple, 45000 Orléans",
        "phone": "02 38 00 00 22",
        "email": "pcb@pcb-loiret.example",
        "hours": "Sur rendez-vous, du lundi au vendredi",
        "description": (
            "Des conseillers aident gratuitement à faire le point sur son budget, à négocier avec les créanciers et, "
            "si besoin, à déposer un dossier de surendettement à la Banque de France."
        ),
    },
    {"name": "Fonds de prévention Demo", "kind": OrganisationKind.FUNDER, "is_public": False},
    {"name": "Val de Loire Habitat Demo", "kind": OrganisationKind.LANDLORD, "is_public": False},
    {
        "name": "Association Solidarité Montargis",
        "kind": OrganisationKind.ASSOCIATION,
        "address": "3 place du Pâtis, 45200 Montargis",
        "phone": "02 38 00 00 05",
    },
]

# The directory fields of the seed's partner services (casework.directory): for whom, how to reach them, the area
# they cover, the day they were last checked (days ago). Filled only where still empty: a coordinator's edit stays.
DIRECTORY = {
    "Conseillères sociales de Habitat Loiret Demo": (
        "Les locataires de Habitat Loiret Demo.",
        "Par leur gardien ou leur agence ; sur orientation de l'association par le portail.",
        True,
    ),
    "Service ASLL du Loiret": (
        "Les ménages du Loiret qui risquent de perdre leur logement, sur décision du FUL.",
        "Sur orientation d'un travailleur social ; l'association passe le relais par le portail.",
        True,
    ),
    "Pass-Assistance — Action Logement": (
        "Les salariés d'une entreprise du secteur privé (10 salariés ou plus) et les retraités de moins de 5 ans.",
        "Par téléphone, au numéro ci-dessus ; l'association peut appeler avec le ménage.",
        True,
    ),
    "CAF du Loiret": (
        "Les allocataires de la CAF du Loiret.",
        "Sur rendez-vous par téléphone ou depuis le compte en ligne ; un travailleur social a un contact dédié.",
        True,
    ),
    "Service social du Département du Loiret": (
        "Toute personne qui habite le Loiret, sans condition.",
        "Par téléphone à la Maison du Département la plus proche, pour un rendez-vous.",
        True,
    ),
    "Centre de santé de l'Argonne Demo": (
        "Toute personne, avec ou sans couverture santé.",
        "Sans rendez-vous le matin ; sur rendez-vous l'après-midi.",
        True,
    ),
    "Point conseil budget du Loiret": (
        "Toute personne qui a du mal à boucler son budget ou qui a des dettes.",
        "Sur rendez-vous par téléphone ou par e-mail ; l'association peut prendre le rendez-vous avec le ménage.",
        True,
    ),
}
DIRECTORY_AREA = ["45"]  # the whole Loiret: the demo programmes' territories are in it
DIRECTORY_CHECKED_DAYS_AGO = 20

USERS = [
    # email, first name, last name, organisation, role
    ("coordinatrice@demo.example", "Claire", "Morel", "Association Médiation Logement Orléans", Role.COORDINATOR),
    ("travailleur@demo.example", "Karim", "Benali", "Association Médiation Logement Orléans", Role.WORKER),
    ("travailleuse2@demo.example", "Sophie", "Lambert", "Association Médiation Logement Orléans", Role.WORKER),
    ("bailleur@demo.example", "Julien", "Petit", "Habitat Loiret Demo", Role.LANDLORD_REFERENT),
    (
        "conseillere@demo.example",
        "Nadia",
        "Roussel",
        "Conseillères sociales de Habitat Loiret Demo",
        Role.PARTNER_CONTACT,
    ),
    ("asll@demo.example", "Marc", "Girard", "Service ASLL du Loiret", Role.PARTNER_CONTACT),
    ("financeur@demo.example", "Anne", "Durand", "Fonds de prévention Demo", Role.FUNDER),
    ("bailleur2@demo.example", "Paul", "Martin", "Val de Loire Habitat Demo", Role.LANDLORD_REFERENT),
    ("association2@demo.example", "Léa", "Fontaine", "Association Solidarité Montargis", Role.COORDINATOR),
]

HOUSEHOLDS = [
    # email, first name, last name, identity confirmed
    ("menage@demo.example", "Samira", "Haddad", True),
    ("menage-nouveau@demo.example", "Kevin", "Leroy", False),
]


def ensure_user(email, first_name, last_name, **extra):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, first_name=first_name, last_name=last_name, **extra
        )
    return user


def ensure_totp(user):
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="Application d'authentification (démo)", confirmed=True)


def load():
    organisations = {}
    for spec in ORGANISATIONS:
        spec = dict(spec)
        organisation, _ = Organisation.objects.get_or_create(name=spec.pop("name"), defaults=spec)
        organisations[organisation.name] = organisation
    for email, first, last, organisation_name, role in USERS:
        user = ensure_user(email, first, last)
        Membership.objects.get_or_create(
            user=user, organisation=organisations[organisation_name], defaults={"role": role}
        )
        ensure_totp(user)
    editors, _ = Group.objects.get_or_create(name="Editors")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    editor = ensure_user("redactrice@demo.example", "Inès", "Caron")
    editor.groups.add(editors)
    ensure_totp(editor)
    reviewer = ensure_user("relectrice@demo.example", "Odile", "Vasseur")
    reviewer.groups.add(moderators)
    ensure_totp(reviewer)
    admin = ensure_user("admin@demo.example", "Admin", "Démo", is_staff=True, is_superuser=True)
    ensure_totp(admin)
    for email, first, last, confirmed in HOUSEHOLDS:
        user = ensure_user(email, first, last)
        if confirmed and not user.identity_confirmed_at:
            user.identity_confirmed_at = timezone.now()
            user.save(update_fields=["identity_confirmed_at"])
    ensure_phone_only_household()
    ensure_directory(organisations)
    return organisations


def ensure_directory(organisations):
    """The seed's partner services as directory entries; only empty fields are filled (idempotent)."""
    checked = timezone.localdate() - timedelta(days=DIRECTORY_CHECKED_DAYS_AGO)
    for name, (audience, how_to_reach, handovers) in DIRECTORY.items():
        organisation = organisations[name]
        values = {"audience": audience, "how_to_reach": how_to_reach, "area": DIRECTORY_AREA, "source_date": checked}
        changed = [field for field, value in values.items() if not getattr(organisation, field)]
        for field in changed:
            setattr(organisation, field, values[field])
        if changed:
            organisation.accepts_handovers = handovers
            organisation.save(update_fields=[*changed, "accepts_handovers"])


# A household with a mobile number and no e-mail: it signs in with « Recevoir un code » (manage.py demo_sms).
PHONE_ONLY_HOUSEHOLD = ("+33600000001", "Aïcha", "Diallo")


def ensure_phone_only_household():
    phone, first, last = PHONE_ONLY_HOUSEHOLD
    user = User.objects.filter(phone=phone, phone_verified_at__isnull=False).first()
    if user is None:
        user = User.objects.create_user(
            phone=phone,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            phone_verified_at=timezone.now(),
            identity_confirmed_at=timezone.now(),
        )
    return user
