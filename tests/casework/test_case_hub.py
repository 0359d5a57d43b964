"""The association's case page as a hub (issue 18): its header (status, days left on the contact clock, next
appointment, unread messages, assigned worker and « M'attribuer »), its links (conversation, appointments, the
letter and its code, the handovers), the sections open where work is due, the breadcrumbs leading back to it from
every page about the case, and a bounded number of queries."""

import re
from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appointments.enums import AppointmentKind, Place
from appointments.enums import Status as AppointmentStatus
from appointments.models import Appointment, AppointmentType
from casework import deadlines, hub, services
from casework.enums import HandoverStatus, ReviewStatus
from casework.models import RoadmapAction, TransferRequest, TripartiteReview
from messaging.enums import ConversationKind
from messaging.services import mark_read
from portal import formats
from portal.enums import OrganisationKind, Role
from portal.models import Invitation
from tests.casework.factories import (
    ArrearsStatementFactory,
    CaseFactory,
    ContactAttemptFactory,
    DiagnosticFactory,
    HandoverFactory,
    HouseholdMemberFactory,
    ProgrammeFactory,
    RepaymentPlanFactory,
    meeting_appointment,
)
from tests.messaging.factories import conversation_of, write
from tests.portal.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

CRUMBS = "casework/includes/case_breadcrumbs.html"


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord)


def page(client, case):
    response = client.get(reverse("casework:case_detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def text(html):
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def fact(html, name):
    """The text of one of the header's facts (« fait-delai », « fait-messages »…)."""
    match = re.search(rf'<div class="hub-fact" id="fait-{name}">(.*?)</div>', html, re.S)
    assert match, name
    return text(match.group(1))


def section_open(html, anchor):
    match = re.search(rf'<section class="card hub-section" id="{anchor}"[^>]*><details( open)?>', html)
    assert match, anchor
    return match.group(1) is not None


def appointment(case, worker, starts_at, status=AppointmentStatus.BOOKED, kind=AppointmentKind.FOLLOW_UP):
    appointment_type = AppointmentType.for_kind(kind)
    return Appointment.objects.create(
        case=case,
        association=case.programme.association,
        worker=worker,
        type=appointment_type,
        place=Place.OFFICE,
        starts_at=starts_at,
        ends_at=starts_at + appointment_type.duration,
        status=status,
    )


# --- the header --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (2, "2 jours restants"),
        (1, "1 jour restant"),  # the day before the deadline
        (0, "0 jour restant"),  # the deadline day still counts
        (-1, "échéance dépassée le"),  # the day after
    ],
)
def test_the_header_says_the_days_left_while_the_clock_runs(programme, worker, verified_client, days, expected):
    deadline = timezone.localdate() + timedelta(days=days)
    case = CaseFactory(programme=programme, contacting=True, deadline=deadline)
    assert deadlines.clock_running(case)
    clock = fact(page(verified_client(worker), case), "delai")
    assert expected in clock
    assert formats.day(deadline) in clock


@pytest.mark.parametrize(
    ("traits", "expected"),
    [
        ({"reached_out": True}, "arrêté : le ménage s'est manifesté"),
        ({"established": True}, "arrêté : contact établi le"),
        ({"no_contact": True}, "sans contact"),
        ({"contacting": True, "outside_criteria": True}, "en attente de la décision"),
    ],
)
def test_no_days_left_once_the_clock_stops(programme, worker, verified_client, traits, expected):
    case = CaseFactory(programme=programme, **traits)
    assert not deadlines.clock_running(case)
    clock = fact(page(verified_client(worker), case), "delai")
    assert expected in clock
    assert "restant" not in clock


def test_the_header_names_the_household_and_its_status(programme, worker, verified_client):
    case = CaseFactory(
        programme=programme, reached_out=True, referral__tenancy__household__display_name="Famille Ndiaye"
    )
    html = page(verified_client(worker), case)
    assert "<h1>Famille Ndiaye</h1>" in html
    assert fact(html, "statut") == "Statut Le ménage s'est manifesté"


