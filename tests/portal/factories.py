"""Factories for the portal's models."""

import factory
from django.utils import timezone

from portal.enums import OrganisationKind, Role
from portal.models import Membership, Organisation, User

PASSWORD = "mot-de-passe-de-test-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@test.example")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        confirmed = factory.Trait(identity_confirmed_at=factory.LazyFunction(timezone.now))
        # The platform administrator (docs/rules.md § 9): a superuser, no membership.
        platform_admin = factory.Trait(is_superuser=True, is_staff=True)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.ASSOCIATION

    class Params:
        # A partner service's directory entry (casework.directory), covering the Loiret unless told otherwise.
        partner_service = factory.Trait(
            kind=OrganisationKind.PARTNER,
            description="Aide au budget et aux démarches.",
            audience="Les locataires du Loiret.",
            how_to_reach="Sur rendez-vous par téléphone.",
            phone="02 38 00 00 30",
            area=["45"],
            accepts_handovers=True,
            is_public=True,
        )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.WORKER
