"""The caseload's filters agree with the badges each case shows: a filter and a badge read the same rule."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.enums import CaseStatus
from tests.casework.factories import CaseFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

WARNING_BADGE = "Alerte échéance"


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord, warning_days=9)


def _rows(html):
    """{display name: row html} for every case listed."""
    return {
        unescape(m.group(2)): m.group(0)
        for m in re.finditer(
            r"<tr>(?:(?!</tr>).)*?<a href=\"/partenaires/dossiers/(\d+)/\">([^<]+)</a>.*?</tr>", html, re.S
        )
    }


def _cases_around_the_warning_period(programme):
    today = timezone.localdate()
    now = timezone.now()
    waiting = dict(programme=programme, status=CaseStatus.CONTACTING)
    return [
        CaseFactory(
            **waiting, deadline=today + timedelta(days=10), referral__tenancy__household__display_name="Avant l'alerte"
        ),
        CaseFactory(
            **waiting,
            deadline=today + timedelta(days=9),
            referral__tenancy__household__display_name="Premier jour d'alerte",
        ),
        CaseFactory(**waiting, deadline=today, referral__tenancy__household__display_name="Jour de l'échéance"),
        CaseFactory(
            **waiting,
            deadline=today - timedelta(days=1),
            referral__tenancy__household__display_name="Échéance dépassée",
        ),
        CaseFactory(
            **waiting,
            deadline=today + timedelta(days=3),
            household_reached_out_at=now,
            referral__tenancy__household__display_name="Ménage manifesté",
        ),
        CaseFactory(
            programme=programme,
            status=CaseStatus.CONTACT_ESTABLISHED,
            contact_established_at=now,
            deadline=today + timedelta(days=3),
            referral__tenancy__household__display_name="Contact établi",
        ),
    ]


def test_every_case_filtered_alerte_shows_the_badge_and_every_badge_is_in_the_filter(
    programme, worker, verified_client
):
    _cases_around_the_warning_period(programme)
    client = verified_client(worker)
    filtered = _rows(client.get(reverse("casework:caseload"), {"jours": "alerte"}).content.decode())
    everything = _rows(client.get(reverse("casework:caseload")).content.decode())
    assert set(filtered) == {"Premier jour d'alerte", "Jour de l'échéance"}
    assert all(WARNING_BADGE in row for row in filtered.values())
    with_badge = {name for name, row in everything.items() if WARNING_BADGE in row}
    assert with_badge == set(filtered)


def test_every_list_of_cases_puts_the_nearest_running_deadline_first_and_the_others_after(
    programme, worker, landlord_referent, verified_client
):
    today = timezone.localdate()
    CaseFactory(  # created first (the lowest key), its deadline long past and no longer counting
        programme=programme,
        status=CaseStatus.SUPPORT,
        contact_established_at=timezone.now(),
        deadline=today - timedelta(days=120),
        referral__tenancy__household__display_name="En accompagnement",
    )
    for days, name in ((5, "Dans cinq jours"), (2, "Dans deux jours")):
        CaseFactory(
            programme=programme,
            status=CaseStatus.CONTACTING,
            deadline=today + timedelta(days=days),
            referral__tenancy__household__display_name=name,
        )
    expected = ["Dans deux jours", "Dans cinq jours", "En accompagnement"]
    association = verified_client(worker)
    assert list(_rows(association.get(reverse("casework:caseload")).content.decode())) == expected
    exported = association.get(reverse("casework:caseload_csv")).content.decode()
    assert [name for name in expected if name in exported] == sorted(expected, key=exported.index)
    landlord = verified_client(landlord_referent)
    dashboard = landlord.get(reverse("casework:landlord_dashboard")).content.decode()
    assert sorted(expected, key=dashboard.index) == expected
    exported = landlord.get(reverse("casework:landlord_csv")).content.decode()
    assert sorted(expected, key=exported.index) == expected
