"""Data protection, in one place: the registry of household data (registry.py), the household's export and access
log (export.py) and retention (retention.py). No model, and no app below: each app registers its own models, its
activity and its purges from its AppConfig.ready(), and casework tells how to reach the cases (register_cases).

The public names are re-exported here (`from portal import privacy`; `privacy.apply_retention()`...)."""

from portal.privacy.export import (
    ACCESS_LOG_LABELS,
    HOUSEHOLD_DATA_RULE,
    HOUSEHOLD_READS_NOTES,
    access_log,
    access_summary,
    export_cases,
    export_data,
    is_read,
    own_drafts,
)
from portal.privacy.retention import (
    RETENTION_MONTHS,
    anonymise_case,
    apply_retention,
    last_contact_at,
    retention_due,
)

__all__ = [
    "ACCESS_LOG_LABELS",
    "HOUSEHOLD_DATA_RULE",
    "HOUSEHOLD_READS_NOTES",
    "RETENTION_MONTHS",
    "access_log",
    "access_summary",
    "anonymise_case",
    "apply_retention",
    "export_cases",
    "export_data",
    "is_read",
    "last_contact_at",
    "own_drafts",
    "retention_due",
]
