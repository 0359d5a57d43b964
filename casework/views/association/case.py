"""The case page and what changes the case itself: status, assignment, contact attempts, notes, closing, reopening."""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from casework import arrears, call_backs, forms, hub, outreach, perms, services, workflow
from casework.enums import CaseStatus
from casework.models import Diagnostic
from casework.views.association.base import case_or_404, to_case
from casework.views.common import (
    association_required,
    coordinator_required,
)
from portal import audit, drafts, sms_optout

STATUS_ACTIONS = {
    CaseStatus.CONTACTING: ("Passer en prise de contact", workflow.start_contacting),
    CaseStatus.CONTACT_ESTABLISHED: ("Confirmer le contact établi", workflow.establish_contact),
    CaseStatus.ASSESSMENT: ("Commencer le diagnostic", workflow.start_assessment),
    CaseStatus.SUPPORT: ("Passer en accompagnement", workflow.start_support),
}


def outreach_context(case):
    """The invitations block of the case page: can one be sent, and « STOP reçu le … » while a STOP holds."""
    numbers, _ = outreach.contacts(case)
    return {"can_invite": outreach.can_invite(case), "sms_stopped_at": sms_optout.stopped_at(numbers)}


def hub_context(request, case, *, members, reviews, plans, call_back_requested):
    """The case page's header and links (casework.hub): the next appointment, the threads with their unread
    counts, the handovers' state, and the sections open where work is due."""
    return {
        "next_appointment": hub.next_appointment(case),
        "links": hub.links(request.user, case),
        "open": hub.open_sections(
            case, members=members, review_list=reviews, plans=plans, call_back_requested=call_back_requested
        ),
    }


@association_required
def case_detail(request, pk):
    return case_page(request, case_or_404(request, pk))


def case_page(request, case, **refused):
    """The case page. `refused`: the form the user just sent and the page refused, by its name here
    (`attempt_form=form`…), shown bound — every value kept, each error next to its field (status 200, as
    Django's own form views answer a refused form)."""
    audit.record(request, "case.viewed", case, subject=case)
    reviews = list(case.reviews.with_appointment().prefetch_related("participants"))
    plans = list(case.repayment_plans.all())
    statements = list(case.arrears_statements.all())
    current, today = arrears.plans_in_force(plans).get(case.pk), timezone.localdate()
    for plan in plans:
        plan.current_status, plan.in_force = plan.evaluate(statements), plan is current
        plan.superseded = plan is not current and plan.start_date <= today
    next_statuses = [
        (status, label) for status, (label, _) in STATUS_ACTIONS.items() if workflow.can_transition(case, status)
    ]
    association_id = case.programme.association_id
    members = list(case.household.members.select_related("user"))
    call_back_requested = call_backs.pending(case)
    return render(
        request,
        "casework/case_detail.html",
        {
            "case": case,
            **hub_context(
                request, case, members=members, reviews=reviews, plans=plans, call_back_requested=call_back_requested
            ),
            "call_back_requested": call_back_requested,
            "tenancy": case.referral.tenancy,
            "referral": case.referral,
            "members": members,
            "attempts": list(case.contact_attempts.select_related("author", "outreach__sms")[:50]),
            **outreach_context(case),
            "timeline": list(case.timeline.select_related("author")[:100]),
            "notes": list(case.notes.select_related("author")[:50]),
            "diagnostic": Diagnostic.objects.filter(case=case).first(),
            "roadmap": list(case.roadmap.select_related("guide_page")),
            "handovers": list(case.handovers.select_related("partner").with_appointment()),
            "reviews": reviews,
            "plans": plans,
            "statements": statements,
            "transfers": list(case.transfer_requests.all()),
            "next_statuses": next_statuses,
            "can_close": workflow.can_transition(case, CaseStatus.CLOSED),
            "can_coordinate": perms.can_coordinate(request.user, case),
            "attempt_form": forms.ContactAttemptForm(),
            "assign_form": forms.AssignForm(association_id=association_id, initial={"worker": case.assigned_worker_id}),
            "note_form": forms.NoteForm(initial={"body": drafts.load(request.user, drafts.key("note", case.pk))}),
            "roadmap_form": forms.RoadmapActionForm(prefix="action"),
            "transfer_form": forms.TransferRequestForm(prefix="transfer"),
            "plan_form": forms.RepaymentPlanForm(prefix="plan"),
            "identity_form": forms.ConfirmIdentityForm(),
            "draft_key": drafts.key("note", case.pk),
            **refused,
        },
    )


