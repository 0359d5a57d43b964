"""The household's rights over its data (access, export, access log) and retention, built from the registry."""

import base64
import logging
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Count, Max
from django.db.models.functions import TruncDate
from django.utils import timezone

from casework import perms as casework_perms
from casework.evaluation import household_data
from casework.models import Case, ContactAttempt, HouseholdMember
from portal import audit, formats
from portal.audit import subject_key_for
from portal.models import AuditEvent, Draft, User

logger = logging.getLogger(__name__)

RETENTION_MONTHS = 24
RETENTION_DAYS = 730  # 24 months (CNIL reference for social support, deliberation 2023-095)


# --- access and export ------------------------------------------------------------------------------------------


def _value(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(entry, obj):
    row = {}
    for f in obj._meta.concrete_fields:
        if f.name in entry.exclude:
            continue
        if isinstance(f, models.ForeignKey):
            related = getattr(obj, f.attname)
            row[f.name] = related
            continue
        if isinstance(f, models.FileField):
            stored = getattr(obj, f.name)
            row[f.name] = {"name": stored.name.rsplit("/", 1)[-1] if stored else ""}
            if stored and f.name in entry.files:
                try:
                    with stored.open("rb") as handle:
                        row[f.name]["content_base64"] = base64.b64encode(handle.read()).decode()
                except OSError:
                    row[f.name]["content_base64"] = None
            continue
        row[f.name] = _value(getattr(obj, f.attname))
    return row


def _verbose(entry):
    model = entry.model
    return {f.name: str(f.verbose_name) for f in model._meta.concrete_fields}


# The household's data rule (RGPD art. 15, docs/rules.md § 8), in the words the household reads on
# its data page, in its export and on the privacy page: export_data below applies it.
HOUSEHOLD_DATA_RULE = (
    "Vous recevez tout ce que le portail garde sur vous : vos messages, les notes de l'association, ses prises de "
    "contact, le diagnostic, votre carnet de route, les bilans, les échanges entre l'association et votre bailleur "
    "sur votre dossier, et le journal des consultations. Seule exception : un compte rendu de bilan que "
    "l'association n'a pas encore partagé avec vous."
)
# What a worker reads under the note, contact attempt and diagnostic forms.
HOUSEHOLD_READS_NOTES = "Le ménage peut lire ces notes en demandant ses données."


def export_cases(user):
    """The cases whose data a household may take: its own, once its identity is confirmed."""
    return casework_perms.household_confirmed_cases(user)


def export_data(user, *, with_access_log=True):
    """Everything held about the household, section by section (registry order), ready for JSON or the PDF.
    The data page counts the sections without the access log, which it shows grouped (access_summary)."""
    cases = export_cases(user)
    sections = []
    for entry in household_data.entries():
        rows = [_row(entry, obj) for obj in entry.export_queryset(cases).order_by("pk")]
        if entry.label.lower() == "portal.user":
            continue
        sections.append({"model": entry.label, "title": entry.title, "labels": _verbose(entry), "rows": rows})
    sections.append(
        {
            "model": "portal.User",
            "title": "Votre compte",
            "labels": {},
            "rows": [
                {
                    "email": user.email,
                    "first_name": user.first_name,
                    "last_name": user.last_name,
                    "phone": getattr(user, "phone", ""),
                    "date_joined": _value(user.date_joined),
                    "identity_confirmed_at": _value(user.identity_confirmed_at),
                }
            ],
        }
    )
    sections.append({"model": "portal.Draft", "title": "Vos brouillons", "labels": {}, "rows": own_drafts(user, cases)})
    if with_access_log:
        sections.append(
            {
                "model": "portal.AuditEvent",
                "title": "Accès à votre dossier",
                "labels": ACCESS_LOG_LABELS,
                "rows": access_log(user),
            }
        )
    return {
        "generated_at": _value(timezone.now()),
        "controller": "L'association qui vous accompagne, responsable du traitement de votre dossier.",
        "sections": sections,
    }


def own_drafts(user, cases):
    """The household's own unfinished texts about its cases (a comment on minutes...), found through the drafts
    registry as the retention purge finds them (household_data.drafts_q); the workers' drafts are their work."""
    query = models.Q(pk__in=[])
    for case in cases:
        query |= household_data.drafts_q(case)
    rows = Draft.objects.filter(query, user=user).order_by("pk")
    return [{"key": draft.key, "body": draft.body, "updated_at": _value(draft.updated_at)} for draft in rows]


ACCESS_LOG_LABELS = {
    "when": "date",
    "who": "personne",
    "what": "ce qu'elle a fait",
    "is_read": "simple consultation",
    "action": "action enregistrée",
}
# Reads and changes, told apart in the household's access log: an audit action whose last word is one of these
# is a read (opening a page, downloading the minutes or a document, an export); any other action changed the file.
READ_WORDS = ("view", "read", "list", "pdf", "download", "export", "printed")


def is_read(action):
    last = action.rsplit(".", 1)[-1]
    return any(word in last for word in READ_WORDS)


def _action_label(action):
    return "a consulté votre dossier" if is_read(action) else "a modifié votre dossier"


def _access_events(user):
    """The audit events about the household's file by anyone but the household itself."""
    cases = casework_perms.household_cases(user)
    keys = [subject_key_for(case) for case in cases]
    if not keys:
        return AuditEvent.objects.none()
    own = HouseholdMember.objects.filter(household__cases__in=cases, user__isnull=False).values("user_id")
    return AuditEvent.objects.filter(subject_key__in=keys, actor__isnull=False).exclude(actor__in=own)


def _people(actor_ids):
    """{user id: « Karim Benali, association »}: the name and the kind of the organisation(s) the person is in."""
    users = User.objects.filter(pk__in=actor_ids).prefetch_related("memberships__organisation")
    people = {}
    for person in users:
        kinds = sorted({m.organisation.get_kind_display().lower() for m in person.memberships.all() if m.is_active})
        name = person.get_full_name() or person.login_label
        people[person.pk] = f"{name}, {', '.join(kinds)}" if kinds else name
    return people


def access_log(user):
    """Who at the association (or elsewhere) read or changed the household's file, one line per event (export)."""
    events = _access_events(user).select_related("actor").order_by("-created_at")[:500]
    events = list(events)
    people = _people({event.actor_id for event in events})
    return [
        {
            "when": _value(event.created_at),
            "who": people.get(event.actor_id, event.actor_label),
            "what": _action_label(event.action),
            "is_read": is_read(event.action),
            "action": event.action,
        }
        for event in events
    ]


def access_summary(user):
    """The access log grouped by person, day and kind, newest day first, for the household's phone:
    « Karim Benali, association : 12 consultations le 30/11 ». Three queries whatever the number of events."""
    rows = (
        _access_events(user)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("actor_id", "day", "action")
        .annotate(n=Count("id"), last=Max("created_at"))
    )
    groups = {}
    for row in rows:
        key = (row["day"], row["actor_id"], is_read(row["action"]))
        group = groups.setdefault(key, {"day": row["day"], "count": 0, "last": row["last"], "is_read": key[2]})
        group["count"] += row["n"]
        group["last"] = max(group["last"], row["last"])
    people = _people({actor_id for _, actor_id, _ in groups})
    summary = []
    for (_day, actor_id, read), group in groups.items():
        word = formats.count(group["count"], "consultation" if read else "modification")
        summary.append({**group, "who": people.get(actor_id, ""), "what": word})
    return sorted(summary, key=lambda g: (g["last"], g["who"]), reverse=True)


# --- retention --------------------------------------------------------------------------------------------------


def last_contact_at(case_ids):
    """{case_id: latest contact date} from the case itself, its contact attempts and the household's messages."""
    latest = {}

    def bump(case_id, when):
        if when is not None and (latest.get(case_id) is None or when > latest[case_id]):
            latest[case_id] = when

    for row in Case.objects.filter(pk__in=case_ids).values(
        "pk", "contact_established_at", "household_reached_out_at", "closed_at"
    ):
        bump(row["pk"], row["contact_established_at"])
        bump(row["pk"], row["household_reached_out_at"])
    for row in ContactAttempt.objects.filter(case_id__in=case_ids).values("case_id").annotate(last=Max("made_at")):
        bump(row["case_id"], row["last"])
    for source in household_data.ACTIVITY.values():
        for case_id, moment in source(case_ids):
            bump(case_id, moment)
    return latest


def retention_due(now=None):
    """Closed cases not yet anonymised whose closure and last contact are both 24 months old or more."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=RETENTION_DAYS)
    candidates = list(
        Case.objects.filter(closed_at__isnull=False, closed_at__lte=cutoff, anonymised_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    contacts = last_contact_at(candidates)
    return [pk for pk in candidates if contacts.get(pk) is None or contacts[pk] <= cutoff]


def _household_users(case):
    return [m.user for m in case.household.members.select_related("user") if m.user_id]


def _other_open_or_recent_cases(case):
    return Case.objects.filter(household=case.household, anonymised_at__isnull=True).exclude(pk=case.pk)


def _forget_user(user):
    """Delete a household account: its audit entries keep the action and date, not the e-mail or address."""
    from portal.accounts import end_user_sessions

    end_user_sessions(user)
    AuditEvent.objects.filter(actor=user).update(actor=None, actor_label="", ip_address=None, user_agent="")
    AuditEvent.objects.filter(object_type=user._meta.label_lower, object_id=str(user.pk)).update(extra={})
    user.delete()


@transaction.atomic
def anonymise_case(case, now=None):
    """Erase everything personal about one case, as each registered model says; keep what indicators need."""
    now = now or timezone.now()
    case = Case.objects.select_related("household", "invitation").get(pk=case.pk)
    if case.anonymised_at:
        return False
    cases = Case.objects.filter(pk=case.pk)
    Draft.objects.filter(household_data.drafts_q(case)).delete()
    household_wide = not _other_open_or_recent_cases(case).exists()
    if household_wide:
        for user in _household_users(case):
            _forget_user(user)
    invitation = case.invitation
    for entry in sorted(household_data.entries(), key=lambda e: -e.order):
        if entry.household_path and not household_wide:
            continue
        queryset = entry.queryset(cases)
        for file_field in entry.files:
            for stored in queryset.values_list(file_field, flat=True):
                if stored:
                    entry.model._meta.get_field(file_field).storage.delete(stored)
        if entry.erase == household_data.DELETE:
            queryset.delete()
        elif entry.erase == household_data.KEEP:
            continue
        elif callable(entry.erase):
            entry.erase(queryset)
        else:
            queryset.update(**entry.erase)
    if invitation is not None:
        invitation.delete()
    Case.objects.filter(pk=case.pk).update(anonymised_at=now)
    audit.record(None, "case.anonymised", case, subject=case)
    return True


def purge_contact_requests(now=None):
    """Public contact requests that never led to a case, 12 months on: the public site's own purge."""
    try:
        from home.models import purge_contact_requests as purge
    except ImportError:
        return 0
    return purge(now)


def apply_retention(now=None):
    """The cron job: idempotent. Returns what it did, as counts."""
    from casework.imports import purge_expired_rows

    now = now or timezone.now()
    counts = {"cases_anonymised": 0}
    for pk in retention_due(now):
        if anonymise_case(Case(pk=pk), now=now):
            counts["cases_anonymised"] += 1
    counts["import_rows_deleted"] = purge_expired_rows()
    counts["contact_requests_deleted"] = purge_contact_requests(now)
    return counts