def test_the_next_appointment_is_the_soonest_still_to_come(programme, worker, verified_client):
    case = CaseFactory(programme=programme, established=True)
    now = timezone.now()
    appointment(case, worker, now - timedelta(days=2))  # over
    appointment(case, worker, now + timedelta(days=1), status=AppointmentStatus.CANCELLED)
    later = appointment(case, worker, now + timedelta(days=9))
    soonest = appointment(case, worker, now + timedelta(days=3), status=AppointmentStatus.PROPOSED)
    html = page(verified_client(worker), case)
    shown = fact(html, "rendez-vous")
    assert formats.in_words(timezone.localtime(soonest.starts_at), "l j F à G\\hi") in shown
    assert "proposé au ménage" in shown
    assert reverse("appointments:staff_detail", args=[soonest.pk]) in html
    assert reverse("appointments:staff_detail", args=[later.pk]) not in html
    assert reverse("appointments:staff_new", args=[case.pk]) in html
    assert "Fixer un rendez-vous" in shown


def test_no_appointment_and_none_to_set_on_a_closed_case(programme, worker, verified_client):
    case = CaseFactory(programme=programme, closed=True)
    html = page(verified_client(worker), case)
    assert fact(html, "rendez-vous") == "Prochain rendez-vous aucun"
    assert reverse("appointments:staff_new", args=[case.pk]) not in html


def test_the_unread_count_is_the_households_messages_not_yet_read(
    programme, worker, coordinator, household_user, verified_client
):
    case = CaseFactory(programme=programme, established=True)
    HouseholdMemberFactory(household=case.household, user=household_user)
    conversation = conversation_of(case)
    write(conversation, worker, "Bonjour, je suis votre interlocutrice")  # one's own messages never count
    for body in ("Bonjour", "Je suis disponible jeudi", "Merci"):
        write(conversation, household_user, body)
    write(conversation, coordinator, "Bien reçu")  # another worker's message is unread too
    client = verified_client(worker)
    html = page(client, case)
    conversation_url = reverse("messaging:partner_conversation", args=[conversation.pk])
    assert fact(html, "messages") == "Messages non lus 4 messages non lus"
    assert f'<a href="{conversation_url}">4 messages non lus</a>' in html
    assert f'<a href="{conversation_url}">Conversation avec le ménage</a>' in html
    mark_read(conversation, worker, conversation.last_seq - 1)
    assert fact(page(client, case), "messages") == "Messages non lus 1 message non lu"
    client.get(conversation_url)  # reading the thread
    assert fact(page(client, case), "messages") == "Messages non lus 0 message non lu"


def test_a_thread_not_started_yet_is_offered(programme, worker, verified_client):
    case = CaseFactory(programme=programme, established=True)
    html = page(verified_client(worker), case)
    assert reverse("messaging:partner_case_conversation", args=[case.pk]) in html
    assert "pas encore commencée" in html
    assert reverse("messaging:partner_case_coordination", args=[case.pk]) in html


def test_no_coordination_thread_on_a_case_the_landlord_does_not_know(programme, worker, verified_client):
    case = CaseFactory(programme=programme, established=True, from_household=True)
    html = page(verified_client(worker), case)
    assert reverse("messaging:partner_case_conversation", args=[case.pk]) in html
    assert reverse("messaging:partner_case_coordination", args=[case.pk]) not in html
    assert "Fil de coordination" not in html


def test_unassigned_open_case_offers_m_attribuer(programme, worker, verified_client):
    case = CaseFactory(programme=programme, contacting=True)
    client = verified_client(worker)
    html = page(client, case)
    assert "non attribué" in fact(html, "intervenant")
    assert reverse("casework:take_case", args=[case.pk]) in html
    client.post(reverse("casework:take_case", args=[case.pk]))
    html = page(client, case)
    assert str(worker) in fact(html, "intervenant")
    assert reverse("casework:take_case", args=[case.pk]) not in html


@pytest.mark.parametrize("traits", [{"closed": True}, {"contacting": True, "assigned": True}])
def test_no_m_attribuer_on_a_closed_or_held_case(programme, worker, coordinator, verified_client, traits):
    traits = dict(traits)  # the parameter is shared by every run of the test: popping from it changed the next one
    assigned = traits.pop("assigned", False)
    case = CaseFactory(programme=programme, assigned_worker=coordinator if assigned else None, **traits)
    assert not case.may_be_taken
    html = page(verified_client(worker), case)
    assert reverse("casework:take_case", args=[case.pk]) not in html
    with pytest.raises(services.AssignmentError):
        services.take(case, worker)


# --- the links ----------------------------------------------------------------------------------------------------


def test_the_letter_and_its_code_while_usable(programme, worker, verified_client):
    case = CaseFactory(programme=programme, contacting=True)
    services.issue_letter_code(case, worker)
    case.refresh_from_db()
    invitation = case.invitation
    html = page(verified_client(worker), case)
    links = text(re.search(r'<nav class="case-links".*?</nav>', html, re.S).group(0))
    assert reverse("casework:letter_pdf", args=[case.pk]) in html
    assert f"code {case.invitation.display_code} : valable jusqu'au {formats.day(invitation.expires_at)}" in links


