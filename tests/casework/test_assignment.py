"""« M'attribuer » : a worker takes an unassigned open case of its association; reassigning stays with the
coordinator (docs/rules.md § 5, « Attribution »)."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from casework.models import Case
from portal.enums import Role
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.portal.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(association, landlord):
    return CaseFactory(programme=ProgrammeFactory(association=association, landlord=landlord), contacting=True)


def _take(client, case):
    return client.post(reverse("casework:take_case", args=[case.pk]), follow=True)


def test_a_worker_takes_an_unassigned_case(case, worker, verified_client):
    client = verified_client(worker)
    assertContains(client.get(reverse("casework:case_detail", args=[case.pk])), "M'attribuer</button>")
    response = _take(client, case)
    case.refresh_from_db()
    assert case.assigned_worker == worker
    assertContains(response, "Le dossier vous est attribué.")
    assert case.timeline.filter(kind="assigned").exists()
    assertNotContains(client.get(reverse("casework:case_detail", args=[case.pk])), "M'attribuer</button>")


def test_taking_an_assigned_case_is_the_coordinators(case, worker, association, verified_client):
    colleague = MembershipFactory(organisation=association, role=Role.WORKER).user
    Case.objects.filter(pk=case.pk).update(assigned_worker=colleague)
    client = verified_client(worker)
    assertNotContains(client.get(reverse("casework:case_detail", args=[case.pk])), "M'attribuer</button>")
    response = _take(client, case)
    case.refresh_from_db()
    assert case.assigned_worker == colleague
    assertContains(response, "Ce dossier est déjà attribué")


def test_another_associations_worker_gets_404(case, verified_client):
    stranger = MembershipFactory(role=Role.WORKER).user
    assert verified_client(stranger).post(reverse("casework:take_case", args=[case.pk])).status_code == 404
    case.refresh_from_db()
    assert case.assigned_worker is None
