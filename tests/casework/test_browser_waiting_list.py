"""The waiting list in a real browser, as the landlord sees it: the programme is full, the referral form says so,
the new case reads « Liste d'attente : le délai d'un mois ne court pas encore » with no letter to print; once a place
frees the coordinator takes it off the list and the landlord sees the deadline. The new pages pass axe and are shot
at 390 and 1366 px (CASEWORK_SCREENSHOTS=1)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from casework import workflow
from casework.evaluation.models import AdjustmentDecision
from casework.models import Case, ProgrammeMeeting
from tests.axe import assert_accessible
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.casework.test_browser import shot, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (390, 1366)
WAITING = "Liste d'attente : le délai d'un mois ne court pas encore"


def refer(page, url, lease="B-2026-900", first_name="Inès"):
    """The landlord's referral form filled in for a household within the criteria (Orléans), then sent."""
    page.goto(f"{url}/partenaires/bailleur/signaler/")
    page.fill("#id_lease_reference", lease)
    page.fill("#id_tenant_first_name", first_name)
    page.fill("#id_tenant_last_name", "Moreau")
    page.fill("#id_household_size", "2")
    page.fill("#id_address", "4 rue des Lilas")
    page.fill("#id_postcode", "45000")
    page.fill("#id_commune", "Orléans")
    page.fill("#id_moved_in_on", (timezone.localdate() - timedelta(days=80)).isoformat())
    page.fill("#id_monthly_rent", "520")
    page.fill("#id_monthly_apl", "180")
    page.select_option("#id_guarantee", "none")
    page.fill("#id_arrears_amount", "700")
    page.fill("#id_landlord_attempts", "Courrier et deux appels sans réponse.")
    page.check("#id_attempts_unanswered")
    page.get_by_role("button", name="Signaler le ménage").click()
    page.wait_for_url("**/partenaires/bailleur/dossiers/*/")


def test_the_landlord_sees_the_waiting_list(
    live_server, browser, association, landlord, landlord_referent, coordinator
):
    programme = ProgrammeFactory(
        association=association, landlord=landlord, communes=["45234"], yearly_capacity=1, start_date=date(2025, 1, 1)
    )
    held = CaseFactory(programme=programme, contacting=True)
    url = live_server.url

    referent = signed_in(browser, live_server, landlord_referent)
    referent.goto(f"{url}/partenaires/bailleur/signaler/")
    assert "est complet pour l'année" in referent.content()
    refer(referent, url)
    case = Case.objects.get(referral__tenancy__lease_reference="B-2026-900")
    assert case.is_waiting
    body = referent.locator("main").inner_text()
    assert WAITING in body and "Imprimer le courrier" not in body
    assert_accessible(referent)
    referent.goto(f"{url}/partenaires/bailleur/")
    assert referent.get_by_text(WAITING).count() >= 1
    assert_accessible(referent)
    _shoot(browser, live_server, landlord_referent, f"/partenaires/bailleur/dossiers/{case.pk}/", "waiting-landlord")

    # A place frees: the coordinator takes the case off the list; its clock starts today.
    workflow.close(held, None, "refusal")
    staff = signed_in(browser, live_server, coordinator)
    staff.goto(f"{url}/partenaires/programmes/{programme.pk}/liste-d-attente/")
    assert_accessible(staff)
    _shoot(browser, live_server, coordinator, f"/partenaires/programmes/{programme.pk}/liste-d-attente/", "waiting")
    staff.get_by_role("button", name="Sortir Inès Moreau de la liste").click()
    staff.wait_for_url("**/liste-d-attente/")
    case.refresh_from_db()
    assert not case.is_waiting and case.admitted_on == timezone.localdate()
    referent.goto(f"{url}/partenaires/bailleur/dossiers/{case.pk}/")
    assert WAITING not in referent.locator("main").inner_text()
    assert case.deadline.strftime("%d/%m/%Y") in referent.content()

    # The other new pages: scheduling the meeting, the meeting with its agenda, the adjustment decisions.
    staff.goto(f"{url}/partenaires/reunions/planifier/")
    assert_accessible(staff)
    _shoot(browser, live_server, coordinator, "/partenaires/reunions/planifier/", "meeting-schedule")
    staff.fill("#id_held_on", (timezone.localdate() + timedelta(days=7)).isoformat())
    staff.fill("#id_starts_at", "14:30")
    staff.fill("#id_place", "Agence Orléans Nord")
    staff.get_by_role("button", name="Planifier et inviter").click()
    staff.wait_for_url("**/partenaires/reunions/*/")
    meeting = ProgrammeMeeting.objects.get()
    assert_accessible(staff)
    _shoot(browser, live_server, landlord_referent, f"/partenaires/reunions/{meeting.pk}/", "meeting-landlord")
    AdjustmentDecision.objects.create(
        programme=programme, milestone=6, decided_on=date(2025, 7, 4), decision="Capacité maintenue."
    )
    staff.goto(f"{url}/partenaires/evaluation/{programme.pk}/reajustements/")
    assert_accessible(staff)
    _shoot(browser, live_server, coordinator, f"/partenaires/evaluation/{programme.pk}/reajustements/", "adjustments")


def _shoot(browser, live_server, user, path, name):
    for width in WIDTHS:
        page = signed_in(browser, live_server, user, viewport={"width": width, "height": 900})
        page.goto(f"{live_server.url}{path}")
        shot(page, f"i23-{name}-{width}")
        page.context.close()
