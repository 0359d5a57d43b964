"""Contact established is a two-way exchange a worker confirmed; a household that only reached out is shown so."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.enums import CaseStatus, ContactState
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.conftest import verify_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord)


def test_landlord_does_not_read_contact_established_when_the_household_only_used_its_code(
    programme, landlord_referent, verified_client
):
    case = CaseFactory(programme=programme, status=CaseStatus.CONTACTING, household_reached_out_at=timezone.now())
    client = verified_client(landlord_referent)
    for url in (reverse("casework:landlord_dashboard"), reverse("casework:landlord_case", args=[case.pk])):
        html = client.get(url).content.decode()
        assert "Le ménage s&#x27;est manifesté" in html or "Le ménage s'est manifesté" in html
        assert ">Oui<" not in html


@pytest.mark.parametrize(
    "traits,state,label",
    [
        ({"contacting": True}, ContactState.NONE, "Prise de contact en cours"),
        ({"reached_out": True}, ContactState.REACHED_OUT, "Le ménage s'est manifesté"),
        ({"established": True}, ContactState.ESTABLISHED, "Contact établi"),
        ({"no_contact": True}, ContactState.NONE, "Sans contact"),
    ],
)
def test_contact_state_and_status_label(programme, traits, state, label):
    case = CaseFactory(programme=programme, **traits)
    assert case.contact_state == state
    assert case.status_label == label


def test_association_and_landlord_read_the_same_state(programme, worker, landlord_referent, client):
    case = CaseFactory(programme=programme, reached_out=True)
    association_html = unescape(
        verify_client(client, worker).get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    )
    assert "Le ménage s'est manifesté" in association_html
    csv_text = (
        verify_client(client, landlord_referent).get(reverse("casework:landlord_csv")).content.decode("utf-8-sig")
    )
    assert "Le ménage s'est manifesté (contact à confirmer)" in csv_text


def test_the_landlords_alerte_filter_reads_the_warning_rule(programme, landlord_referent, verified_client):
    today = timezone.localdate()
    near = CaseFactory(programme=programme, in_warning=True)
    CaseFactory(programme=programme, reached_out=True, deadline=today + timedelta(days=3))
    CaseFactory(programme=programme, contacting=True, deadline=today + timedelta(days=20))
    html = verified_client(landlord_referent).get(reverse("casework:landlord_dashboard"), {"jours": "alerte"})
    listed = re.findall(r"/partenaires/bailleur/dossiers/(\d+)/", html.content.decode())
    assert set(listed) == {str(near.pk)}