def test_a_used_code_gives_no_letter_to_print(programme, worker, verified_client):
    case = CaseFactory(programme=programme, contacting=True)
    services.issue_letter_code(case, worker)
    Invitation.objects.filter(pk=case.invitation_id).update(used_at=timezone.now())
    case.refresh_from_db()
    html = page(verified_client(worker), case)
    links = text(re.search(r'<nav class="case-links".*?</nav>', html, re.S).group(0))
    assert f"Courrier : utilisé le {formats.day(timezone.now())}" in links
    assert case.invitation.display_code not in html
    assert reverse("casework:letter_pdf", args=[case.pk]) not in html


def test_the_handovers_state(programme, worker, verified_client):
    case = CaseFactory(programme=programme, in_support=True)
    HandoverFactory(case=case, partner__name="CCAS d'Orléans")
    HandoverFactory(case=case, partner__name="ADIL 45", consented=True, status=HandoverStatus.ACCEPTED)
    links = text(re.search(r'<nav class="case-links".*?</nav>', page(verified_client(worker), case), re.S).group(0))
    assert "CCAS d'Orléans, proposé (accord du ménage à recueillir)" in links
    assert "ADIL 45, accepté" in links
    assert "Relais : aucun" in text(
        re.search(
            r'<nav class="case-links".*?</nav>',
            page(verified_client(worker), CaseFactory(programme=programme, in_support=True)),
            re.S,
        ).group(0)
    )


def test_the_links_lead_to_the_case_pages(programme, worker, verified_client):
    case = CaseFactory(programme=programme, in_support=True)
    html = page(verified_client(worker), case)
    for url in (
        reverse("appointments:staff_case", args=[case.pk]),
        reverse("appointments:staff_new", args=[case.pk]),
        reverse("casework:diagnostic", args=[case.pk]),
        reverse("messaging:partner_case_conversation", args=[case.pk]),
    ):
        assert f'href="{url}"' in html


# --- sections open where work is due -----------------------------------------------------------------------------


def test_contact_open_while_the_clock_runs_and_closed_once_established(programme, worker, verified_client):
    client = verified_client(worker)
    assert section_open(page(client, CaseFactory(programme=programme, contacting=True)), "contact")
    assert section_open(page(client, CaseFactory(programme=programme, reached_out=True)), "contact")
    quiet = page(client, CaseFactory(programme=programme, established=True))
    assert not section_open(quiet, "contact")
    for anchor in ("identite", "bilans", "plan", "notes", "historique"):
        assert not section_open(quiet, anchor)


def test_a_broken_plan_opens_its_section(programme, worker, verified_client):
    case = CaseFactory(programme=programme, in_support=True)
    today = timezone.localdate()
    RepaymentPlanFactory(case=case, start_date=today - timedelta(days=70), start_balance=Decimal("600"))
    ArrearsStatementFactory(case=case, statement_date=today - timedelta(days=1), balance=Decimal("900"))
    html = page(verified_client(worker), case)
    assert section_open(html, "plan")
    assert "plan non respecté" in html


def test_a_kept_plan_leaves_it_closed(programme, worker, verified_client):
    case = CaseFactory(programme=programme, in_support=True)
    today = timezone.localdate()
    RepaymentPlanFactory(case=case, start_date=today - timedelta(days=70), start_balance=Decimal("600"))
    ArrearsStatementFactory(case=case, statement_date=today - timedelta(days=1), balance=Decimal("400"))
    assert not section_open(page(verified_client(worker), case), "plan")


@pytest.mark.parametrize(
    ("status", "shared_days_ago", "held", "due"),
    [
        (ReviewStatus.DRAFT, None, True, True),  # held: the minutes are to share
        (ReviewStatus.DRAFT, None, False, False),  # not held yet
        (ReviewStatus.SHARED, 7, False, True),  # the household had its 7 days
        (ReviewStatus.SHARED, 6, False, False),  # the day before
        ("answered", 1, False, True),  # the household answered on the first day
        (ReviewStatus.VALIDATED, 30, False, False),
    ],
)
def test_reviews_open_where_minutes_are_due(programme, worker, verified_client, status, shared_days_ago, held, due):
    case = CaseFactory(programme=programme, in_support=True)
    shared_at = timezone.now() - timedelta(days=shared_days_ago, minutes=1) if shared_days_ago else None
    answered_at = timezone.now() if status == "answered" else None
    status = ReviewStatus.SHARED if status == "answered" else status
    review = TripartiteReview.objects.create(
        case=case, status=status, shared_at=shared_at, household_answered_at=answered_at
    )
    meeting_appointment(
        review,
        timezone.now() - timedelta(days=10),
        worker=worker,
        status=AppointmentStatus.DONE if held else AppointmentStatus.BOOKED,
    )
    assert section_open(page(verified_client(worker), case), "bilans") is due


