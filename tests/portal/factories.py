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


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.WORKER
