"""Casework's part of the authorisation matrix: its objects on both sides, its planted markers, its rules."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from appointments.enums import Place
from casework import services, workflow
from casework.enums import CaseStatus, HandoverStatus, Outcome, ReviewStatus
from casework.models import (
    ArrearsImport,
    ArrearsImportRow,
    ArrearsStatement,
    CaseNote,
    ContactAttempt,
    ContactRequest,
    Diagnostic,
    Handover,
    HouseholdMember,
    Programme,
    ProgrammeMeeting,
    RepaymentPlan,
    ReviewComment,
    ReviewParticipant,
    RoadmapAction,
    Tenancy,
    TransferRequest,
    TripartiteReview,
)
from portal.enums import Party
from tests.authorization import Rule, allow
from tests.casework.factories import CaseFactory, ProgrammeFactory, ReferralFactory, meeting_appointment

ASSOCIATION = {"worker", "coordinator"}
ASSOCIATION_VIEW = ASSOCIATION | {"household_confirmed"}

# Which roles may see each planted marker on its own side (the other side's twin roles are mapped by the test).
MARKERS_VISIBLE_TO = {
    "DIAGNOSTIC": ASSOCIATION,
    "ATTEMPT": ASSOCIATION,
    "NOTE": ASSOCIATION,
    "TIMELINE": ASSOCIATION,
    "DRAFT_MINUTES": ASSOCIATION,
    "SHARED_MINUTES": ASSOCIATION_VIEW,
    "VALIDATED_MINUTES": ASSOCIATION_VIEW | {"landlord_referent"},
    "COMMENT": ASSOCIATION_VIEW,
    "ROADMAP": ASSOCIATION_VIEW,
    "HANDOVER_NOTE": ASSOCIATION_VIEW | {"partner_contact"},
    "HANDOVER_WITHDRAWN": ASSOCIATION_VIEW,
    "HANDOVER_OTHER_PARTNER": ASSOCIATION_VIEW,
    "TRANSFER": ASSOCIATION,
    "TRANSFER_COMMUNES": ASSOCIATION,
    "ORIENTATION_SCHEME": ASSOCIATION,
    "CONTACT_REQUEST": ASSOCIATION,
}


def _side(world, side, programme, worker, partner_for_note):
    objects = world.objects[side]
    plant = world.plant
    case = CaseFactory(programme=programme, assigned_worker=worker)
    services.issue_letter_code(case, worker)
    case.invitation.used_at = timezone.now()  # the household redeemed it
    case.invitation.save(update_fields=["used_at"])
    workflow.start_contacting(case, worker)
    workflow.establish_contact(case, worker, how="visite")
    workflow.start_assessment(case, worker)
    workflow.start_support(case, worker)
    ContactAttempt.objects.create(
        case=case, author=worker, channel="phone", outcome="reached", note=plant("ATTEMPT", side)
    )
    CaseNote.objects.create(case=case, author=worker, body=plant("NOTE", side))
    workflow.record_event(case, "note", worker, detail=plant("TIMELINE", side))
    Diagnostic.objects.create(
        case=case,
        created_by=worker,
        family_account="Récit",
        notes=plant("DIAGNOSTIC", side),
        income_lines=[{"label": "Salaire", "amount": "1200"}],
    )
    action = RoadmapAction.objects.create(case=case, title=plant("ROADMAP", side), actor=Party.HOUSEHOLD)
    now = timezone.now()
    reviews = {}
    # Their date and place are their appointments' (14 h, 15 h, 16 h in three days: appointments' own are at 10 h).
    in_three_days = timezone.localtime(now + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    for hour, (status, key) in enumerate(
        (
            (ReviewStatus.DRAFT, "DRAFT_MINUTES"),
            (ReviewStatus.SHARED, "SHARED_MINUTES"),
            (ReviewStatus.VALIDATED, "VALIDATED_MINUTES"),
        ),
        start=14,
    ):
        review = TripartiteReview.objects.create(
            case=case, status=status, next_steps=plant(key, side), created_by=worker
        )
        ReviewParticipant.objects.create(
            review=review, kind="landlord", organisation=programme.landlord, name=programme.landlord.name
        )
        meeting_appointment(review, in_three_days.replace(hour=hour), worker=worker)
        reviews[status] = review
    objects["comment"] = ReviewComment.objects.create(review=reviews[ReviewStatus.SHARED], body=plant("COMMENT", side))
    handover = Handover.objects.create(
        case=case,
        partner=partner_for_note,
        note=plant("HANDOVER_NOTE", side),
        consent_given_at=now,
        status=HandoverStatus.PROPOSED,
        joint_interview=True,
    )
    meeting_appointment(
        handover, in_three_days.replace(hour=17), worker=worker, place=Place.PARTNER, partner=partner_for_note
    )
    Handover.objects.create(
        case=case,
        partner=partner_for_note,
        note=plant("HANDOVER_WITHDRAWN", side),
        consent_given_at=now,
        consent_withdrawn_at=now,
    )
    Handover.objects.create(
        case=case, partner=world.orgs["other_partner"], consent_given_at=now, note=plant("HANDOVER_OTHER_PARTNER", side)
    )
    # The household agreed the landlord follows it, not that it reads the communes; the note is never the landlord's.
    transfer = TransferRequest.objects.create(
        case=case,
        note=plant("TRANSFER", side),
        wished_communes=plant("TRANSFER_COMMUNES", side),
        landlord_informed=True,
    )
    ArrearsStatement.objects.create(
        case=case, statement_date=timezone.localdate() - timedelta(days=10), balance=Decimal("700")
    )
    RepaymentPlan.objects.create(
        case=case,
        start_date=timezone.localdate() - timedelta(days=40),
        start_balance=Decimal("800"),
        monthly_instalment=Decimal("50"),
        duration_months=16,
    )
    closed = CaseFactory(programme=programme)
    workflow.close(closed, worker, Outcome.ORIENTATION, orientation_scheme=plant("ORIENTATION_SCHEME", side))
    fresh = CaseFactory(programme=programme)  # just referred: its letter code is unused
    services.issue_letter_code(fresh, worker)
    exception = CaseFactory(
        programme=programme, referral=ReferralFactory(programme=programme, is_eligible=False, exception_reason="Motif")
    )
    meeting = ProgrammeMeeting.objects.create(programme=programme, held_on=timezone.localdate(), attendees="A, B")
    meeting.cases.add(case)
    arrears_import = ArrearsImport.objects.create(programme=programme, filename="x.csv", encoding="utf-8")
    ArrearsImportRow.objects.create(
        arrears_import=arrears_import,
        landlord=programme.landlord,
        lease_reference=f"L-{side}",
        statement_date=timezone.localdate(),
        tenant_name="Nom",
        address="1 rue",
        postcode="45000",
        commune="Orléans",
        moved_in_on=timezone.localdate(),
        monthly_rent=500,
        guarantee="none",
        balance=900,
    )
    member = case.household.members.create(first_name="Alex", last_name="Test")
    contact_request = ContactRequest.objects.create(
        association=programme.association,
        name="Demandeur",
        channel="phone",
        contact="0600000000",
        message=plant("CONTACT_REQUEST", side),
        consent_at=now,
    )
    objects.update(
        case=case,
        action=action,
        reviews=reviews,
        handover=handover,
        transfer=transfer,
        closed=closed,
        fresh=fresh,
        exception=exception,
        meeting=meeting,
        arrears_import=arrears_import,
        member=member,
        contact_request=contact_request,
    )
    assert case.status == CaseStatus.SUPPORT


def build(world):
    own = ProgrammeFactory(landlord=world.orgs["landlord"], association=world.orgs["association"])
    foreign = ProgrammeFactory(landlord=world.orgs["other_landlord"], association=world.orgs["other_association"])
    world.objects["own"]["programme"], world.objects["foreign"]["programme"] = own, foreign
    _side(world, "own", own, world.users["worker"], world.orgs["partner"])
    # The foreign side's consented handover goes to another service: our partner contact sees none of B.
    _side(world, "foreign", foreign, world.users["other_association"], world.orgs["other_partner"])
    # Territories as codes, apart (Orléans / Montargis); each side's partner service covers its own, and each side
    # has a tenancy whose commune the migration could not tell (/partenaires/communes-a-preciser/).
    Programme.objects.filter(pk=foreign.pk).update(communes=["45208"])
    world.orgs["partner"].area, world.orgs["other_partner"].area = ["45234"], ["45208"]
    for side in ("own", "foreign"):
        partner = world.orgs["partner" if side == "own" else "other_partner"]
        partner.save(update_fields=["area"])
        world.objects[side]["directory_entry"] = partner
        world.objects[side]["unresolved_tenancy"] = tenancy = world.objects[side]["case"].referral.tenancy
        Tenancy.objects.filter(pk=tenancy.pk).update(commune_code="")
    case = world.objects["own"]["case"]
    for role in ("household_confirmed", "household_unconfirmed"):
        HouseholdMember.objects.create(household=case.household, user=world.users[role], first_name="M", last_name=role)


def case_args(key="case"):
    return lambda world, side: {"pk": world.objects[side][key].pk}


def case_and(child, kwarg, pick):
    return lambda world, side: {"pk": world.objects[side]["case"].pk, kwarg: pick(world.objects[side]).pk}


def obj(pick):
    return lambda world, side: {"pk": pick(world.objects[side]).pk}


A = ASSOCIATION
A_OTHER = {"other_association"}
L = {"landlord_referent"}
L_OTHER = {"other_landlord"}
HOUSEHOLDS = {"household_confirmed", "household_unconfirmed"}


def assoc(name, args, status=200, roles=A, other=A_OTHER):
    return Rule(name, args=args, ok=allow(*roles, status=status), foreign_ok=allow(*other, status=status))


def landlord(name, args, status=200):
    return Rule(name, args=args, ok=allow(*L, status=status), foreign_ok=allow(*L_OTHER, status=status))


C = case_args()
ADMIN = {"administrator"}
PROGRAMME = lambda world, side: {"pk": world.objects[side]["programme"].pk}  # noqa: E731
RULES = [
    # The platform administrator's pages (issue 23): every programme, and nobody else.
    Rule("casework:admin_programmes", ok=allow(*ADMIN)),
    Rule("casework:admin_programme_new", ok=allow(*ADMIN)),
    Rule("casework:admin_programme", args=PROGRAMME, ok=allow(*ADMIN), foreign_ok=allow(*ADMIN)),
    # A programme's parameters: both partners read them (the proposal form is the coordinator's alone, the answer
    # the landlord's: tests/casework/test_programme_versions.py); another programme's → 404.
    Rule(
        "casework:programme_parameters",
        args=PROGRAMME,
        ok=allow(*A, *L),
        foreign_ok=allow(*A_OTHER, *L_OTHER),
    ),
    # POST only: require_POST answers before the programme's scope check, 405 for any programme member (the POST's
    # scope — another programme's coordinator or referent → 404 — is in tests/casework/test_programme_versions.py).
    Rule(
        "casework:answer_parameters",
        args=lambda world, side: {"pk": world.objects[side]["programme"].pk, "version_pk": 999_999},
        ok=allow(*A, *L, *A_OTHER, *L_OTHER, status=405),
        foreign_ok=allow(*A, *L, *A_OTHER, *L_OTHER, status=405),
    ),
    Rule("casework:caseload", ok=allow(*A, *A_OTHER)),
    Rule("casework:caseload_csv", ok=allow(*A, *A_OTHER)),
    assoc("casework:case_detail", C),
    assoc("casework:change_status", C, 405),
    assoc("casework:assign", C, 405),
    assoc("casework:take_case", C, 405),
    assoc("casework:log_attempt", C, 405),
    assoc("casework:invite", C, 405),
    Rule("casework:invite_selection", ok=allow(*A, *A_OTHER, status=405)),
    Rule(
        "casework:programme_texts",
        args=case_args("programme"),
        ok=allow("coordinator"),
        foreign_ok=allow("other_association"),
    ),
    assoc("casework:add_note", C, 405),
    assoc("casework:close_case", C),
    assoc("casework:reopen_case", C, roles={"coordinator"}),
    assoc("casework:confirm_identity", C, 405),
    assoc("casework:revoke_account", case_and("member", "member_pk", lambda o: o["member"]), 405),
    assoc("casework:revoke_code", C, 405),
    assoc("casework:new_code", C, 405),
    assoc("casework:letter_pdf", case_args("fresh")),
    assoc("casework:diagnostic", C),
    assoc("casework:add_action", C, 405),
    assoc("casework:edit_action", case_and("action", "action_pk", lambda o: o["action"])),
    assoc("casework:roadmap_pdf", C),
    assoc("casework:handover_new", C),
    assoc("casework:handover_edit", case_and("handover", "handover_pk", lambda o: o["handover"])),
    assoc("casework:review_new", C),
    assoc("casework:review_edit", case_and("review", "review_pk", lambda o: o["reviews"][ReviewStatus.DRAFT])),
    assoc("casework:review_share", case_and("review", "review_pk", lambda o: o["reviews"][ReviewStatus.DRAFT]), 405),
    assoc("casework:review_validate", case_and("review", "review_pk", lambda o: o["reviews"][ReviewStatus.DRAFT]), 405),
    assoc("casework:review_pdf", case_and("review", "review_pk", lambda o: o["reviews"][ReviewStatus.DRAFT])),
    assoc(
        "casework:review_answer",
        lambda world, side: {
            "pk": world.objects[side]["case"].pk,
            "review_pk": world.objects[side]["reviews"][ReviewStatus.SHARED].pk,
            "comment_pk": world.objects[side]["comment"].pk,
        },
        405,
    ),
    assoc("casework:add_transfer", C, 405),
    assoc("casework:edit_transfer", case_and("transfer", "transfer_pk", lambda o: o["transfer"])),
    assoc("casework:add_plan", C, 405),
    Rule("casework:exceptions", ok=allow("coordinator", "other_association")),
    # Territory as codes and the partner services directory: the coordinator's (the search also the administrator's).
    Rule("casework:commune_search", ok=allow("coordinator", "other_association", *ADMIN)),
    Rule("casework:communes_to_check", ok=allow("coordinator", "other_association")),
    assoc(
        "casework:set_tenancy_commune",
        obj(lambda o: o["unresolved_tenancy"]),
        405,
        roles={"coordinator"},
        other={"other_association"},
    ),
    Rule("casework:directory_list", ok=allow("coordinator", "other_association")),
    Rule("casework:directory_new", ok=allow("coordinator", "other_association")),
    assoc(
        "casework:directory_entry",
        obj(lambda o: o["directory_entry"]),
        roles={"coordinator"},
        other={"other_association"},
    ),
    assoc("casework:exception_decision", obj(lambda o: o["exception"].referral), 405, roles={"coordinator"}),
    assoc("casework:contact_request", obj(lambda o: o["contact_request"])),
    # The year's intake and the waiting list (casework.capacity): the association reads its own programme's; taking a
    # case off the list is the coordinator's, POST only (the POST's scope: tests/casework/test_capacity.py).
    Rule("casework:waiting_list", args=PROGRAMME, ok=allow(*A), foreign_ok=allow(*A_OTHER)),
    assoc("casework:take_off_waiting_list", C, 405, roles={"coordinator"}),
    Rule("casework:meetings", ok=allow(*A, *A_OTHER, *L, *L_OTHER)),
    # Scheduling the meeting (its invitation and agenda) is the association's coordinator's; the landlord reads it.
    Rule("casework:schedule_meeting", ok=allow("coordinator", "other_association")),
    Rule(
        "casework:meeting_detail",
        args=obj(lambda o: o["meeting"]),
        ok=allow(*A, *L),
        foreign_ok=allow(*A_OTHER, *L_OTHER),
    ),
    Rule("casework:landlord_dashboard", ok=allow(*L, *L_OTHER)),
    Rule("casework:landlord_csv", ok=allow(*L, *L_OTHER)),
    Rule("casework:referral_new", ok=allow(*L, *L_OTHER)),
    # The criteria list for the values typed so far (no programme given: the landlord's only one).
    Rule("casework:referral_criteria", ok=allow(*L, *L_OTHER)),
    Rule("casework:import_new", ok=allow(*L, *L_OTHER)),
    Rule("casework:import_template", ok=allow(*L, *L_OTHER)),
    landlord("casework:import_detail", obj(lambda o: o["arrears_import"])),
    landlord("casework:landlord_case", C),
    landlord("casework:landlord_statement", C, 405),
    landlord("casework:landlord_plan", C, 405),
    landlord("casework:landlord_letter_pdf", case_args("fresh")),
    landlord("casework:landlord_review", obj(lambda o: o["reviews"][ReviewStatus.VALIDATED])),
    landlord("casework:landlord_review_pdf", obj(lambda o: o["reviews"][ReviewStatus.VALIDATED])),
    Rule("casework:partner_handovers", ok=allow("partner_contact")),
    Rule("casework:partner_handover", args=obj(lambda o: o["handover"]), ok=allow("partner_contact")),
    Rule(
        "casework:partner_handover_status", args=obj(lambda o: o["handover"]), ok=allow("partner_contact", status=405)
    ),
    Rule("casework:household_roadmap", ok=allow(*HOUSEHOLDS)),
    Rule("casework:household_mark_done", args=obj(lambda o: o["action"]), ok=allow("household_confirmed", status=405)),
    Rule("casework:household_roadmap_pdf", ok=allow("household_confirmed")),
    Rule(
        "casework:household_review",
        args=obj(lambda o: o["reviews"][ReviewStatus.SHARED]),
        ok=allow("household_confirmed"),
    ),
    Rule(
        "casework:household_review_pdf",
        args=obj(lambda o: o["reviews"][ReviewStatus.VALIDATED]),
        ok=allow("household_confirmed"),
    ),
    Rule("casework:household_consents", ok=allow(*HOUSEHOLDS)),
    # The world's households have no number from the landlord: back to their space (tests/casework/test_phone_to_confirm.py).
    Rule("casework:household_confirm_phone", ok=allow(*HOUSEHOLDS, status=302)),
    Rule("casework:household_consent", args=obj(lambda o: o["handover"]), ok=allow("household_confirmed", status=405)),
]


def _url(name, **kwargs):
    from django.urls import reverse

    return reverse(name, kwargs=kwargs)


# Extra probes: objects inside a URL's pattern but outside the role's scope (a draft for the landlord…).
def probes(world):
    own = world.objects["own"]
    reviews = own["reviews"]
    withdrawn = Handover.objects.get(case=own["case"], consent_withdrawn_at__isnull=False)
    other = Handover.objects.get(case=own["case"], partner=world.orgs["other_partner"])
    return [
        ("landlord_referent", _url("casework:landlord_review", pk=reviews[ReviewStatus.DRAFT].pk), 404),
        ("landlord_referent", _url("casework:landlord_review", pk=reviews[ReviewStatus.SHARED].pk), 404),
        ("landlord_referent", _url("casework:landlord_review_pdf", pk=reviews[ReviewStatus.DRAFT].pk), 404),
        ("household_confirmed", _url("casework:household_review", pk=reviews[ReviewStatus.DRAFT].pk), 404),
        ("household_confirmed", _url("casework:household_review", pk=reviews[ReviewStatus.VALIDATED].pk), 200),
        ("household_confirmed", _url("casework:household_review_pdf", pk=reviews[ReviewStatus.SHARED].pk), 404),
        ("household_confirmed", _url("casework:household_review_pdf", pk=reviews[ReviewStatus.DRAFT].pk), 404),
        ("partner_contact", _url("casework:partner_handover", pk=withdrawn.pk), 404),
        ("partner_contact", _url("casework:partner_handover", pk=other.pk), 404),
        ("landlord_referent", _url("casework:landlord_case", pk=own["closed"].pk), 200),
        # The household's code is used: no letter can be printed for it any more.
        ("worker", _url("casework:letter_pdf", pk=own["case"].pk), 404),
    ]