def test_an_account_to_confirm_opens_its_section(programme, worker, verified_client):
    case = CaseFactory(programme=programme, established=True, with_account=True)
    assert section_open(page(verified_client(worker), case), "identite")


def test_open_sections_reads_the_rules_only(programme):
    """Nothing due: every section folded (the function the page calls, on its own)."""
    case = CaseFactory(programme=programme, established=True)
    assert hub.open_sections(case, members=[], review_list=[], plans=[], call_back_requested=False) == {
        "contact": False,
        "identity": False,
        "reviews": False,
        "plan": False,
    }
    assert hub.open_sections(case, members=[], review_list=[], plans=[], call_back_requested=True)["contact"]


# --- the way back: breadcrumbs -------------------------------------------------------------------------------------


@pytest.fixture
def world(programme, worker, coordinator, household_user):
    case = CaseFactory(programme=programme, in_support=True, referral__tenancy__household__display_name="Famille Roux")
    HouseholdMemberFactory(household=case.household, user=household_user)
    DiagnosticFactory(case=case)
    action = RoadmapAction.objects.create(case=case, title="Demander le FSL")
    handover = HandoverFactory(case=case)
    review = TripartiteReview.objects.create(case=case)
    transfer = TransferRequest.objects.create(case=case)
    meeting = appointment(case, worker, timezone.now() + timedelta(days=2))
    household_thread = conversation_of(case)
    coordination_thread = conversation_of(case, ConversationKind.COORDINATION)
    no_contact = CaseFactory(programme=programme, no_contact=True)
    return {
        "case": case,
        "pages": [
            ("casework:diagnostic", [case.pk]),
            ("casework:edit_action", [case.pk, action.pk]),
            ("casework:handover_new", [case.pk]),
            ("casework:handover_edit", [case.pk, handover.pk]),
            ("casework:review_new", [case.pk]),
            ("casework:review_edit", [case.pk, review.pk]),
            ("casework:edit_transfer", [case.pk, transfer.pk]),
            ("casework:close_case", [case.pk]),
            ("appointments:staff_case", [case.pk]),
            ("appointments:staff_new", [case.pk]),
            ("appointments:staff_detail", [meeting.pk]),
            ("appointments:staff_move", [meeting.pk]),
            ("appointments:staff_cancel", [meeting.pk]),
            ("messaging:partner_conversation", [household_thread.pk]),
            ("messaging:partner_conversation", [coordination_thread.pk]),
        ],
        "no_contact": no_contact,
    }


def assert_leads_back(response, case):
    assert response.status_code == 200
    assert CRUMBS in [t.name for t in response.templates]
    nav = re.search(
        r'<nav class="breadcrumbs container" aria-label="Fil d\'Ariane">.*?</nav>', response.content.decode(), re.S
    )
    assert nav, "no breadcrumbs"
    crumbs = nav.group(0)
    assert f'<a href="{reverse("casework:case_detail", args=[case.pk])}">{case.household.display_name}</a>' in crumbs
    assert f'<a href="{reverse("casework:caseload")}">Dossiers</a>' in crumbs
    assert 'aria-current="page"' in crumbs


def test_every_page_about_the_case_leads_back_to_it(world, coordinator, verified_client):
    client = verified_client(coordinator)
    for name, args in world["pages"]:
        response = client.get(reverse(name, args=args))
        assert_leads_back(response, world["case"]), name


def test_the_pages_reached_by_post_lead_back_too(world, coordinator, verified_client):
    """The review's validation step (a POST shows it) and the reopening of a case « sans contact »."""
    client = verified_client(coordinator)
    case = world["case"]
    review = case.reviews.get()
    TripartiteReview.objects.filter(pk=review.pk).update(status=ReviewStatus.SHARED, shared_at=timezone.now())
    response = client.post(reverse("casework:review_validate", args=[case.pk, review.pk]), {})
    assert_leads_back(response, case)
    assert reverse("casework:review_edit", args=[case.pk, review.pk]) in response.content.decode()
    assert_leads_back(client.get(reverse("casework:reopen_case", args=[world["no_contact"].pk])), world["no_contact"])


