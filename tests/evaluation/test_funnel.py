"""The contact funnel (casework.evaluation.funnel) against a fixture computed by hand, its masking, its constant
number of queries, and the « link opened » timestamp set once by the short link."""

from datetime import date

import pytest

from casework.enums import ContactOutcome
from casework.evaluation import funnel
from casework.evaluation.indicators import Period
from casework.evaluation.tables import ASSOCIATION, CONTACT_DELAY_LABEL, FUNDER, LANDLORD, PRIMARY, funnel_table
from casework.models import Case, ContactAttempt, Outreach
from portal.enums import ContactChannel, InvitationKind
from portal.models import Invitation, OutboundSms
from tests.evaluation.factories import _appointments, at, evaluation_programme, invited_case

pytestmark = pytest.mark.django_db

# February and March 2026, measured on 31 March (the report is made on 30 June: the period is over).
PERIOD = Period(date(2026, 2, 1), date(2026, 3, 31))
TODAY = date(2026, 6, 30)
d = date


def _sent(case, channel, day, sms_status="", kind=Outreach.INVITATION):
    attempt = ContactAttempt.objects.create(case=case, channel=channel, outcome=ContactOutcome.SENT, made_at=at(day, 9))
    sms = None
    if channel == ContactChannel.SMS:
        sms = OutboundSms.objects.create(phone="+33612345678", text="…", status=sms_status)
    return Outreach.objects.create(
        case=case, kind=kind, channel=channel, attempt=attempt, sms=sms, created_at=at(day, 9), sent_at=at(day, 9)
    )


def _booked(case, status, booked_on, held_on):
    """An appointment booked on `booked_on` (the funnel counts appointments by the day they were booked)."""
    from django.apps import apps

    _appointments(case, [(status, held_on)])
    apps.get_model("appointments", "Appointment").objects.filter(case=case).update(created_at=at(booked_on, 8))


@pytest.fixture
def programme():
    """Programme with a 30-day deadline (casework.deadlines.deadline_for: referral + 30 days, the day itself in)."""
    programme = evaluation_programme()
    # P: SMS delivered, link opened, account, appointment, contact on 10 Feb: 9 days; deadline 3 March: within.
    p = invited_case(
        programme, d(2026, 2, 1), contacted_on=d(2026, 2, 10), opened_on=d(2026, 2, 2), account_on=d(2026, 2, 3)
    )
    _sent(p, ContactChannel.SMS, d(2026, 2, 1), "delivered")
    _sent(p, ContactChannel.SMS, d(2026, 2, 4), "delivered", kind=Outreach.REMINDER_3)  # a reminder: not counted
    _booked(p, "booked", d(2026, 2, 4), d(2026, 2, 12))
    # Q: SMS failed and e-mail sent, link opened, no account; contact on 4 March, the deadline day (2 Feb + 30):
    # 30 days, within the deadline (the boundary: the deadline day counts).
    q = invited_case(programme, d(2026, 2, 2), contacted_on=d(2026, 3, 4), opened_on=d(2026, 2, 5))
    _sent(q, ContactChannel.SMS, d(2026, 2, 2), "failed")
    _sent(q, ContactChannel.EMAIL, d(2026, 2, 2))
    # R: e-mail only; contact on 6 March, the day after its deadline (3 Feb + 30 = 5 March): 31 days, not within.
    r = invited_case(programme, d(2026, 2, 3), contacted_on=d(2026, 3, 6))
    _sent(r, ContactChannel.EMAIL, d(2026, 2, 3))
    # S: the letter only; contact on 20 Feb: 10 days, within; its appointment was cancelled: no first appointment.
    s = invited_case(programme, d(2026, 2, 10), contacted_on=d(2026, 2, 20))
    _booked(s, "cancelled", d(2026, 2, 15), d(2026, 2, 18))
    # T: the letter only, no contact; deadline 17 March, passed by 31 March: due, not within.
    invited_case(programme, d(2026, 2, 15))
    # U: SMS queued (no delivery report yet), link opened on 2 April: after the measure date, not counted; deadline
    # 19 April, not passed on 31 March: not due.
    u = invited_case(programme, d(2026, 3, 20), opened_on=d(2026, 4, 2))
    _sent(u, ContactChannel.SMS, d(2026, 3, 20), "queued")
    # Referred on 31 January: outside the period.
    invited_case(programme, d(2026, 1, 31), contacted_on=d(2026, 2, 2))
    return programme


