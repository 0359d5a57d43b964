"""Casework's household data, declared to the registry (portal.privacy.registry) from CaseworkConfig.ready():
its models and how each is exported and erased, how the registry reaches the cases (CaseSubject), the household's
activity that the retention clock runs from, and the purges of import rows never referred and of contact requests
never linked to a case."""

from django.db.models import Max, Q

from casework import call_backs, imports, perms
from casework.models import Case, ContactAttempt, HouseholdMember
from portal.privacy import registry


class CaseSubject:
    """The cases, the unit of export and retention, as portal.privacy reaches them (registry.register_cases)."""

    label = "casework.Case"

    def household_cases(self, user):
        """Every case of the household's account (its access log)."""
        return perms.household_cases(user)

    def exportable_cases(self, user):
        """The cases whose data a household may take: its own, once its identity is confirmed."""
        return perms.household_confirmed_cases(user)

    def household_user_ids(self, cases):
        """The accounts of the households of these cases (their own reads are not in their access log)."""
        return HouseholdMember.objects.filter(household__cases__in=cases, user__isnull=False).values("user_id")

    def retention_candidates(self, cutoff):
        """Closed cases not yet anonymised whose closure is at or before the cutoff."""
        return Case.objects.filter(closed_at__isnull=False, closed_at__lte=cutoff, anonymised_at__isnull=True)

    def load(self, pk):
        """The case to anonymise, None when it already is."""
        case = Case.objects.select_related("household", "invitation").get(pk=pk)
        return None if case.anonymised_at else case

    def queryset(self, case):
        return Case.objects.filter(pk=case.pk)

    def household_users(self, case):
        return [m.user for m in case.household.members.select_related("user") if m.user_id]

    def household_wide(self, case):
        """The household's own data goes only with its last case not yet anonymised."""
        return (
            not Case.objects.filter(household=case.household, anonymised_at__isnull=True).exclude(pk=case.pk).exists()
        )

    def finish(self, case, now):
        """After every registered model is erased: the invitation goes and the case is marked anonymised."""
        if case.invitation is not None:
            case.invitation.delete()
        Case.objects.filter(pk=case.pk).update(anonymised_at=now)


def case_contacts(case_ids):
    """The contact established with the household and its reaching out, as the case records them."""
    pairs = []
    for row in Case.objects.filter(pk__in=case_ids).values("pk", "contact_established_at", "household_reached_out_at"):
        pairs += [(row["pk"], row["contact_established_at"]), (row["pk"], row["household_reached_out_at"])]
    return pairs


def contact_attempts(case_ids):
    rows = ContactAttempt.objects.filter(case_id__in=case_ids).values("case_id").annotate(last=Max("made_at"))
    return [(row["case_id"], row["last"]) for row in rows]


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


def register():
    """Casework's models, the cases themselves, the activity it records and its import rows' purge."""
    _register_people_and_cases()
    _register_support()
    registry.exempt(
        "casework.ProgrammeMeeting", "Notes non confidentielles par règle ; seul le lien vers le dossier est gardé."
    )
    registry.register_cases(CaseSubject())
    registry.register_activity("casework.Case", case_contacts)
    registry.register_activity("casework.ContactAttempt", contact_attempts)
    registry.register_purge("import_rows_deleted", imports.purge_expired_rows)
    # A contact request linked to a case goes with it; one never linked goes after 12 months (its own purge).
    registry.register("casework.ContactRequest", title="Demandes de contact", case_path="case", order=80)
    registry.register_purge("contact_requests_deleted", call_backs.purge_contact_requests)


def _register_people_and_cases():
    c, r = "casework.", registry.register
    r(c + "Household", title="Ménage", household_path="pk", erase={"display_name": "Ménage anonymisé"}, order=1)
    r(c + "HouseholdMember", title="Personnes du ménage", household_path="household", order=2)
    r(c + "Tenancy", title="Bail", household_path="household", erase=_blank_tenancy, order=3)
    r(c + "Case", title="Dossier", case_path="pk", erase={"invitation": None, "assigned_worker": None}, order=4)
    r(
        c + "Referral",
        title="Signalement",
        case_path="case",
        erase={"landlord_attempts": "", "eligibility": {}, "exception_reason": "", "referred_by": None},
        order=5,
    )
    r(c + "TimelineEvent", title="Historique du dossier", case_path="case", erase={"detail": "", "author": None})
    r(c + "ContactAttempt", title="Prises de contact", case_path="case", erase={"note": "", "author": None})
    # Invitations and reminders: kind, channel and dates only (no text, no number); erasure unlinks the SMS record.
    r(c + "Outreach", title="Invitations et relances", case_path="case", erase={"sms": None}, exclude=("sms",))


def _register_support():
    c, r = "casework.", registry.register
    r(c + "Diagnostic", title="Diagnostic", case_path="case", erase=_blank_diagnostic)
    r(c + "RoadmapAction", title="Carnet de route", case_path="case")
    r(c + "Handover", title="Passages de relais", case_path="case", erase={"note": ""})
    r(c + "HandoverConsent", title="Consentements", case_path="handover__case", erase={"how": ""})
    r(c + "TransferConsent", title="Accords pour la mutation", case_path="transfer__case", erase={"how": ""})
    r(
        c + "TripartiteReview",
        title="Bilans tripartites",
        case_path="case",
        export_filter=Q(status__in=perms.HOUSEHOLD_REVIEW_STATUSES),
    )
    r(c + "ReviewParticipant", title="Participants aux bilans", case_path="review__case")
    r(c + "ReviewComment", title="Commentaires sur les comptes rendus", case_path="review__case")
    r(c + "ArrearsStatement", title="Relevés d'impayé", case_path="case", erase=registry.KEEP)
    r(c + "RepaymentPlan", title="Plans d'apurement", case_path="case", erase=registry.KEEP)
    r(c + "TransferRequest", title="Demandes de mutation", case_path="case", erase={"note": "", "wished_communes": ""})
    r(c + "ArrearsImportRow", title="Lignes d'import du bailleur", case_path="case")
    r(c + "CaseNote", title="Notes de l'association", case_path="case")
