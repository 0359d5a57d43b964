"""The whole journey in a real browser: the landlord refers and prints the letter, the household redeems its
code, the worker logs contact, records a diagnostic and a carnet de route, the household comments the draft
minutes, the review is validated, the landlord reads the minutes and never the diagnostic."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from appointments.enums import Status as AppointmentStatus
from casework.models import Case
from tests.appointments.factories import weekly_windows
from tests.axe import assert_accessible
from tests.casework.factories import ProgrammeFactory
from tests.conftest import verify_client
from tests.portal.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = Path(settings.BASE_DIR) / "var" / "screens"
DIAGNOSTIC_SECRET = "Fils suivi en pneumologie, ne pas dire au bailleur"


def shot(page, name):
    if os.environ.get("CASEWORK_SCREENSHOTS"):
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def signed_in(browser, live_server, user, **context_args):
    client = verify_client(Client(), user)
    context = browser.new_context(**context_args)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def test_whole_journey(live_server, browser, association, landlord, worker, landlord_referent, settings):
    settings.PORTAL_BASE_URL = live_server.url
    ProgrammeFactory(association=association, landlord=landlord, communes=["45234"])
    weekly_windows(worker, association)
    url = live_server.url

    # The landlord refers a household: every criterion is shown, met.
    referent = signed_in(browser, live_server, landlord_referent)
    referent.goto(f"{url}/partenaires/bailleur/signaler/")
    referent.fill("#id_lease_reference", "B-2026-777")
    referent.fill("#id_tenant_first_name", "Nora")
    referent.fill("#id_tenant_last_name", "Belkacem")
    referent.fill("#id_household_size", "3")
    referent.fill("#id_address", "4 rue des Lilas")
    referent.fill("#id_postcode", "45000")
    referent.fill("#id_commune", "Orléans")
    referent.fill("#id_moved_in_on", (timezone.localdate() - timedelta(days=80)).isoformat())
    referent.fill("#id_monthly_rent", "520")
    referent.fill("#id_monthly_apl", "180")
    referent.select_option("#id_guarantee", "none")
    referent.fill("#id_arrears_amount", "700")
    referent.fill("#id_landlord_attempts", "Courrier du 2 et appels du 9 et du 16, sans réponse.")
    referent.check("#id_attempts_unanswered")
    referent.get_by_role("button", name="Vérifier les critères seulement").click()
    assert referent.locator(".criterion--met").count() == 5
    shot(referent, "01-referral-criteria")
    assert_accessible(referent)
    referent.get_by_role("button", name="Signaler le ménage").click()
    referent.wait_for_url("**/partenaires/bailleur/dossiers/*/")
    case = Case.objects.get(referral__tenancy__lease_reference="B-2026-777")
    letter = referent.request.get(f"{url}/partenaires/bailleur/dossiers/{case.pk}/courrier.pdf")
    assert letter.status == 200 and letter.body().startswith(b"%PDF")
    code = case.invitation.code

    # The household redeems the code printed on the letter (the QR code's address), on a phone.
    phone_context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = phone_context.new_page()
    phone.goto(f"{url}/comptes/invitation/{code}/")
    phone.fill("input[name=postcode]", "45000")
    phone.locator("form button[type=submit]").last.click()
    phone.fill("input[name=first_name]", "Nora")
    phone.fill("input[name=email]", "nora@test.example")
    phone.fill("input[name=password1]", PASSWORD)
    phone.fill("input[name=password2]", PASSWORD)
    phone.locator("form button[type=submit]").last.click()
    phone.wait_for_url("**/espace/**")
    case.refresh_from_db()
    assert case.needs_contact_confirmation

    # The worker logs the contact, confirms identity, records the diagnostic and a carnet de route.
    desk = signed_in(browser, live_server, worker)
    desk.goto(f"{url}/partenaires/dossiers/{case.pk}/")
    assert desk.get_by_text("Le ménage s'est manifesté le").is_visible()  # the notice, beside the status badge
    assert desk.locator(".case-header .badge", has_text="Le ménage s'est manifesté").is_visible()
    desk.select_option("#id_channel", "phone")
    desk.select_option("#id_outcome", "reached")
    desk.get_by_role("button", name="Enregistrer la tentative").click()
    assert desk.get_by_text("le contact est établi").is_visible()
    desk.get_by_label("Par téléphone").check()
    desk.get_by_role("button", name="Confirmer l'identité").click()
    assert desk.get_by_text("Identité confirmée").first.is_visible()
    shot(desk, "02-case-page")
    desk.goto(f"{url}/partenaires/dossiers/{case.pk}/diagnostic/")
    desk.fill("#id_family_account", "Perte d'emploi en septembre.")
    desk.fill("#id_notes", DIAGNOSTIC_SECRET)
    desk.check("input[name=origins][value=loss_of_income]")
    desk.fill("#id_income_0_label", "Allocation chômage")
    desk.fill("#id_income_0_amount", "900")
    desk.fill("#id_charge_0_label", "Énergie")
    desk.fill("#id_charge_0_amount", "90")
    desk.get_by_role("button", name="Enregistrer le diagnostic").click()
    assert desk.get_by_text("par personne et par jour").is_visible()
    shot(desk, "03-diagnostic")
    desk.goto(f"{url}/partenaires/dossiers/{case.pk}/#carnet")
    desk.fill("#id_action-title", "Demander le FSL avec l'association")
    desk.select_option("#id_action-actor", "household")
    desk.get_by_role("button", name="Ajouter l'action").click()

    # A review: drafted, its appointment booked straight away (its date and place), shared with the household,
    # who comments it in its space.
    desk.goto(f"{url}/partenaires/dossiers/{case.pk}/bilans/nouveau/")
    desk.fill("#id_debt_and_plan", "Plan de 60 € par mois sur 12 mois.")
    desk.fill("#id_next_steps", "Bilan suivant en mars.")
    desk.get_by_role("button", name="Enregistrer le bilan").click()
    desk.wait_for_url("**/partenaires/rendez-vous/dossier/*/nouveau/?bilan=*")
    shot(desk, "03a-review-booking-form")
    review_day = timezone.localdate() + timedelta(days=2)
    desk.fill("#id_date", review_day.isoformat())
    desk.fill("#id_time", "10:00")
    desk.get_by_role("button", name="Enregistrer").click()
    desk.wait_for_url(f"**/partenaires/dossiers/{case.pk}/bilans/*/")
    assert desk.get_by_role("link", name="Déplacer").is_visible()
    shot(desk, "03b-review-with-its-appointment")
    # Two days later the meeting is held (minutes are shared only then: casework/reviews.py).
    held = case.reviews.get().appointment
    type(held).objects.filter(pk=held.pk).update(status=AppointmentStatus.DONE)
    desk.reload()
    desk.get_by_role("button", name="Soumettre au ménage pour commentaires").click()

    phone.goto(f"{url}/espace/")
    assert phone.get_by_role("heading", name="Mon carnet de route").is_visible()
    phone.get_by_role("link", name="Voir tout mon carnet de route").click()
    phone.get_by_role("button", name="C'est fait").click()
    assert phone.get_by_text("C'est noté").is_visible()
    phone.goto(f"{url}/espace/")
    phone.get_by_role("link", name="Bilan du").first.click()
    phone.fill("#id_body", "D'accord, mais je préfère un prélèvement le 10.")
    phone.get_by_role("button", name="Envoyer ma remarque").click()
    assert phone.get_by_text("Merci").is_visible()
    shot(phone, "04-household-review")
    assert_accessible(phone)

    # The landlord sees nothing before validation; then reads the minutes, never the diagnostic.
    review = case.reviews.get()
    assert referent.request.get(f"{url}/partenaires/bailleur/bilans/{review.pk}/").status == 404
    desk.goto(f"{url}/partenaires/dossiers/{case.pk}/bilans/{review.pk}/")
    assert desk.get_by_text("je préfère un prélèvement le 10").is_visible()
    desk.get_by_role("button", name="Valider le compte rendu").click()
    desk.get_by_role("button", name="Valider définitivement").click()  # the confirmation step
    referent.goto(f"{url}/partenaires/bailleur/dossiers/{case.pk}/")
    assert referent.get_by_text(f"{review_day:%d/%m/%Y} à 10:00 — À l'association").is_visible()
    referent.get_by_role("link", name="Bilan du").first.click()
    assert referent.get_by_text("Plan de 60 € par mois sur 12 mois.").is_visible()
    shot(referent, "05-landlord-minutes")
    for path in (f"/partenaires/bailleur/dossiers/{case.pk}/", "/partenaires/bailleur/"):
        referent.goto(url + path)
        assert DIAGNOSTIC_SECRET not in referent.content()
    assert referent.request.get(f"{url}/partenaires/dossiers/{case.pk}/diagnostic/").status == 404
    phone_context.close()
