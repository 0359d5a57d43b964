"""The caseload: the association's cases, filtered by the rules of casework.deadlines, and its CSV export."""

from django.shortcuts import render
from django.utils import timezone

from casework import call_backs, capacity, forms, perms, programme_choice
from casework.enums import CaseStatus
from casework.views.common import (
    association_required,
    paginate,
    querystring_without_page,
)
from casework.views.contact_requests import scoped_requests
from portal import audit, csv_export, formats, params


def _flag_filters(request, cases):
    """The caseload's filters, each the queryset face of a rule of casework.deadlines: a case listed under a
    filter shows the matching badge, and a case showing the badge is listed."""
    today = timezone.localdate()
    days = request.GET.get("jours", "")
    if days == "alerte":
        cases = cases.in_warning(today)
    elif days == "depasse":
        cases = cases.past_deadline(today)
    elif (ahead := params.days_param(request.GET, "jours")) is not None:
        cases = cases.due_within(ahead, today)
    flag = request.GET.get("signal", "")
    if flag == "a-confirmer":
        cases = cases.to_confirm_contact()
    elif flag == "manifeste-echeance":
        cases = cases.reached_out_past_deadline(today)
    elif flag == "accompagnement-long":
        cases = cases.support_overdue()
    elif flag == "rappel-demande":
        return call_backs.only_pending(cases)
    elif flag == "liste-attente":
        cases = cases.waiting()
    return call_backs.with_pending(cases)


def _shown_cases(request):
    """The user's programmes, the one shown (casework.programme_choice) and its cases."""
    programmes = list(perms.association_programmes(request.user))
    shown = programme_choice.shown(request, programmes)
    cases = perms.association_cases(request.user).select_related(
        "household", "assigned_worker", "programme", "referral__tenancy", "terms"
    )
    return programmes, shown, programme_choice.only(cases, shown)


@association_required
def caseload(request):
    programmes, shown, cases = _shown_cases(request)
    status = request.GET.get("statut", "")
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    elif status != "tous":
        cases = cases.open()
    worker = request.GET.get("intervenant", "")
    if worker == "moi":
        cases = cases.filter(assigned_worker=request.user)
    elif worker == "personne":
        cases = cases.filter(assigned_worker__isnull=True)
    elif (worker_id := params.id_param(request.GET, "intervenant")) is not None:
        cases = cases.filter(assigned_worker_id=worker_id)
    cases = _flag_filters(request, cases).most_urgent_first()
    page = paginate(request, cases)
    association_id = programmes[0].association_id if programmes else None
    assign_form = forms.AssignForm(association_id=association_id) if association_id else None
    workers = list(assign_form.fields["worker"].queryset) if assign_form else []

    pending_requests = list(scoped_requests(request.user).filter(case__isnull=True).order_by("-created_at")[:10])
    audit.record(request, "caseload.viewed", count=len(page.object_list))
    return render(
        request,
        "casework/caseload.html",
        {
            "page": page,
            "query": querystring_without_page(request),
            "statuses": CaseStatus.choices,
            "workers": workers,
            "filters": request.GET,
            "can_assign": bool(perms.coordinator_association_ids(request.user)),
            "programmes": programmes,
            "shown": shown,
            "switcher": programme_choice.switcher(request, programmes, shown),
            "intakes": [capacity.intake(p) for p in programme_choice.among(programmes, shown)],
            "pending_requests": pending_requests,
            "today": timezone.localdate(),
        },
    )


@association_required
def caseload_csv(request):
    _, shown, cases = _shown_cases(request)
    response = csv_export.response(programme_choice.file_name("dossiers", shown))
    writer = csv_export.writer(response)
    writer.writerow(["dossier", "programme", "ménage", "commune", "statut", "intervenant", "échéance", "issue"])
    for case in cases.most_urgent_first("programme_id").iterator(chunk_size=500):
        writer.writerow(
            [
                case.pk,
                case.programme.name,
                case.household.display_name,
                case.referral.tenancy.commune,
                case.status_label,
                case.assigned_worker or "",
                case.waiting_text if case.is_waiting else formats.day(case.deadline),
                case.get_outcome_display(),
            ]
        )
    audit.record(request, "caseload.exported", programme=shown.pk if shown else None)
    return response