def test_a_thread_not_started_leads_back_too(programme, worker, verified_client):
    case = CaseFactory(programme=programme, established=True)
    response = verified_client(worker).get(reverse("messaging:partner_case_conversation", args=[case.pk]))
    assert_leads_back(response, case)


def test_the_case_page_itself_ends_the_trail(programme, worker, verified_client):
    case = CaseFactory(programme=programme, established=True)
    html = page(verified_client(worker), case)
    assert f'<li aria-current="page">{case.household.display_name}</li>' in html


def test_the_landlord_reads_its_thread_without_the_associations_trail(world, landlord_referent, verified_client):
    thread = world["case"].conversations.get(kind=ConversationKind.COORDINATION)
    response = verified_client(landlord_referent).get(reverse("messaging:partner_conversation", args=[thread.pk]))
    assert response.status_code == 200
    assert CRUMBS not in [t.name for t in response.templates]
    assert reverse("casework:case_detail", args=[world["case"].pk]) not in response.content.decode()


# --- out of scope: 404 as before -----------------------------------------------------------------------------------


def test_the_landlord_and_another_association_get_404(programme, landlord_referent, verified_client):
    case = CaseFactory(programme=programme, established=True)
    other = UserFactory()
    MembershipFactory(user=other, organisation=OrganisationFactory(kind=OrganisationKind.ASSOCIATION), role=Role.WORKER)
    for user in (landlord_referent, other):
        response = verified_client(user).get(reverse("casework:case_detail", args=[case.pk]))
        assert response.status_code == 404


# --- queries ---------------------------------------------------------------------------------------------------------


def fill(case, worker, household_user, count, weeks_later=0):
    """`count` of everything the case page lists; the appointments `weeks_later` (one worker is never in two
    appointments at once: PostgreSQL's exclusion constraint)."""
    later = timedelta(weeks=weeks_later)
    today = timezone.localdate()
    conversation = conversation_of(case)
    for i in range(count):
        ContactAttemptFactory(case=case, author=worker)
        services.add_note(case, f"Note {i}", worker)
        RoadmapAction.objects.create(case=case, title=f"Action {i}")
        HandoverFactory(case=case)
        review = TripartiteReview.objects.create(case=case)
        meeting_appointment(review, timezone.now() + later + timedelta(days=2 + i), worker=worker)
        RepaymentPlanFactory(case=case, start_date=today - timedelta(days=70))
        ArrearsStatementFactory(case=case, statement_date=today - timedelta(days=i + 1))
        TransferRequest.objects.create(case=case)
        appointment(case, worker, timezone.now() + later + timedelta(days=20 + i))
        write(conversation, household_user, f"Message {i}")


# The session, the user and the second factor, the case, then one query per list the page shows (29 before
# issue 18), the next appointment and the case's threads with their unread counts, and the carnet's list of
# live guide pages to link a step to (the pages and their view restrictions: two, whatever the case holds).
CASE_PAGE_QUERIES = 33


@pytest.mark.parametrize("count", [1, 8])
def test_the_case_page_query_count_is_bounded(
    programme, worker, household_user, verified_client, django_assert_max_num_queries, count
):
    case = CaseFactory(programme=programme, in_support=True, assigned_worker=worker)
    HouseholdMemberFactory(household=case.household, user=household_user)
    services.issue_letter_code(case, worker)
    fill(case, worker, household_user, count)
    client = verified_client(worker)
    page(client, case)  # warm the session
    with django_assert_max_num_queries(CASE_PAGE_QUERIES):
        html = page(client, case)
    assert f"{count} {formats.plural(count, 'message non lu', 'messages non lus')}" in fact(html, "messages")


def test_the_case_page_query_count_does_not_grow_with_the_case(programme, worker, household_user, verified_client):
    counts = []
    for weeks_later, count in enumerate((1, 6)):
        case = CaseFactory(programme=programme, in_support=True, assigned_worker=worker)
        HouseholdMemberFactory(household=case.household, user=UserFactory(confirmed=True))
        fill(case, worker, case.household.members.get().user, count, weeks_later * 10)
        client = verified_client(worker)
        page(client, case)
        with CaptureQueriesContext(connection) as queries:
            page(client, case)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
