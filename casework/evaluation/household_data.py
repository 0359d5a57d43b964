"""The registry of household data: every model that holds it says how it is exported and how it is erased.

The household's export (JSON and PDF) and the retention purge are both built from this registry, and
tests/evaluation/test_registry.py fails when a model with a foreign-key path to a case or a household is
neither registered nor exempted with a reason: new household data cannot be forgotten.

Each app declares its own models in its AppConfig.ready() (messaging.data_protection, appointments.data_protection;
casework's own below, from EvaluationConfig.ready()):
    household_data.register("messaging.Message", title="Messages", case_path="conversation__case")
and, when it knows of the household's activity on a case, a source for the retention clock (register_activity).
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q

from casework.perms import HOUSEHOLD_REVIEW_STATUSES
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
    period runs from the latest, casework.evaluation.privacy.retention_due)."""
    ACTIVITY[name] = source


def entries():
    return sorted(REGISTRY.values(), key=lambda e: (e.order, e.label))


def drafts_q(case):
    """Every draft written about a case, by anyone: the keys of each registered kind (portal.drafts)."""
    return Q(key__in=drafts.keys_for_case(case))


def _blank_diagnostic(queryset):
    """Only the categories of the arrears' origin stay (the evaluation's breakdown); every text goes."""
    queryset.update(
        family_account="",
        solutions_seen="",
        origin_detail="",
        rights={},
        income_lines=[],
        charge_lines=[],
        housing_adequacy="",
        housing_comment="",
        information_given=[],
        information_links="",
        notes="",
        created_by=None,
    )


def _blank_tenancy(queryset):
    # The lease reference is unique per landlord: each row gets its own placeholder.
    for tenancy in queryset.only("pk"):
        type(tenancy).objects.filter(pk=tenancy.pk).update(
            lease_reference=f"ANONYME-{tenancy.pk}", address="", postcode="", commune="", agency=""
        )


def register_defaults():
    """Casework's models (the evaluation's exemption included); the other apps register theirs in their ready()."""
    _register_people_and_cases()
    _register_support()
    exempt("casework.ProgrammeMeeting", "Notes non confidentielles par règle ; seul le lien vers le dossier est gardé.")
    exempt("evaluation.ProgrammeFunding", "Financement d'un programme : aucune donnée de ménage.")
    # A public contact request linked to the case (those never linked go after 12 months: home's own purge).
    register("home.ContactRequest", title="Demandes de contact", case_path="case", order=80)


def _register_people_and_cases():
    c = "casework."
    register(c + "Household", title="Ménage", household_path="pk", erase={"display_name": "Ménage anonymisé"}, order=1)
    register(c + "HouseholdMember", title="Personnes du ménage", household_path="household", order=2)
    register(c + "Tenancy", title="Bail", household_path="household", erase=_blank_tenancy, order=3)
    register(c + "Case", title="Dossier", case_path="pk", erase={"invitation": None, "assigned_worker": None}, order=4)
    register(
        c + "Referral",
        title="Signalement",
        case_path="case",
        erase={"landlord_attempts": "", "eligibility": {}, "exception_reason": "", "referred_by": None},
        order=5,
    )
    register(c + "TimelineEvent", title="Historique du dossier", case_path="case", erase={"detail": "", "author": None})
    register(c + "ContactAttempt", title="Prises de contact", case_path="case", erase={"note": "", "author": None})
    # Invitations and reminders: kind, channel and dates only (no text, no number); erasure unlinks the SMS record.
    register(c + "Outreach", title="Invitations et relances", case_path="case", erase={"sms": None}, exclude=("sms",))


def _register_support():
    c = "casework."
    register(c + "Diagnostic", title="Diagnostic", case_path="case", erase=_blank_diagnostic)
    register(c + "RoadmapAction", title="Carnet de route", case_path="case")
    register(c + "Handover", title="Passages de relais", case_path="case", erase={"note": ""})
    register(c + "HandoverConsent", title="Consentements", case_path="handover__case", erase={"how": ""})
    register(c + "TransferConsent", title="Accords pour la mutation", case_path="transfer__case", erase={"how": ""})
    register(
        c + "TripartiteReview",
        title="Bilans tripartites",
        case_path="case",
        export_filter=Q(status__in=HOUSEHOLD_REVIEW_STATUSES),
    )
    register(c + "ReviewParticipant", title="Participants aux bilans", case_path="review__case")
    register(c + "ReviewComment", title="Commentaires sur les comptes rendus", case_path="review__case")
    register(c + "ArrearsStatement", title="Relevés d'impayé", case_path="case", erase=KEEP)
    register(c + "RepaymentPlan", title="Plans d'apurement", case_path="case", erase=KEEP)
    register(
        c + "TransferRequest", title="Demandes de mutation", case_path="case", erase={"note": "", "wished_communes": ""}
    )
    register(c + "ArrearsImportRow", title="Lignes d'import du bailleur", case_path="case")
    register(c + "CaseNote", title="Notes de l'association", case_path="case")
