"""The landlord referent's pages: referral, import, dashboard and case page — the landlord column only.

Every queryset comes from casework.perms' landlord_* functions: the timeline, attempts, diagnostic, notes,
carnet de route, handovers and draft minutes are never loaded here.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from casework import arrears, capacity, eligibility, forms, imports, perms, programme_choice, services, transfers
from casework.enums import CaseStatus, ImportStatus
from casework.models import ArrearsImport
from casework.pdf import letter_response, review_pdf_response
from casework.views.association.plans import post_plan
from casework.views.common import landlord_required, paginate, querystring_without_page
from portal import audit, csv_export, formats, params
from portal.enums import Party


def _landlord_cases(request):
    user = request.user
    return (
        perms.landlord_cases(user)
        .select_related("household", "referral__tenancy", "programme", "terms")
        .prefetch_related(
            Prefetch("arrears_statements", queryset=perms.landlord_statements(user).order_by("-statement_date")),
            Prefetch("repayment_plans", queryset=perms.landlord_plans(user)),
            Prefetch("reviews", queryset=perms.landlord_meetings(user).with_appointment(), to_attr="attended"),
            Prefetch("reviews", queryset=perms.landlord_reviews(user).with_appointment(), to_attr="validated"),
        )
    )


def _annotate(case):
    statements = list(case.arrears_statements.all())
    case.last_statement = statements[0] if statements else None
    case.plan = arrears.plans_in_force(case.repayment_plans.all()).get(case.pk)
    case.plan_status = case.plan.evaluate(statements) if case.plan else None
    # By their appointments' dates (the database orders by no column of the review's own), undated ones last.
    case.attended.sort(key=lambda r: (r.scheduled_at is None, r.scheduled_at or r.created_at, r.pk))
    case.validated.sort(key=lambda r: (r.scheduled_at is not None, r.scheduled_at or r.created_at, r.pk), reverse=True)
    now = timezone.now()
    case.next_meeting = next((r for r in case.attended if r.scheduled_at and r.scheduled_at >= now), None)
    return case


def _case(request, pk):
    return _annotate(get_object_or_404(_landlord_cases(request), pk=pk))


def _full_programmes(programmes):
    """Those of `programmes` past their yearly capacity (casework.capacity): a new referral waits."""
    return [programme for programme in programmes if capacity.is_full(programme)]


def _shown(request):
    """The landlord's programmes and the one shown (casework.programme_choice)."""
    programmes = list(perms.landlord_programmes(request.user))
    return programmes, programme_choice.shown(request, programmes)


@landlord_required
def dashboard(request):
    programmes, shown = _shown(request)
    cases = programme_choice.only(_landlord_cases(request), shown)
    status = request.GET.get("statut", "")
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    elif status != "tous":
        cases = cases.open()
    days = request.GET.get("jours", "")
    if days == "alerte":
        cases = cases.in_warning()
    elif (ahead := params.days_param(request.GET, "jours")) is not None:
        cases = cases.due_within(ahead)
    page = paginate(request, cases.most_urgent_first())
    for case in page.object_list:
        _annotate(case)
    return render(
        request,
        "casework/landlord_dashboard.html",
        {
            "page": page,
            "query": querystring_without_page(request),
            "statuses": CaseStatus.choices,
            "filters": request.GET,
            "full_programmes": _full_programmes(programme_choice.among(programmes, shown)),
            "shown": shown,
            "switcher": programme_choice.switcher(request, programmes, shown),
        },
    )


