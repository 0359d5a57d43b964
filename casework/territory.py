"""Programme territories as codes INSEE: what the migration from names left to make precise, for the coordinator
(/partenaires/communes-a-preciser/), and the one write that settles a tenancy's commune."""

from dataclasses import dataclass

from django.db import transaction

from casework.models import Programme, Tenancy
from portal import audit, geo


class TerritoryError(Exception):
    pass


def coordinator_programmes(association_ids):
    return Programme.objects.filter(association_id__in=association_ids)


def unresolved_names(programme):
    """Each territory entry that is no code (a name the migration could not resolve), with its candidates."""
    return [(entry, geo.resolve(entry)[1] or []) for entry in programme.communes if geo.label(entry) == entry]


@dataclass
class ToCheck:
    names: list
    tenancies: list

    @property
    def count(self):
        return sum(len(found) for _, found in self.names) + len(self.tenancies)


def to_check(programmes):
    """What the « Communes à préciser » page lists: each programme's territory names without a code, and the
    tenancies without a commune code. `count` is what the coordinator's home announces."""
    programmes = list(programmes)
    names = [(programme, found) for programme in programmes if (found := unresolved_names(programme))]
    return ToCheck(names=names, tenancies=unresolved_tenancies(programmes))


def unresolved_tenancies(programmes):
    """Tenancies of these programmes' referrals whose commune has no code yet, with the candidates of their
    postcode (the communes that postcode serves)."""
    tenancies = (
        Tenancy.objects.filter(commune_code="", referrals__programme__in=programmes)
        .distinct()
        .only("id", "lease_reference", "postcode", "commune")
        .order_by("lease_reference")
    )
    return [(tenancy, [c for c in geo.by_postcode(tenancy.postcode)]) for tenancy in tenancies]


@transaction.atomic
def set_tenancy_commune(tenancy, code, by, request=None):
    """The coordinator's choice among the communes of the tenancy's postcode."""
    if code not in {c.code for c in geo.by_postcode(tenancy.postcode)}:
        raise TerritoryError("Choisissez une des communes de ce code postal.")
    chosen = geo.commune(code)
    Tenancy.objects.filter(pk=tenancy.pk).update(commune_code=chosen.code, commune=chosen.name)
    audit.record(request or by, "tenancy.commune_set", tenancy, code=chosen.code)
    return chosen
