"""The registry of household data: every model that holds it says how it is exported and how it is erased.

The household's export (JSON and PDF, portal.privacy.export) and the retention purge (portal.privacy.retention) are
both built from this registry, and tests/evaluation/test_registry.py fails when a model with a foreign-key path to
a case or a household is neither registered nor exempted with a reason: new household data cannot be forgotten.

The registry knows no app: each app declares its own models from its AppConfig.ready() (casework.data_protection,
messaging.data_protection, appointments.data_protection, evaluation and home in their apps.py):
    registry.register("messaging.Message", title="Messages", case_path="conversation__case")
and, when it knows of the household's activity on a case, a source for the retention clock (register_activity),
and its own time-limited purges (register_purge). The app that owns the cases says how to reach them
(register_cases: casework.data_protection.CaseSubject).
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q

from portal import drafts

DELETE = "delete"
KEEP = "keep"


@dataclass
class Entry:
    """How one model's household rows are found, exported and erased.

    case_path / household_path: the lookup from the model to casework.Case / casework.Household ("pk" for the
    model itself). erase: DELETE, KEEP (nothing personal left once linked rows are gone), a dict of field values
    to set, or a callable(queryset). files: file fields whose stored files go with the row (and into the export).
    """

    label: str
    title: str
    case_path: str | None = None
    household_path: str | None = None
    erase: object = DELETE
    files: tuple = ()
    exclude: tuple = ()
    order: int = 50
    # Rows of the export only (never of the erasure): the household's data rule's one exception, minutes not shared.
    export_filter: object = None

    @property
    def model(self):
        return apps.get_model(self.label)

    def queryset(self, cases):
        model = self.model
        if self.case_path:
            lookup = "pk__in" if self.case_path == "pk" else f"{self.case_path}__in"
            return model.objects.filter(**{lookup: cases.values("pk")})
        households = cases.values("household_id")
        lookup = "pk__in" if self.household_path == "pk" else f"{self.household_path}__in"
        return model.objects.filter(**{lookup: households})

    def export_queryset(self, cases):
        queryset = self.queryset(cases)
        return queryset.filter(self.export_filter) if self.export_filter is not None else queryset


REGISTRY: dict[str, Entry] = {}
EXEMPT: dict[str, str] = {}
ACTIVITY: dict[str, object] = {}
PURGES: dict[str, object] = {}
_CASES = []


def register(
    label,
    *,
    title,
    case_path=None,
    household_path=None,
    erase=DELETE,
    files=(),
    exclude=(),
    order=50,
    export_filter=None,
):
    if not (case_path or household_path):
        raise ValueError(f"{label}: give case_path or household_path")
    REGISTRY[label.lower()] = Entry(
        label, title, case_path, household_path, erase, tuple(files), tuple(exclude), order, export_filter
    )


def exempt(label, reason):
    """A model linked to cases that holds no household data (say why)."""
    EXEMPT[label.lower()] = reason


def register_activity(name, source):
    """source(case_ids) → (case_id, moment) pairs: the household's activity an app records on cases (the retention
    period runs from the latest, portal.privacy.retention.retention_due)."""
    ACTIVITY[name] = source


def register_purge(name, purge):
    """purge(now) → how many rows it deleted: an app's own time-limited data outside the cases (rows of an import
    never referred, contact requests never linked). apply_retention runs each and reports it under this name."""
    PURGES[name] = purge


def register_cases(subject):
    """The app that owns the cases tells the registry how to reach them: an object with the methods of
    casework.data_protection.CaseSubject (household_cases, exportable_cases, household_user_ids,
    retention_candidates, load, household_users, household_wide, finish). One owner only."""
    _CASES[:] = [subject]


def cases():
    if not _CASES:
        raise LookupError("No app has registered the cases (portal.privacy.registry.register_cases).")
    return _CASES[0]


def entries():
    return sorted(REGISTRY.values(), key=lambda e: (e.order, e.label))


def drafts_q(case):
    """Every draft written about a case, by anyone: the keys of each registered kind (portal.drafts)."""
    return Q(key__in=drafts.keys_for_case(case))
