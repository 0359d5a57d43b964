"""Repayment plan status (docs/rules.md § 6) and the PDFs (letter, carnet de route, review minutes)."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from casework import arrears, services
from casework.enums import PlanStatus, ReviewStatus
from casework.models import ArrearsStatement, RepaymentPlan, RoadmapAction, TripartiteReview
from casework.pdf import _fetcher_class, invitation_url, qr_svg
from tests.casework.factories import CaseFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(association, landlord):
    programme = ProgrammeFactory(association=association, landlord=landlord, repayment_tolerance=Decimal("20"))
    return CaseFactory(programme=programme)


def plan_for(case, start=date(2026, 6, 1)):
    return RepaymentPlan.objects.create(
        case=case,
        start_date=start,
        start_balance=Decimal("1000"),
        monthly_instalment=Decimal("100"),
        duration_months=10,
    )


def statement(case, day, balance):
    return ArrearsStatement.objects.create(case=case, statement_date=day, balance=Decimal(balance))


def test_plan_respected_unknown_broken(case):
    plan = plan_for(case)
    today = date(2026, 8, 5)  # due dates 1 July and 1 August have passed
    statement(case, date(2026, 7, 3), "900")
    statement(case, date(2026, 8, 2), "815")  # expected 800 + tolerance 20: respected
    assert plan.status(today=today) == PlanStatus.RESPECTED
    assert plan.status(today=date(2026, 9, 5)) == PlanStatus.UNKNOWN  # September due, no statement since
    statement(case, date(2026, 9, 3), "760")  # expected 700 + 20: broken
    assert plan.status(today=date(2026, 9, 5)) == PlanStatus.BROKEN


def test_missing_month_is_never_broken(case):
    plan = plan_for(case)
    statement(case, date(2026, 7, 3), "900")
    assert plan.status(today=date(2026, 10, 5)) == PlanStatus.UNKNOWN


def test_only_broken_alerts_both_partners_once(case, worker, landlord_referent):
    plan_for(case, start=timezone.localdate() - timedelta(days=70))
    statement(case, timezone.localdate() - timedelta(days=35), "900")
    assert arrears.check_plans() == 0 and not mail.outbox
    statement(case, timezone.localdate() - timedelta(days=2), "1000")
    assert arrears.check_plans() == 1
    recipients = {address for message in mail.outbox for address in message.to}
    assert {worker.email, landlord_referent.email} <= recipients
    assert all("€" not in m.body and "impayé" not in m.body.lower() for m in mail.outbox)  # discreet
    assert arrears.check_plans() == 0


def pdf_text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_letter_pdf_one_page_with_code_and_association(case, landlord_referent, verified_client, settings):
    settings.PORTAL_BASE_URL = "https://portail.example"
    invitation = services.issue_letter_code(case, landlord_referent)
    pages, text = pdf_text(
        verified_client(landlord_referent).get(reverse("casework:landlord_letter_pdf", args=[case.pk]))
    )
    assert pages == 1
    assert invitation.display_code in text
    assert "confidentiel" in text and "gratuit" in text
    assert case.programme.association.name in text.replace("\n", " ")


def test_letter_template_has_qr_to_the_redemption_page(case):
    invitation = services.issue_letter_code(case)
    url = invitation_url(invitation)
    assert url.endswith(f"/comptes/invitation/{invitation.code}/")
    html = render_to_string(
        "casework/pdf/letter.html",
        {
            "case": case,
            "programme": case.programme,
            "association": case.programme.association,
            "landlord": case.programme.landlord,
            "tenancy": case.referral.tenancy,
            "invitation": invitation,
            "invitation_url": url,
            "redeem_url": "x",
            "qr": qr_svg(url),
            "today": timezone.localdate(),
        },
    )
    assert "<svg" in html and invitation.display_code in html
    # The date the contact must happen by, not only « dans un délai d'un mois » (casework.deadlines.contact_before).
    assert f"avant le {(case.deadline + timedelta(days=1)):%d/%m/%Y}" in html


def test_roadmap_and_review_pdfs(case, worker, verified_client):
    RoadmapAction.objects.create(case=case, title="Demander le FSL", actor="household")
    review = TripartiteReview.objects.create(case=case, status=ReviewStatus.VALIDATED, debt_and_plan="Plan de 50 €")
    client = verified_client(worker)
    _, text = pdf_text(client.get(reverse("casework:roadmap_pdf", args=[case.pk])))
    assert "Demander le FSL" in text and "Mon carnet de route" in text
    _, text = pdf_text(client.get(reverse("casework:review_pdf", args=[case.pk, review.pk])))
    assert "Plan de 50 €" in text


def test_pdf_fetcher_reads_only_static_files():
    fetcher = _fetcher_class()()
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.com/x.css")
    with pytest.raises(ValueError):
        fetcher.fetch("https://portail.invalid/static/../../etc/passwd")
    assert fetcher.fetch("https://portail.invalid/static/css/portal.css").read()


def test_closed_case_plan_alerts_nobody(case, worker):
    from casework import workflow
    from casework.enums import Outcome

    plan_for(case, start=timezone.localdate() - timedelta(days=70))
    statement(case, timezone.localdate() - timedelta(days=2), "1000")
    workflow.close(case, worker, Outcome.PLAN_BROKEN)
    mail.outbox.clear()
    assert arrears.check_plans() == 0 and not mail.outbox
