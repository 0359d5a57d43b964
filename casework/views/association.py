"""The association's pages: caseload, case page and everything done from it. Every read is audited."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from casework import arrears, draft_kinds, forms, handovers, outreach, perms, reviews, services, workflow
from casework.enums import CaseStatus, ContactOutcome, ReviewStatus, Right
from casework.models import CaseNote, Diagnostic, TripartiteReview
from casework.pdf import invitation_url, pdf_response, qr_svg
from casework.views.common import (
    association_required,
    coordinator_required,
    paginate,
    querystring_without_page,
)
from portal import audit, csv_export, drafts, formats, params, sms_optout

STATUS_ACTIONS = {
    CaseStatus.CONTACTING: ("Passer en prise de contact", workflow.start_contacting),
    CaseStatus.CONTACT_ESTABLISHED: ("Confirmer le contact établi", workflow.establish_contact),
    CaseStatus.ASSESSMENT: ("Commencer le diagnostic", workflow.start_assessment),
    CaseStatus.SUPPORT: ("Passer en accompagnement", workflow.start_support),
}


def _case(request, pk):
    return get_object_or_404(
        perms.association_cases(request.user).select_related(
            "programme__association",
            "programme__landlord",
            "household",
            "referral__tenancy",
            "assigned_worker",
            "invitation",
        ),
        pk=pk,
    )


def booking_url(case, *, review=None, handover=None):
    """The staff booking form with this review or this joint interview preselected."""
    query = f"?bilan={review.pk}" if review is not None else f"?relais={handover.pk}"
    return reverse("appointments:staff_new", args=[case.pk]) + query


def _to_case(case, anchor=""):
    return redirect(reverse("casework:case_detail", args=[case.pk]) + (f"#{anchor}" if anchor else ""))


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
        cases = cases.awaiting_contact().filter(deadline__lte=today + timedelta(days=ahead))
    flag = request.GET.get("signal", "")
    if flag == "a-confirmer":
        cases = cases.to_confirm_contact()
    elif flag == "manifeste-echeance":
        cases = cases.reached_out_past_deadline(today)
    elif flag == "accompagnement-long":
        cases = cases.support_overdue()
    return cases


@association_required
def caseload(request):
    programmes = list(perms.association_programmes(request.user))
    cases = perms.association_cases(request.user).select_related(
        "household", "assigned_worker", "programme", "referral__tenancy"
    )
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
    cases = _flag_filters(request, cases).order_by("deadline", "pk")
    page = paginate(request, cases)
    association_id = programmes[0].association_id if programmes else None
    assign_form = forms.AssignForm(association_id=association_id) if association_id else None
    workers = list(assign_form.fields["worker"].queryset) if assign_form else []
    from casework.views.contact_requests import scoped_requests

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
            "pending_requests": pending_requests,
            "today": timezone.localdate(),
        },
    )


@association_required
def caseload_csv(request):
    cases = perms.association_cases(request.user).select_related(
        "household", "assigned_worker", "programme", "referral__tenancy"
    )
    response = csv_export.response("dossiers.csv")
    writer = csv_export.writer(response)
    writer.writerow(["dossier", "ménage", "commune", "statut", "intervenant", "échéance", "issue"])
    for case in cases.iterator(chunk_size=500):
        writer.writerow(
            [
                case.pk,
                case.household.display_name,
                case.referral.tenancy.commune,
                case.status_label,
                case.assigned_worker or "",
                formats.day(case.deadline),
                case.get_outcome_display(),
            ]
        )
    audit.record(request, "caseload.exported")
    return response


def outreach_context(case):
    """The invitations block of the case page: can one be sent, and « STOP reçu le … » while a STOP holds."""
    numbers, _ = outreach.contacts(case)
    return {"can_invite": outreach.can_invite(case), "sms_stopped_at": sms_optout.stopped_at(numbers)}


@association_required
def case_detail(request, pk):
    case = _case(request, pk)
    audit.record(request, "case.viewed", case, subject=case)
    reviews = list(case.reviews.with_appointment().prefetch_related("participants"))
    plans = list(case.repayment_plans.all())
    statements = list(case.arrears_statements.all())
    for plan in plans:
        plan.current_status = plan.evaluate(statements)
    next_statuses = [
        (status, label) for status, (label, _) in STATUS_ACTIONS.items() if workflow.can_transition(case, status)
    ]
    association_id = case.programme.association_id
    return render(
        request,
        "casework/case_detail.html",
        {
            "case": case,
            "tenancy": case.referral.tenancy,
            "referral": case.referral,
            "members": list(case.household.members.select_related("user")),
            "attempts": list(case.contact_attempts.select_related("author", "outreach__sms")[:50]),
            **outreach_context(case),
            "timeline": list(case.timeline.select_related("author")[:100]),
            "notes": list(case.notes.select_related("author")[:50]),
            "diagnostic": Diagnostic.objects.filter(case=case).first(),
            "roadmap": list(case.roadmap.all()),
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
        },
    )


@association_required
def change_status(request, pk):
    case = _case(request, pk)
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
    return _to_case(case)


@association_required
def assign(request, pk):
    case = _case(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not perms.can_assign(request.user, case):
        raise Http404
    form = forms.AssignForm(request.POST, association_id=case.programme.association_id)
    if form.is_valid():
        services.assign(case, form.cleaned_data["worker"], request.user, request=request)
        messages.success(request, "Attribution enregistrée.")
    else:
        messages.error(request, "Choisissez un membre de l'association.")
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith("/partenaires/")
        else reverse("casework:case_detail", args=[case.pk])
    )


@association_required
def take_case(request, pk):
    """« M'attribuer » : an unassigned open case of the user's association."""
    case = _case(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.take(case, request.user, request=request)
        messages.success(request, "Le dossier vous est attribué.")
    except services.AssignmentError as error:
        messages.error(request, str(error))
    return _to_case(case)


@association_required
def log_attempt(request, pk):
    case = _case(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = forms.ContactAttemptForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "La tentative n'est pas enregistrée : "
            + " ".join(f"{form.fields[f].label} : {e[0]}" for f, e in form.errors.items() if f in form.fields),
        )
        return _to_case(case, "contact")
    attempt = form.save(commit=False)
    attempt.case = case
    attempt.author = request.user
    attempt.save()
    workflow.record_event(
        case, "contact_attempt", request, detail=f"{attempt.get_channel_display()} — {attempt.get_outcome_display()}"
    )
    audit.record(request, "contact_attempt.created", attempt, subject=case)
    try:
        if case.status == CaseStatus.REFERRED:
            workflow.start_contacting(case, request)
        if attempt.outcome == ContactOutcome.REACHED and case.status == CaseStatus.CONTACTING:
            workflow.establish_contact(case, request, how=attempt.get_channel_display())
            messages.success(request, "Tentative enregistrée : le contact est établi.")
        else:
            messages.success(request, "Tentative enregistrée.")
    except workflow.TransitionError as error:
        messages.warning(request, f"Tentative enregistrée. {error}")
    return _to_case(case, "contact")


@association_required
def add_note(request, pk):
    case = _case(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    key = drafts.key("note", case.pk)
    if "save_draft" in request.POST:
        drafts.save(request.user, key, request.POST.get("body", ""))
        messages.success(request, "Brouillon enregistré.")
        return _to_case(case, "notes")
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        note = CaseNote.objects.create(case=case, author=request.user, body=form.cleaned_data["body"])
        drafts.clear(request.user, key)
        audit.record(request, "case_note.created", note, subject=case)
        messages.success(request, "Note enregistrée.")
    else:
        drafts.save(request.user, key, request.POST.get("body", ""))
        messages.error(request, "La note est vide ou trop longue ; votre texte est gardé en brouillon.")
    return _to_case(case, "notes")


@association_required
def close_case(request, pk):
    case = _case(request, pk)
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
            return _to_case(case)
        except workflow.TransitionError as error:
            form.add_error(None, str(error))
    return render(request, "casework/case_close.html", {"case": case, "form": form})


@coordinator_required
def reopen_case(request, pk):
    case = _case(request, pk)
    if not perms.can_reopen(request.user, case):
        raise Http404
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.reopen(case, request, form.cleaned_data["reason"])
            messages.success(request, "Dossier rouvert ; le bailleur est informé.")
            return _to_case(case)
        except workflow.TransitionError as error:
            form.add_error(None, str(error))
    return render(request, "casework/case_reopen.html", {"case": case, "form": form})


# --- identity, codes, letter ------------------------------------------------------------------------------------


@association_required
def confirm_identity(request, pk):
    case = _case(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = forms.ConfirmIdentityForm(request.POST)
    if form.is_valid():
        member = get_object_or_404(
            case.household.members.select_related("user"), pk=form.cleaned_data["member"], user__isnull=False
        )
        services.confirm_identity(case, member, request.user, form.cleaned_data["how"], request=request)
        messages.success(request, "Identité confirmée : le ménage voit maintenant tout son espace.")
    else:
        messages.error(request, "Indiquez comment l'identité a été vérifiée.")
    return _to_case(case, "identite")


@association_required
def revoke_account(request, pk, member_pk):
    case = _case(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    member = get_object_or_404(case.household.members.select_related("user"), pk=member_pk, user__isnull=False)
    services.revoke_account(case, member, request.user, request=request)
    messages.success(request, "Le compte est retiré et ses sessions sont fermées. Vous pouvez émettre un nouveau code.")
    return _to_case(case, "identite")


@association_required
def revoke_code(request, pk):
    case = _case(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if services.revoke_code(case, request.user, request=request):
        messages.success(request, "Le code du courrier est annulé.")
    else:
        messages.info(request, "Ce code n'était plus utilisable.")
    return _to_case(case, "identite")


@association_required
def new_code(request, pk):
    case = _case(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.issue_letter_code(case, request.user)
    workflow.record_event(case, "code_issued", request, detail="Nouveau code émis pour un nouveau courrier.")
    audit.record(request, "case.code_issued", case.invitation, subject=case)
    messages.success(request, "Nouveau code émis : imprimez le nouveau courrier.")
    return _to_case(case, "identite")


def letter_response(request, case):
    invitation = case.invitation
    if invitation is None or not invitation.is_usable:
        raise Http404
    audit.record(request, "case.letter_printed", case, subject=case)
    url = invitation_url(invitation)
    return pdf_response(
        "casework/pdf/letter.html",
        {
            "case": case,
            "programme": case.programme,
            "association": case.programme.association,
            "landlord": case.programme.landlord,
            "tenancy": case.referral.tenancy,
            "invitation": invitation,
            "invitation_url": url,
            "redeem_url": f"{settings.PORTAL_BASE_URL}/comptes/invitation/",
            "qr": qr_svg(url),
            "today": timezone.localdate(),
        },
        f"courrier-{case.pk}.pdf",
    )


@association_required
def letter_pdf(request, pk):
    return letter_response(request, _case(request, pk))


# --- diagnostic -------------------------------------------------------------------------------------------------


@association_required
def diagnostic(request, pk):
    case = _case(request, pk)
    record = Diagnostic.objects.filter(case=case).first()
    form = forms.DiagnosticForm(request.POST or None, initial=forms.DiagnosticForm.initial_from(record))
    if request.method == "POST" and form.is_valid():
        created = record is None
        record = record or Diagnostic(case=case, created_by=request.user)
        form.apply(record).save()
        workflow.record_event(case, "diagnostic_saved", request, detail="Diagnostic enregistré.")
        audit.record(request, "diagnostic.created" if created else "diagnostic.updated", record, subject=case)
        if case.status == CaseStatus.CONTACT_ESTABLISHED:
            workflow.start_assessment(case, request)
        messages.success(request, "Diagnostic enregistré.")
        return redirect("casework:diagnostic", pk=case.pk)
    if record is not None:
        record.case = case
        audit.record(request, "diagnostic.viewed", record, subject=case)
    return render(
        request,
        "casework/diagnostic.html",
        {
            "case": case,
            "form": form,
            "diagnostic": record,
            "rights": [form[f"right_{r.value}"] for r in Right],
            "income_rows": [(form[f"income_{i}_label"], form[f"income_{i}_amount"]) for i in range(6)],
            "charge_rows": [(form[f"charge_{i}_label"], form[f"charge_{i}_amount"]) for i in range(6)],
            "net_rent": case.referral.tenancy.net_monthly_rent,
        },
    )


# --- carnet de route --------------------------------------------------------------------------------------------


@association_required
def add_action(request, pk):
    case = _case(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = forms.RoadmapActionForm(request.POST, prefix="action")
    if form.is_valid():
        action = form.save(commit=False)
        action.case = case
        action.created_by = request.user
        action.save()
        audit.record(request, "roadmap_action.created", action, subject=case)
        messages.success(request, "Action ajoutée au carnet de route.")
    else:
        messages.error(request, "L'action n'est pas ajoutée : " + " ".join(e[0] for e in form.errors.values()))
    return _to_case(case, "carnet")


@association_required
def edit_action(request, pk, action_pk):
    case = _case(request, pk)
    action = get_object_or_404(case.roadmap, pk=action_pk)
    form = forms.RoadmapActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        if action.status == "done" and action.done_at is None:
            action.done_at, action.done_by = timezone.now(), request.user
        action.save()
        audit.record(request, "roadmap_action.updated", action, subject=case)
        messages.success(request, "Action mise à jour.")
        return _to_case(case, "carnet")
    return render(request, "casework/action_edit.html", {"case": case, "form": form, "action": action})


def roadmap_pdf_response(request, case, actions):
    audit.record(request, "roadmap.pdf", case, subject=case)
    return pdf_response(
        "casework/pdf/roadmap.html",
        {"case": case, "actions": actions, "association": case.programme.association, "today": timezone.localdate()},
        f"carnet-de-route-{case.pk}.pdf",
    )


@association_required
def roadmap_pdf(request, pk):
    case = _case(request, pk)
    return roadmap_pdf_response(request, case, list(case.roadmap.exclude(status="abandoned")))


# --- handovers --------------------------------------------------------------------------------------------------


@association_required
def handover_edit(request, pk, handover_pk=None):
    case = _case(request, pk)
    handover = get_object_or_404(case.handovers, pk=handover_pk) if handover_pk else None
    form = forms.HandoverForm(request.POST or None, instance=handover)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            created = handover is None
            handover = form.save(commit=False)
            handover.case = case
            if created:
                handover.created_by = request.user
            handover.save()
            handovers.record_consent(
                handover,
                form.cleaned_data["consent"],
                by=request.user,
                how=form.cleaned_data.get("consent_how", ""),
                request=request,
            )
            workflow.record_event(
                case,
                "handover",
                request,
                detail=f"Passage de relais vers {handover.partner} : {handover.get_status_display()}.",
            )
            audit.record(request, "handover.created" if created else "handover.updated", handover, subject=case)
        messages.success(request, "Passage de relais enregistré.")
        return _to_case(case, "relais")
    if handover is not None:
        audit.record(request, "handover.viewed", handover, subject=case)
    return render(
        request,
        "casework/handover_edit.html",
        {
            "case": case,
            "form": form,
            "handover": handover,
            "consents": handover.consents.all() if handover else [],
            "booking_url": booking_url(case, handover=handover) if handover else None,
        },
    )


# --- tripartite reviews -----------------------------------------------------------------------------------------


@association_required
def review_edit(request, pk, review_pk=None):
    case = _case(request, pk)
    review = get_object_or_404(case.reviews, pk=review_pk) if review_pk else None
    if review is not None and review.status == ReviewStatus.VALIDATED and request.method == "POST":
        messages.error(request, "Un compte rendu validé ne se modifie plus.")
        return redirect("casework:review_edit", pk=case.pk, review_pk=review.pk)
    initial = {}
    if review is not None:
        kinds = set(review.participants.values_list("kind", flat=True))
        initial = {
            "participants_landlord": "landlord" in kinds,
            "participants_household": "household" in kinds,
            "participant_names": "\n".join(review.participants.filter(kind="partner").values_list("name", flat=True)),
        }
    review_id = review.pk if review else "new"
    section_keys = {
        name: drafts.key("review", case.pk, review_id, draft_kinds.section_key_part(name))
        for name in TripartiteReview.SECTIONS
    }
    form = forms.ReviewForm(request.POST or None, instance=review, initial=initial)
    if request.method == "POST" and "save_draft" in request.POST:
        # Without JavaScript: every section of the minutes is kept as an encrypted draft on the server.
        for name, key in section_keys.items():
            drafts.save(request.user, key, request.POST.get(name, ""))
        messages.success(request, "Brouillon enregistré.")
    elif request.method == "POST" and form.is_valid():
        with transaction.atomic():
            created = review is None
            review = form.save(commit=False)
            review.case = case
            if created:
                review.created_by = request.user
            review.save()
            review.set_participants(
                landlord=form.cleaned_data["participants_landlord"],
                household=form.cleaned_data["participants_household"],
                others=form.cleaned_data["participant_names"].splitlines(),
            )
        for key in section_keys.values():
            drafts.clear(request.user, key)
        audit.record(request, "review.created" if created else "review.updated", review, subject=case)
        if created:
            # Its date and place are an appointment's: straight to the booking form, the review preselected.
            messages.success(request, "Bilan enregistré. Fixez maintenant son rendez-vous : sa date et son lieu.")
            return redirect(booking_url(case, review=review))
        messages.success(request, "Bilan enregistré.")
        return redirect("casework:review_edit", pk=case.pk, review_pk=review.pk)
    elif review is not None:
        audit.record(request, "review.viewed", review, subject=case)
    has_draft = False
    if request.method == "GET":
        for name, key in section_keys.items():
            saved = drafts.load(request.user, key)
            if saved:
                form.initial[name], has_draft = saved, True
    return render(
        request,
        "casework/review_edit.html",
        {
            "case": case,
            "form": form,
            "review": review,
            "sections": [(form[name], key) for name, key in section_keys.items()],
            "has_draft": has_draft,
            "comments": list(review.comments.select_related("author")) if review else [],
            "booking_url": booking_url(case, review=review) if review else None,
        },
    )


@association_required
def review_share(request, pk, review_pk):
    case = _case(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    review = get_object_or_404(case.reviews, pk=review_pk)
    try:
        reviews.share(review, request.user, request=request)
        messages.success(request, "Le ménage peut lire le compte rendu et le commenter dans son espace.")
    except reviews.ReviewError as error:
        messages.error(request, error.message)
    return redirect("casework:review_edit", pk=case.pk, review_pk=review.pk)


@association_required
def review_validate(request, pk, review_pk):
    """A confirmation step: the first POST shows what validating means; the second (confirm=1) validates."""
    case = _case(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    review = get_object_or_404(case.reviews, pk=review_pk)
    form = forms.ReviewValidationForm(request.POST)
    if form.is_valid() and "confirm" in request.POST:
        try:
            reviews.validate(review, request.user, confirmed=True, reason=form.cleaned_data["reason"], request=request)
            messages.success(request, "Compte rendu validé : le bailleur peut le lire.")
            return redirect("casework:review_edit", pk=case.pk, review_pk=review.pk)
        except reviews.ReviewError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return render(
        request,
        "casework/review_validate.html",
        {
            "case": case,
            "review": review,
            "form": form,
            "confirmation": reviews.CONFIRMATION,
            "answered": reviews.household_has_answered(review),
            "due_at": reviews.answer_due_at(review),
        },
    )


def review_pdf_response(request, review):
    audit.record(request, "review.pdf", review, subject=review.case)
    return pdf_response(
        "casework/pdf/review.html",
        {
            "review": review,
            "case": review.case,
            "participants": list(review.participants.all()),
            "association": review.case.programme.association,
        },
        f"bilan-{review.pk}.pdf",
    )


@association_required
def review_pdf(request, pk, review_pk):
    case = _case(request, pk)
    return review_pdf_response(request, get_object_or_404(case.reviews, pk=review_pk))


# --- transfer, plan ---------------------------------------------------------------------------------------------


@association_required
def add_transfer(request, pk):
    case = _case(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = forms.TransferRequestForm(request.POST, prefix="transfer")
    if form.is_valid():
        transfer = form.save(commit=False)
        transfer.case, transfer.created_by = case, request.user
        transfer.save()
        audit.record(request, "transfer_request.created", transfer, subject=case)
        messages.success(request, "Demande de mutation enregistrée.")
    else:
        messages.error(request, "La demande n'est pas enregistrée : vérifiez la date.")
    return _to_case(case, "mutation")


def save_plan(request, case, form):
    plan = form.save(commit=False)
    plan.case, plan.created_by = case, request.user
    plan.save()
    workflow.record_event(case, "repayment_plan", request, detail="Plan d'apurement enregistré.")
    audit.record(request, "repayment_plan.created", plan, subject=case)
    arrears.check_plans(case=case)
    return plan


def post_plan(request, case):
    """The plan form posted from either partner's case page: saved, or its errors said in a message."""
    form = forms.RepaymentPlanForm(request.POST, prefix="plan")
    if form.is_valid():
        save_plan(request, case, form)
        messages.success(request, "Plan d'apurement enregistré.")
    else:
        messages.error(request, "Le plan n'est pas enregistré : " + " ".join(e[0] for e in form.errors.values()))


@association_required
def add_plan(request, pk):
    case = _case(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    post_plan(request, case)
    return _to_case(case, "plan")


# --- referrals outside the criteria ----------------------------------------------------------------------------


@coordinator_required
def exceptions(request):
    pending = perms.pending_exceptions(request.user).select_related("case__household", "tenancy", "programme")
    return render(request, "casework/exceptions.html", {"referrals": list(pending), "form": forms.ReasonForm()})


@coordinator_required
def exception_decision(request, pk):
    referral = get_object_or_404(perms.pending_exceptions(request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    case = referral.case
    try:
        if request.POST.get("decision") == "accept":
            workflow.accept_referral(case, request)
            messages.success(request, "Signalement accepté : le délai de contact commence aujourd'hui.")
        else:
            workflow.decline_referral(case, request, request.POST.get("reason", ""))
            messages.success(request, "Signalement refusé ; le bailleur est informé.")
    except workflow.TransitionError as error:
        messages.error(request, str(error))
    return redirect("casework:exceptions")