@landlord_required
def export_csv(request):
    _, shown = _shown(request)
    response = csv_export.response(programme_choice.file_name("signalements", shown))
    writer = csv_export.writer(response)
    writer.writerow(
        [
            "bail",
            "programme",
            "ménage",
            "signalé le",
            "statut",
            "échéance",
            "contact établi",
            "dernier solde",
            "plan",
            "issue",
        ]
    )
    cases = programme_choice.only(_landlord_cases(request), shown).most_urgent_first("programme_id")
    for case in cases:
        _annotate(case)
        writer.writerow(
            [
                case.referral.tenancy.lease_reference,
                case.programme.name,
                case.household.display_name,
                formats.day(case.referral.referred_on),
                case.status_label,
                case.waiting_text if case.is_waiting else formats.day(case.deadline),
                case.contact_state.label,
                formats.amount(case.last_statement.balance) if case.last_statement else "",
                case.plan_status.label if case.plan_status else "",
                case.landlord_outcome,
            ]
        )
    audit.record(request, "landlord.exported", programme=shown.pk if shown else None)
    return response


@landlord_required
def case_detail(request, pk):
    return case_page(request, _case(request, pk))


def case_page(request, case, **refused):
    """The landlord's case page; `refused`: the form just refused (`plan_form=form`…), shown bound with its values
    and errors."""
    audit.record(request, "case.viewed_by_landlord", case, subject=case)
    return render(
        request,
        "casework/landlord_case.html",
        {
            "case": case,
            "referral": case.referral,
            "tenancy": case.referral.tenancy,
            "statements": list(case.arrears_statements.all()),
            "transfers": transfers.landlord_rows(perms.landlord_transfers(request.user).filter(case=case)),
            "statement_form": forms.ArrearsStatementForm(prefix="statement"),
            "plan_form": forms.RepaymentPlanForm(prefix="plan"),
            "can_print": bool(
                case.invitation_id
                and case.invitation.is_usable
                and not case.referral.awaiting_acceptance
                and not case.is_waiting
            ),
            **refused,
        },
    )


