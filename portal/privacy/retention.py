"""Retention (docs/rules.md § 7): closed cases are anonymised 24 months after their closure and the household's last
contact, as each registered model says (portal.privacy.registry); each app's own time-limited purges run with it."""

import logging

from django.db import transaction
from django.utils import timezone

from portal import audit
from portal.calendar import add_months_to_instant
from portal.models import AuditEvent, Draft
from portal.privacy import registry
from portal.sessions import end_user_sessions

logger = logging.getLogger(__name__)

RETENTION_MONTHS = 24  # CNIL reference for social support, deliberation 2023-095: calendar months (portal.calendar)


def last_contact_at(case_ids):
    """{case_id: latest contact date}: the latest moment each registered source of activity knows of (the case's
    contact established and reaching out, contact attempts, the household's messages, appointments held)."""
    latest = {}
    for source in registry.ACTIVITY.values():
        for case_id, moment in source(case_ids):
            if moment is not None and (latest.get(case_id) is None or moment > latest[case_id]):
                latest[case_id] = moment
    return latest


def retention_due(now=None):
    """Closed cases not yet anonymised whose closure and last contact are both 24 months old or more."""
    now = now or timezone.now()
    cutoff = add_months_to_instant(now, -RETENTION_MONTHS)
    candidates = list(registry.cases().retention_candidates(cutoff).values_list("pk", flat=True))
    contacts = last_contact_at(candidates)
    return [pk for pk in candidates if contacts.get(pk) is None or contacts[pk] <= cutoff]


def _forget_user(user):
    """Delete a household account: its audit entries keep the action and date, not the e-mail or address."""
    end_user_sessions(user)
    AuditEvent.objects.filter(actor=user).update(actor=None, actor_label="", ip_address=None, user_agent="")
    AuditEvent.objects.filter(object_type=user._meta.label_lower, object_id=str(user.pk)).update(extra={})
    user.delete()


def _erase(entry, cases):
    """One registered model's rows of the case: their stored files, then the rows as the entry says."""
    queryset = entry.queryset(cases)
    for file_field in entry.files:
        for stored in queryset.values_list(file_field, flat=True):
            if stored:
                entry.model._meta.get_field(file_field).storage.delete(stored)
    if entry.erase == registry.DELETE:
        queryset.delete()
    elif entry.erase == registry.KEEP:
        return
    elif callable(entry.erase):
        entry.erase(queryset)
    else:
        queryset.update(**entry.erase)


@transaction.atomic
def anonymise_case(case, now=None):
    """Erase everything personal about one case (or its primary key), as each registered model says; keep what
    indicators need."""
    now = now or timezone.now()
    subject = registry.cases()
    case = subject.load(getattr(case, "pk", case))
    if case is None:
        return False
    Draft.objects.filter(registry.drafts_q(case)).delete()
    household_wide = subject.household_wide(case)
    if household_wide:
        for user in subject.household_users(case):
            _forget_user(user)
    cases = subject.queryset(case)
    for entry in sorted(registry.entries(), key=lambda e: -e.order):
        if entry.household_path and not household_wide:
            continue
        _erase(entry, cases)
    subject.finish(case, now)
    audit.record(None, "case.anonymised", case, subject=case)
    return True


def apply_retention(now=None):
    """The cron job: idempotent. Returns what it did, as counts (each registered purge under its name)."""
    now = now or timezone.now()
    counts = {"cases_anonymised": 0}
    for pk in retention_due(now):
        if anonymise_case(pk, now=now):
            counts["cases_anonymised"] += 1
    for name, purge in registry.PURGES.items():
        counts[name] = purge(now)
    return counts