def test_the_funnel_by_hand(programme):
    result = funnel.compute(programme, PERIOD, today=TODAY)
    assert result.measured_on == d(2026, 3, 31)
    columns = result.columns
    steps = ["referred", "invited", "delivered", "opened", "account", "appointment", "contact"]
    # SMS: P, Q, U invited; delivered P only (Q failed, U queued); opened P, Q (U after the measure date);
    # account P; appointment P; contact P, Q.
    assert [columns[funnel.SMS].counts[s] for s in steps] == [3, 3, 1, 2, 1, 1, 2]
    # E-mail: Q, R; an e-mail sent counts as received (no receipt); opened Q; contact Q, R.
    assert [columns[funnel.EMAIL].counts[s] for s in steps] == [2, 2, 2, 1, 0, 0, 2]
    # Letter only: S, T; S's appointment was cancelled; contact S.
    assert [columns[funnel.LETTER].counts[s] for s in steps] == [2, 0, 0, 0, 0, 0, 1]
    # Every case: P Q R S T U; invited P Q R U; received P (SMS), Q and R (e-mail); contact P Q R S.
    assert [columns[funnel.ALL].counts[s] for s in steps] == [6, 4, 3, 2, 1, 1, 4]
    # Medians: SMS (9, 30) → 19.5; e-mail (30, 31) → 30.5; letter (10) → 10; all (9, 10, 30, 31) → 20.
    assert [columns[k].delay_median for k in (funnel.SMS, funnel.EMAIL, funnel.LETTER, funnel.ALL)] == [
        19.5,
        30.5,
        10,
        20,
    ]
    # By the deadline: SMS P and Q of 2 due (U not due); e-mail Q of Q R; letter S of S T; all P Q S of 5.
    assert (columns[funnel.SMS].within_deadline, columns[funnel.SMS].deadline_due) == (2, 2)
    assert (columns[funnel.EMAIL].within_deadline, columns[funnel.EMAIL].deadline_due) == (1, 2)
    assert (columns[funnel.LETTER].within_deadline, columns[funnel.LETTER].deadline_due) == (1, 2)
    assert (columns[funnel.ALL].within_deadline, columns[funnel.ALL].deadline_due) == (3, 5)
    assert columns[funnel.ALL].within_deadline_share == 60.0


def test_a_reminder_delivered_after_a_failed_invitation_is_no_invitation_received():
    """« Invitation reçue » reads the invitation only: a day-3 reminder delivered after a failed invitation is not it."""
    programme = evaluation_programme()
    case = invited_case(programme, d(2026, 2, 1))
    _sent(case, ContactChannel.SMS, d(2026, 2, 1), "failed")
    _sent(case, ContactChannel.SMS, d(2026, 2, 4), "delivered", kind=Outreach.REMINDER_3)
    columns = funnel.compute(programme, PERIOD, today=TODAY).columns
    for key in (funnel.SMS, funnel.ALL):
        assert (columns[key].counts["invited"], columns[key].counts["delivered"]) == (1, 0)