@landlord_required
def add_statement(request, pk):
    case = _case(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = forms.ArrearsStatementForm(request.POST, prefix="statement")
    if not form.is_valid():
        return case_page(request, case, statement_form=form)
    data = form.cleaned_data
    arrears.record_statement(case, data["statement_date"], data["balance"], request.user, request=request)
    messages.success(request, "Relevé enregistré.")
    return redirect("casework:landlord_case", pk=case.pk)


@landlord_required
def add_plan(request, pk):
    case = _case(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    refused = post_plan(request, case, party=Party.LANDLORD)
    if refused is not None:
        return case_page(request, case, plan_form=refused)
    return redirect("casework:landlord_case", pk=case.pk)


@landlord_required
def letter_pdf(request, pk):
    case = _case(request, pk)
    if case.referral.awaiting_acceptance:
        raise Http404
    return letter_response(request, case)


@landlord_required
def review_detail(request, pk):
    review = get_object_or_404(
        perms.landlord_reviews(request.user).select_related("case__household").with_appointment(), pk=pk
    )
    audit.record(request, "review.viewed_by_landlord", review, subject=review.case)
    return render(
        request, "casework/landlord_review.html", {"review": review, "participants": list(review.participants.all())}
    )


@landlord_required
def review_pdf(request, pk):
    review = get_object_or_404(perms.landlord_reviews(request.user).select_related("case__programme"), pk=pk)
    return review_pdf_response(request, review)


def _criteria_context(criteria):
    return {"criteria": criteria, "criteria_met": bool(criteria) and eligibility.all_met(criteria)}


def _referral_page(request, form):
    return render(
        request,
        "casework/referral_form.html",
        {
            "form": form,
            "criteria_fields": " ".join(forms.CRITERIA_FIELDS),
            "full_programmes": _full_programmes(perms.landlord_programmes(request.user)),
            **_criteria_context(form.shown_criteria()),
        },
    )


def _programme_shown(request, programmes):
    """A new referral or import starts on the programme the landlord is looking at (casework.programme_choice);
    none in the combined view of several, where the form asks which."""
    shown = programme_choice.shown(request, programmes)
    return {"programme": shown} if shown is not None else None


@landlord_required
def referral_new(request):
    programmes = perms.landlord_programmes(request.user)
    form = forms.ReferralForm(
        request.POST or None, programmes=programmes, initial=_programme_shown(request, programmes)
    )
    if request.method == "POST" and form.is_valid() and "check" not in request.POST:
        data = form.cleaned_data
        if services.open_case_for_lease(data["programme"].landlord, data["lease_reference"]):
            form.add_error("lease_reference", "Ce bail a déjà un dossier ouvert dans le programme.")
        else:
            details = services.NewReferral.from_form(data, criteria=form.criteria)
            case = services.create_referral(data["programme"], request.user, details, request=request)
            if case.is_waiting:
                messages.warning(request, f"Programme complet : signalement enregistré. {case.waiting_text}.")
            elif form.eligible:
                messages.success(request, "Ménage signalé. Imprimez le courrier et envoyez-le au ménage.")
            else:
                messages.warning(
                    request,
                    "Signalement hors critères enregistré : la coordinatrice de l'association doit l'accepter "
                    "avant l'envoi du courrier.",
                )
            return redirect("casework:landlord_case", pk=case.pk)
    return _referral_page(request, form)


@landlord_required
@require_GET
def referral_criteria(request):
    """The criteria list alone (an HTML fragment), for the values typed so far: the referral page's script asks
    for it as the fields change, so the rule is only ever the server's (casework.eligibility). Reads only the
    fields the rule needs; a value that cannot be read counts as not given; another landlord's programme: 404."""
    programmes = perms.landlord_programmes(request.user)
    values = {name: request.GET[name] for name in forms.CRITERIA_FIELDS if name in request.GET}
    if not values.get("programme"):  # none chosen yet among several: the list asks for one
        values.pop("programme", None)
    if "programme" not in values and len(programmes) == 1:
        values["programme"] = programmes[0].pk
    form = forms.ReferralForm(values, programmes=programmes)
    form.is_valid()
    if "programme" in values and "programme" in form.errors:
        raise Http404
    response = render(request, "casework/includes/referral_criteria.html", _criteria_context(form.criteria))
    response["Cache-Control"] = "private, no-store"
    return response


@landlord_required
def import_new(request):
    programmes = perms.landlord_programmes(request.user)
    form = forms.ImportForm(
        request.POST or None,
        request.FILES or None,
        programmes=programmes,
        initial=_programme_shown(request, programmes),
    )
    errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            arrears_import = imports.import_file(
                form.cleaned_data["programme"], request.user, upload.name, upload.read(), request=request
            )
            messages.success(request, f"Fichier importé : {arrears_import.row_count} ligne(s).")
            return redirect("casework:import_detail", pk=arrears_import.pk)
        except imports.ImportRefused as refused:
            errors = refused.errors
            audit.record(request, "arrears_import.refused", errors=len(errors))
    recent = ArrearsImport.objects.filter(programme__in=programmes).order_by("-uploaded_at")[:10]
    return render(
        request,
        "casework/import_form.html",
        {"form": form, "errors": errors, "columns": imports.COLUMNS, "recent": recent},
    )


@landlord_required
def import_template(request):
    response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-extraction.csv"'
    return response


@landlord_required
def import_detail(request, pk):
    arrears_import = get_object_or_404(
        ArrearsImport.objects.filter(programme__in=perms.landlord_programmes(request.user)).select_related("programme"),
        pk=pk,
    )
    rows = list(arrears_import.rows.all())
    eligible = [r for r in rows if r.is_eligible and r.case_id is None]
    if request.method == "POST":
        if arrears_import.status == ImportStatus.DECIDED:
            messages.info(request, "La décision est déjà prise pour cet import.")
            return redirect("casework:import_detail", pk=pk)
        chosen = {int(v) for v in request.POST.getlist("rows") if v.isdigit()}
        referred, deleted = imports.refer_chosen(arrears_import, [r for r in eligible if r.pk in chosen], request)
        messages.success(
            request,
            f"{referred} ménage(s) signalé(s). {deleted} ligne(s) de ménages non signalés supprimée(s).",
        )
        return redirect("casework:landlord_dashboard")
    return render(
        request, "casework/import_detail.html", {"arrears_import": arrears_import, "rows": rows, "eligible": eligible}
    )