@association_required
def change_status(request, pk):
    case = case_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    target = request.POST.get("to", "")
    if target not in STATUS_ACTIONS:
        raise Http404
    try:
        STATUS_ACTIONS[target][1](case, request)
        messages.success(request, f"Dossier passé à « {case.get_status_display()} ».")
    except workflow.TransitionError as error:
        messages.error(request, str(error))
    return to_case(case)


@association_required
def assign(request, pk):
    case = case_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not perms.can_assign(request.user, case):
        raise Http404
    form = forms.AssignForm(request.POST, association_id=case.programme.association_id)
    if not form.is_valid():
        return case_page(request, case, assign_form=form)
    services.assign(case, form.cleaned_data["worker"], request.user, request=request)
    messages.success(request, "Attribution enregistrée.")
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith("/partenaires/")
        else reverse("casework:case_detail", args=[case.pk])
    )


@association_required
def take_case(request, pk):
    """« M'attribuer » : an unassigned open case of the user's association."""
    case = case_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.take(case, request.user, request=request)
        messages.success(request, "Le dossier vous est attribué.")
    except services.AssignmentError as error:
        messages.error(request, str(error))
    return to_case(case)


@association_required
def log_attempt(request, pk):
    case = case_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = forms.ContactAttemptForm(request.POST)
    if not form.is_valid():
        return case_page(request, case, attempt_form=form)
    established, refused = services.record_attempt(case, form.save(commit=False), request, request=request)
    if refused:
        messages.warning(request, f"Tentative enregistrée. {refused}")
    elif established:
        messages.success(request, "Tentative enregistrée : le contact est établi.")
    else:
        messages.success(request, "Tentative enregistrée.")
    return to_case(case, "contact")


@association_required
def add_note(request, pk):
    case = case_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    key = drafts.key("note", case.pk)
    if "save_draft" in request.POST:
        drafts.save(request.user, key, request.POST.get("body", ""))
        messages.success(request, "Brouillon enregistré.")
        return to_case(case, "notes")
    form = forms.NoteForm(request.POST)
    if not form.is_valid():
        drafts.save(request.user, key, request.POST.get("body", ""))
        return case_page(request, case, note_form=form)
    services.add_note(case, form.cleaned_data["body"], request.user, request=request)
    drafts.clear(request.user, key)
    messages.success(request, "Note enregistrée.")
    return to_case(case, "notes")


@association_required
def close_case(request, pk):
    case = case_or_404(request, pk)
    form = forms.CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        closed_at = (
            timezone.make_aware(timezone.datetime.combine(data["closed_on"], timezone.localtime().time()))
            if data["closed_on"] != timezone.localdate()
            else None
        )
        try:
            workflow.close(
                case,
                request,
                data["outcome"],
                dialogue_restored=data["dialogue_restored"],
                orientation_scheme=data.get("orientation_scheme", ""),
                closed_at=closed_at,
            )
            messages.success(request, "Le dossier est clos.")
            return to_case(case)
        except workflow.TransitionError as error:
            form.add_error(None, str(error))
    return render(request, "casework/case_close.html", {"case": case, "form": form})


@coordinator_required
def reopen_case(request, pk):
    case = case_or_404(request, pk)
    if not perms.can_reopen(request.user, case):
        raise Http404
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.reopen(case, request, form.cleaned_data["reason"])
            messages.success(request, "Dossier rouvert ; le bailleur est informé.")
            return to_case(case)
        except workflow.TransitionError as error:
            form.add_error(None, str(error))
    return render(request, "casework/case_reopen.html", {"case": case, "form": form})
