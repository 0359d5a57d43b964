"""Issue 23's proof in a real browser: the platform administrator sets up a programme for a new landlord and a new
association; the association's first coordinator accepts her invitation, enrols her second factor and proposes a
45-day contact deadline with a reason; the landlord's first referent (enrolled too) accepts; a household referred
from then on gets 45 days while one referred before keeps its 30 days, its warning date and its plan tolerance.
New page types pass axe; key steps are shot at 390 and 1366 px (CASEWORK_SCREENSHOTS=1, var/screens/)."""

import base64
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django_otp.oath import TOTP

from casework import deadlines
from casework.models import Case, Programme
from portal import formats
from tests.axe import assert_accessible
from tests.casework.test_browser import shot, signed_in
from tests.casework.test_browser_waiting_list import refer
from tests.portal.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (390, 1366)


def _shots(page, name):
    """The page as it is, at a phone's width and a laptop's."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"i23-setup-{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def _code_from_page(page):
    """What an authentication app shows for the key printed under the QR code (typed by hand by the person)."""
    secret = page.locator(".qr + .help code").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"


def _join(browser, live_server, email, first_name, last_name, name):
    """The invitation e-mail's link, the account, the second factor: what a new professional does first."""
    message = next(m for m in mail.outbox if m.to == [email])
    link = re.search(r"https?://\S+", message.body).group(0)
    page = browser.new_context().new_page()
    page.goto(link)
    assert_accessible(page)
    _shots(page, f"{name}-invitation")
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url("**/comptes/invitation/")
    page.fill("#id_first_name", first_name)
    page.fill("#id_last_name", last_name)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/comptes/2fa/activer/**")
    assert_accessible(page)
    _shots(page, f"{name}-second-factor")
    page.fill("input[name=token]", _code_from_page(page))
    page.get_by_role("button", name="Activer").click()
    page.get_by_role("link", name="J'ai noté mes codes, continuer").click()
    page.wait_for_url("**/partenaires/")
    return page


def _refer(page, url, lease, first_name):
    refer(page, url, lease, first_name)
    return Case.objects.get(referral__tenancy__lease_reference=lease)


def _create_programme(admin_page, url):
    admin_page.goto(f"{url}/partenaires/")
    admin_page.get_by_role("link", name="Ouvrir l'administration des programmes").click()
    assert_accessible(admin_page)
    admin_page.goto(f"{url}/partenaires/administration/programmes/nouveau/")
    assert admin_page.input_value("#id_contact_deadline_days") == "30"
    assert_accessible(admin_page)
    _shots(admin_page, "admin-new")
    admin_page.fill("#id_name", "Prévenir l'impayé — Loiret")
    admin_page.fill("#id_landlord_name", "Loiret Habitat")
    admin_page.fill("#id_association_name", "Association Logement Loiret")
    admin_page.fill("#id_communes_text", "45234")
    admin_page.fill("#id_coordinator_email", "claire@association-loiret.example")
    admin_page.fill("#id_referent_email", "marc@loiret-habitat.example")
    admin_page.get_by_role("button", name="Créer le programme et envoyer les invitations").click()
    admin_page.wait_for_url("**/partenaires/administration/programmes/*/")
    assert_accessible(admin_page)
    _shots(admin_page, "admin-detail")
    return Programme.objects.get(name="Prévenir l'impayé — Loiret")


