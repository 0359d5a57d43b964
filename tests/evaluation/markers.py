"""A case with a planted marker in every table and file that holds household data (export and retention proofs)."""

import os
import subprocess
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from casework.enums import CaseStatus, Outcome, ReviewStatus
from casework.models import (
    ArrearsImport,
    ArrearsImportRow,
    ArrearsStatement,
    CaseNote,
    ContactAttempt,
    Diagnostic,
    Handover,
    HandoverConsent,
    HouseholdMember,
    RepaymentPlan,
    ReviewComment,
    ReviewParticipant,
    RoadmapAction,
    TimelineEvent,
    TransferRequest,
    TripartiteReview,
)
from portal import audit, drafts
from portal.crypto import decrypt_bytes
from portal.enums import OrganisationKind, Party
from tests.casework.factories import CaseFactory, HouseholdFactory, ProgrammeFactory, ReferralFactory, TenancyFactory
from tests.portal.factories import OrganisationFactory, UserFactory


def mark(name):
    return f"MRK{name.upper()}Q"


class Planted:
    """Every marker planted, with the ones a household export must show (drafts and audit lines are not its)."""

    def __init__(self):
        self.all = []
        self.exported = []

    def add(self, name, exported=True):
        value = mark(name)
        self.all.append(value)
        if exported:
            self.exported.append(value)
        return value


def plant(association, landlord, worker, now):
    """A closed case (now) holding a marker in each place; returns (case, household user, Planted)."""
    p = Planted()
    programme = ProgrammeFactory(association=association, landlord=landlord)
    household = HouseholdFactory(display_name=p.add("householdname"))
    tenancy = TenancyFactory(
        household=household, landlord=landlord, lease_reference=p.add("lease"), address=p.add("address")
    )
    referral = ReferralFactory(
        programme=programme, tenancy=tenancy, landlord_attempts=p.add("attempts"), exception_reason=p.add("exception")
    )
    case = CaseFactory(programme=programme, referral=referral, household=household, status=CaseStatus.SUPPORT)
    user = UserFactory(
        confirmed=True,
        email=f"{p.add('useremail').lower()}@example.org",
        first_name=p.add("userfirst"),
        last_name=p.add("userlast"),
    )
    HouseholdMember.objects.create(
        household=household,
        user=user,
        first_name=p.add("memberfirst"),
        last_name=p.add("memberlast"),
        phone=p.add("memberphone"),
        email=f"{p.add('memberemail').lower()}@example.org",
    )
    TimelineEvent.objects.create(case=case, kind="note", detail=p.add("timeline"))
    ContactAttempt.objects.create(case=case, channel="phone", outcome="reached", note=p.add("attempt"), made_at=now)
    Diagnostic.objects.create(
        case=case,
        family_account=p.add("familyaccount"),
        origin_detail=p.add("origindetail"),
        notes=p.add("diagnosticnotes"),
        origins=["health"],
        income_lines=[{"label": p.add("incomelabel"), "amount": "900"}],
    )
    RoadmapAction.objects.create(case=case, title=p.add("roadmap"))
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER, name="Partenaire des marqueurs")
    handover = Handover.objects.create(
        case=case,
        partner=partner,
        note=p.add("handovernote"),
        consent_given_at=now,
    )
    HandoverConsent.objects.create(handover=handover, given=True, how=p.add("consenthow"))
    review = TripartiteReview.objects.create(case=case, next_steps=p.add("reviewsteps"), status=ReviewStatus.SHARED)
    # Minutes the association has not shared yet are its own work: not in the household's export.
    TripartiteReview.objects.create(case=case, next_steps=p.add("draftminutes", exported=False))
    ReviewParticipant.objects.create(review=review, kind=Party.HOUSEHOLD, name=p.add("participant"))
    ReviewComment.objects.create(review=review, author=user, body=p.add("reviewcomment"))
    ArrearsStatement.objects.create(case=case, statement_date=date(2024, 1, 10), balance=Decimal("700"))
    RepaymentPlan.objects.create(
        case=case, start_date=date(2024, 1, 1), start_balance=1000, monthly_instalment=100, duration_months=10
    )
    TransferRequest.objects.create(case=case, note=p.add("transfernote"), wished_communes=p.add("communes"))
    CaseNote.objects.create(case=case, author=worker, body=p.add("casenote"))
    arrears_import = ArrearsImport.objects.create(programme=programme, filename="extrait.csv", encoding="utf-8")
    ArrearsImportRow.objects.create(
        arrears_import=arrears_import,
        landlord=landlord,
        lease_reference=p.add("importlease"),
        statement_date=date(2024, 1, 5),
        tenant_name=p.add("importname"),
        address=p.add("importaddress"),
        postcode="45000",
        commune="Orléans",
        moved_in_on=date(2023, 10, 1),
        monthly_rent=500,
        guarantee="none",
        balance=900,
        case=case,
    )
    audit.record(user, "household.signed_in", user, subject=case)
    if apps.is_installed("messaging"):
        _messaging(case, user, worker, p, now)
    if apps.is_installed("home"):
        from casework.models import ContactRequest

        ContactRequest.objects.create(
            association=association,
            name=p.add("contactname"),
            channel="phone",
            contact=p.add("contactphone"),
            message=p.add("contactmessage"),
            consent_at=now,
            case=case,
        )
    if apps.is_installed("appointments"):
        _appointments(case, worker, p, now)
    case.status = CaseStatus.CLOSED
    case.outcome = Outcome.REPAYMENT_PLAN
    case.closed_at = now
    case.contact_established_at = now - timedelta(days=60)
    case.save()
    _drafts(case, worker, user, p)
    return case, user, p


