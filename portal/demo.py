"""Demo organisations and users (one per role, plus a second landlord and association for scoping).

Idempotent: every object is looked up by a natural key before it is created.
"""

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
    {"name": "Fonds de prévention Demo", "kind": OrganisationKind.FUNDER, "is_public": False},
    {"name": "Val de Loire Habitat Demo", "kind": OrganisationKind.LANDLORD, "is_public": False},
    {
        "name": "Association Solidarité Montargis",
        "kind": OrganisationKind.ASSOCIATION,
        "address": "3 place du Pâtis, 45200 Montargis",
        "phone": "02 38 00 00 05",
    },
]

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
    return organisations


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