@pytest.mark.parametrize(
    "status,received",
    [("delivered", 1), ("sent", 0), ("accepted", 0), ("queued", 0), ("undelivered", 0)],
)
def test_an_sms_invitation_is_received_only_once_the_provider_says_delivered(status, received):
    """SMS: « Invitation reçue » only on the provider's « delivered »; sent or accepted is not received yet."""
    programme = evaluation_programme()
    case = invited_case(programme, d(2026, 2, 1))
    _sent(case, ContactChannel.SMS, d(2026, 2, 1), status)
    column = funnel.compute(programme, PERIOD, today=TODAY).columns[funnel.SMS]
    assert (column.counts["invited"], column.counts["delivered"]) == (1, received)


def test_the_association_sees_every_figure_and_the_funder_and_landlord_see_small_cells_masked(programme):
    result = funnel.compute(programme, PERIOD, today=TODAY)
    rows = {row[0]: row[1:] for row in funnel_table(result, ASSOCIATION).rows}
    assert rows["Signalés"] == ["3", "2", "2", "6"]
    assert rows["Invitation envoyée"] == ["3", "2", "—", "4"]
    assert rows[CONTACT_DELAY_LABEL] == ["19,5 jours", "30,5 jours", "10 jours", "20 jours"]
    for audience in (FUNDER, LANDLORD):
        table = funnel_table(result, audience)
        rows = {row[0]: row[1:] for row in table.rows}
        # Every channel's count is under 5: masked; « Ensemble » is published in full.
        assert rows["Signalés"] == [PRIMARY, PRIMARY, PRIMARY, "6"]
        assert rows[CONTACT_DELAY_LABEL] == [PRIMARY, PRIMARY, PRIMARY, "20 jours"]
        assert table.suppressed


def test_the_number_of_queries_does_not_grow_with_the_cases(programme, django_assert_num_queries):
    with django_assert_num_queries(3):
        funnel.compute(programme, PERIOD, today=TODAY)
    for day in range(1, 20):
        case = invited_case(programme, d(2026, 3, day), contacted_on=d(2026, 3, 25), opened_on=d(2026, 3, day))
        _sent(case, ContactChannel.SMS, d(2026, 3, day), "delivered")
        _booked(case, "booked", d(2026, 3, 21), d(2026, 3, 22))
    with django_assert_num_queries(3):
        result = funnel.compute(programme, PERIOD, today=TODAY)
    assert result.columns[funnel.ALL].counts["referred"] == 25


def test_the_short_link_notes_the_first_opening_only(client, programme):
    case = Case.objects.filter(programme=programme).select_related("invitation").first()
    invitation = Invitation.issue(kind=InvitationKind.HOUSEHOLD, organisation=programme.association, days=60)
    case.invitation = invitation
    case.save(update_fields=["invitation"])
    assert client.get(f"/i/{invitation.plain_code}/", follow=True).status_code == 200
    invitation.refresh_from_db()
    first = invitation.opened_at
    assert first is not None
    client.get(f"/i/{invitation.plain_code}/", follow=True)
    invitation.refresh_from_db()
    assert invitation.opened_at == first
    # Another code (or a wrong one) marks nothing.
    client.get("/i/FAUXCODE/", follow=True)
    assert Invitation.objects.filter(opened_at__isnull=False).count() == 4  # P, Q, U (by hand) and this one


def test_the_associations_home_panel_shows_the_current_months_funnel(association, worker, verified_client):
    from html import unescape

    import time_machine

    programme = evaluation_programme(association=association)
    with time_machine.travel(at(d(2026, 3, 20)), tick=False):
        invited_case(programme, d(2026, 3, 2), contacted_on=d(2026, 3, 5), opened_on=d(2026, 3, 3))
        invited_case(programme, d(2026, 2, 27))  # last month: not in the panel
        html = unescape(verified_client(worker).get("/partenaires/").content.decode())
    assert "Entonnoir du contact, par canal d'invitation" in html
    assert "Programme évalué : signalements du 01/03/2026 au 31/03/2026" in html
    # One case referred this month: « Signalés » is 1 in « Courrier seul » and « Ensemble ».
    assert '<th scope="row">Signalés</th><td>0</td><td>0</td><td>1</td><td>1</td>' in html
