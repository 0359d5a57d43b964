"""The household's rights over its data (access, export, access log), built from the registry (RGPD art. 15)."""

import base64
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.db.models import Count, Max
from django.db.models.functions import TruncDate
from django.utils import timezone

from portal import formats
from portal.audit import subject_key_for
from portal.models import AuditEvent, Draft, User
from portal.privacy import registry

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
    return registry.cases().exportable_cases(user)


def export_data(user, *, with_access_log=True):
    """Everything held about the household, section by section (registry order), ready for JSON or the PDF.
    The data page counts the sections without the access log, which it shows grouped (access_summary)."""
    cases = export_cases(user)
    sections = []
    for entry in registry.entries():
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
    registry as the retention purge finds them (registry.drafts_q); the workers' drafts are their work."""
    query = models.Q(pk__in=[])
    for case in cases:
        query |= registry.drafts_q(case)
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
    subject = registry.cases()
    cases = subject.household_cases(user)
    keys = [subject_key_for(case) for case in cases]
    if not keys:
        return AuditEvent.objects.none()
    own = subject.household_user_ids(cases)
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