def _drafts(case, worker, user, p):
    """One draft of each registered kind (portal.drafts), the worker's and the household's: a new kind whose keys a
    case does not list fails here. The household's export shows its own drafts, never the worker's."""
    keys = drafts.keys_for_case(case)
    planted_kinds = set()
    for key in keys:
        drafts.save(worker, key, p.add("draft" + key.replace("-", ""), exported=False))
        drafts.save(user, key, p.add("owndraft" + key.replace("-", "")))
        planted_kinds.add(next(name for name in sorted(drafts.KINDS, key=len, reverse=True) if key.startswith(name)))
    assert planted_kinds == set(drafts.KINDS), f"kinds of draft without a marker: {set(drafts.KINDS) - planted_kinds}"


def _messaging(case, user, worker, p, now):
    from messaging.enums import ConversationKind
    from messaging.models import Conversation
    from messaging.services import store_message

    household_thread = Conversation.of_case(case, ConversationKind.HOUSEHOLD)
    store_message(household_thread, user, p.add("householdmessage"), "k1", when=now)
    upload = SimpleUploadedFile(
        f"{mark('filename').lower()}.pdf", b"%PDF-1.4\n" + mark("filecontent").encode(), content_type="application/pdf"
    )
    p.add("filename")
    p.add("filecontent")
    store_message(household_thread, worker, p.add("workerreply"), "k2", files=[upload], when=now)
    coordination = Conversation.of_case(case, ConversationKind.COORDINATION)
    store_message(coordination, worker, p.add("coordination"), "k3", when=now)


def _appointments(case, worker, p, now):
    from appointments.enums import AppointmentKind, Status
    from appointments.models import Appointment, AppointmentEvent, AppointmentType

    appointment = Appointment.objects.create(
        case=case,
        association=case.programme.association,
        worker=worker,
        type=AppointmentType.for_kind(AppointmentKind.FIRST_INTERVIEW),
        place="office",
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=3) + timedelta(hours=1),
        status=Status.CANCELLED,
        cancellation_reason=p.add("cancelreason"),
    )
    AppointmentEvent.objects.create(
        appointment=appointment, kind="cancelled", actor_kind="household", reason=p.add("eventreason")
    )


def orm_values_with(markers):
    """Every stored value of every model, read through the ORM (so encrypted fields are decrypted)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [f for f in model._meta.concrete_fields]
        for row in model._base_manager.all().iterator():
            for f in fields:
                try:
                    value = str(f.value_from_object(row))
                except Exception:  # noqa: BLE001 — an undecryptable value holds no plaintext marker
                    continue
                hits = [m for m in markers if m.lower() in value.lower()]
                if hits:
                    found.append((model._meta.label, f.name, hits))
    return found


def sql_dump_with(markers):
    """The database's own dump of every table (plaintext as stored): SQLite's iterdump, or pg_dump."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(FULL)")
        dump = "\n".join(connection.connection.iterdump())
    else:
        params = connection.settings_dict
        command = ["pg_dump", "-h", params["HOST"] or "127.0.0.1", "-p", str(params["PORT"] or 5432)]
        command += ["-U", params["USER"], "--data-only", params["NAME"]]
        env = {**os.environ, "PGPASSWORD": params.get("PASSWORD") or ""}
        dump = subprocess.run(command, capture_output=True, check=True, env=env).stdout.decode()
    return [m for m in markers if m.lower() in dump.lower()]


def stored_files_with(markers):
    """Every file under the private and media roots, decrypted when it is encrypted."""
    found = []
    roots = {str(settings.PRIVATE_STORAGE_ROOT), str(settings.MEDIA_ROOT)}
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            location = getattr(getattr(f, "storage", None), "location", None)
            if location:
                roots.add(str(location))
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                with open(path, "rb") as handle:
                    data = handle.read()
                try:
                    data = decrypt_bytes(data)
                except Exception:  # noqa: BLE001 — a plain file is searched as is
                    pass
                text = (name + data.decode("latin-1")).lower()
                found += [(path, m) for m in markers if m.lower() in text]
    return found