def test_a_programme_set_up_without_code_and_a_deadline_agreed_by_both_partners(live_server, browser, settings):
    settings.PORTAL_BASE_URL = live_server.url
    url = live_server.url
    admin = UserFactory(is_superuser=True, is_staff=True)
    admin_page = signed_in(browser, live_server, admin)
    programme = _create_programme(admin_page, url)
    assert programme.contact_deadline_days == 30

    coordinator = _join(browser, live_server, "claire@association-loiret.example", "Claire", "Martin", "coordinator")
    referent = _join(browser, live_server, "marc@loiret-habitat.example", "Marc", "Durand", "referent")
    admin_page.reload()
    assert "En service" in admin_page.content()

    # A household referred under the first version: 30 days, the alert 9 days before, a plan tolerance of 20 €.
    older = _refer(referent, url, "L-2027-001", "Inès")
    assert older.deadline == older.referral.referred_on + timedelta(days=30)

    # The coordinator proposes 45 days (and, with it, a longer alert and a wider tolerance), with a reason: she
    # finds the parameters from her home page.
    coordinator.goto(f"{url}/partenaires/")
    coordinator.locator("section", has_text="Paramètres du programme").get_by_role("link", name=programme.name).click()
    coordinator.wait_for_url(f"**/partenaires/programmes/{programme.pk}/parametres/")
    assert_accessible(coordinator)
    coordinator.fill("#id_contact_deadline_days", "45")
    coordinator.fill("#id_warning_days", "12")
    coordinator.fill("#id_repayment_tolerance", "50")
    coordinator.fill("#id_reason", "Les ménages du Loiret rural mettent plus longtemps à répondre.")
    coordinator.get_by_role("button", name="Envoyer la proposition").click()
    coordinator.wait_for_url(f"**/partenaires/programmes/{programme.pk}/parametres/")
    assert "Proposition envoyée au bailleur." in coordinator.content()
    programme.refresh_from_db()
    assert programme.contact_deadline_days == 30  # not before the landlord agrees

    # The landlord's referent is told by e-mail, sees the proposal waiting on his home page, reads it and accepts.
    told = [m for m in mail.outbox if "marc@loiret-habitat.example" in m.to and "attend l'accord" in m.subject]
    assert len(told) == 1
    referent.goto(f"{url}/partenaires/")
    panel = referent.locator("section", has_text="Paramètres du programme")
    assert "votre réponse est attendue" in panel.inner_text().lower()  # a badge, in capitals
    panel.get_by_role("link", name=programme.name).click()
    referent.wait_for_url(f"**/partenaires/programmes/{programme.pk}/parametres/")
    pending = referent.locator("section", has_text="Proposition en attente").inner_text()
    assert "30 → 45" in pending and "Loiret rural" in pending
    assert referent.locator("#id_reason").count() == 0  # the landlord answers, it does not propose
    assert_accessible(referent)
    _shots(referent, "parameters-landlord")
    referent.get_by_role("button", name="Accepter ces paramètres").click()
    referent.wait_for_url(f"**/partenaires/programmes/{programme.pk}/parametres/")
    programme.refresh_from_db()
    assert programme.contact_deadline_days == 45

    # From now on a referral gets 45 days; the landlord reads the date on the case's page.
    newer = _refer(referent, url, "L-2027-002", "Yanis")
    referred_on = newer.referral.referred_on
    assert newer.deadline == referred_on + timedelta(days=45)
    assert (
        f"Échéance du contact\n{formats.day(referred_on + timedelta(days=45))}" in referent.locator("main").inner_text()
    )
    _shots(referent, "landlord-case-45-days")

    # The older case keeps its 30 days, its warning date and its plan tolerance.
    older.refresh_from_db()
    assert older.deadline == older.referral.referred_on + timedelta(days=30)
    assert older.parameters.warning_days == 9 and older.parameters.repayment_tolerance == Decimal(20)
    assert deadlines.warning_starts_on(older.parameters, older.deadline) == older.deadline - timedelta(days=9)
    first_alert_day = older.deadline - timedelta(days=9)
    assert deadlines.in_warning(older, today=first_alert_day)
    assert not deadlines.in_warning(older, today=first_alert_day - timedelta(days=1))
    assert newer.parameters.warning_days == 12 and newer.parameters.repayment_tolerance == Decimal(50)
    referent.goto(f"{url}/partenaires/bailleur/dossiers/{older.pk}/")
    assert f"Échéance du contact\n{formats.day(older.deadline)}" in referent.locator("main").inner_text()

    # The platform administrator sees the programme live and its count, never a case.
    admin_page.goto(f"{url}/partenaires/administration/programmes/{programme.pk}/")
    assert "2 situations signalées" in admin_page.locator("main").inner_text()
    assert admin_page.goto(f"{url}/partenaires/dossiers/{older.pk}/").status == 404
