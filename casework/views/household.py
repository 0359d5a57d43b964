"""The household's pages in /espace/: carnet de route, review minutes to comment, consents to handovers.

Only once a worker confirmed the household's identity (docs/rules.md § 4, « la clé du ménage »).
"""

from allauth.account.internal.flows.phone_verification import ChangePhoneVerificationProcess
from allauth.decorators import rate_limit
from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render

from casework import forms, handovers, perms, reviews, services
from casework import roadmap as carnet
from casework.enums import ActionStatus, ReviewStatus
from casework.pdf import review_pdf_response, roadmap_pdf_response
from portal import audit, drafts, phones
from portal.access import household_required


@household_required
def roadmap(request):
    actions = list(
        perms.household_roadmap(request.user)
        .exclude(status=ActionStatus.ABANDONED)
        .select_related("case", "guide_page")
    )
    # The services the household agreed to be handed over to, with how to reach them (the directory's entries).
    handed_over = perms.household_handovers(request.user).select_related("partner")
    services = list({h.partner_id: h.partner for h in handed_over if h.consent_stands}.values())
    return render(
        request,
        "casework/household_roadmap.html",
        {"actions": actions, "services": services, "confirmed": request.user.identity_confirmed},
    )


@household_required
def mark_done(request, pk):
    action = get_object_or_404(perms.household_roadmap(request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not perms.can_mark_action_done(request.user, action):
        messages.error(
            request, "Cette démarche est suivie par quelqu'un d'autre : seule la personne concernée la coche."
        )
        return redirect("casework:household_roadmap")
    carnet.household_marks(action, request.POST.get("done", "1") == "1", request.user, request=request)
    messages.success(request, "C'est noté. L'association le verra.")
    return redirect("casework:household_roadmap")


@household_required
def roadmap_pdf(request):
    case = perms.household_confirmed_cases(request.user).order_by("-created_at").first()
    if case is None:
        raise Http404
    return roadmap_pdf_response(
        request, case, list(case.roadmap.exclude(status=ActionStatus.ABANDONED).select_related("guide_page"))
    )


@household_required
def review(request, pk):
    item = get_object_or_404(perms.household_reviews(request.user), pk=pk)
    key = drafts.key("review-comment", item.pk)
    form = forms.CommentForm(request.POST or None, initial={"body": drafts.load(request.user, key)})
    if request.method == "POST":
        if item.status != ReviewStatus.SHARED:
            messages.error(
                request, "Ce compte rendu est validé : vous ne pouvez plus le commenter ici. Écrivez à l'association."
            )
            return redirect("casework:household_review", pk=item.pk)
        if "save_draft" in request.POST:
            drafts.save(request.user, key, request.POST.get("body", ""))
            messages.success(request, "Brouillon enregistré.")
            return redirect("casework:household_review", pk=item.pk)
        if "no_remark" in request.POST:
            reviews.no_remark(item, request.user, request=request)
            messages.success(request, "Merci. L'association peut valider le compte rendu.")
            return redirect("casework:household_review", pk=item.pk)
        if form.is_valid():
            reviews.comment(item, request.user, form.cleaned_data["body"], request=request)
            drafts.clear(request.user, key)
            messages.success(request, "Merci. L'association lira votre remarque avant de valider le compte rendu.")
            return redirect("casework:household_review", pk=item.pk)
    return render(
        request,
        "casework/household_review.html",
        {
            "review": item,
            "form": form,
            "comments": [(c, reviews.changes_since(c)) for c in item.comments.filter(author=request.user)],
            "participants": list(item.participants.all()),
            "draft_key": key,
        },
    )


@household_required
def review_pdf(request, pk):
    """The validated minutes of the household's own case, as PDF: a shared draft or another case's → 404."""
    item = get_object_or_404(
        perms.household_reviews(request.user).filter(status=ReviewStatus.VALIDATED).select_related("case__programme"),
        pk=pk,
    )
    return review_pdf_response(request, item, for_household=True)


@household_required
def consents(request):
    items = list(perms.household_handovers(request.user).select_related("partner"))
    return render(
        request, "casework/household_consents.html", {"handovers": items, "confirmed": request.user.identity_confirmed}
    )


@household_required
def consent_change(request, pk):
    handover = get_object_or_404(perms.household_handovers(request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    given = request.POST.get("given") == "1"
    first_answer = handover.awaiting_answer
    if handovers.record_consent(
        handover, given, by=request.user, how="dans son espace", by_household=True, request=request
    ):
        if given:
            message = "Merci, votre accord est enregistré."
        elif first_answer:
            message = "C'est noté : ce service ne recevra rien. Vous pouvez changer d'avis sur cette page."
        else:
            message = "Votre accord est retiré : ce service ne voit plus votre dossier."
        messages.success(request, message)
    return redirect("casework:household_consents")


@household_required
@rate_limit(action="change_phone")
def confirm_phone(request):
    """The landlord's number: « c'est bien le mien » sends a code to it (allauth's phone verification), « ce n'est
    pas le bon » leads to allauth's page where the household types its own (re-authentication there). Sending a
    code to the number already on the case needs no re-authentication: the session chooses nothing, and only the
    person holding that phone can type the code. Nothing typed here is sent anywhere."""
    number = services.number_to_confirm(request.user)
    if number is None:
        return redirect("portal:household_home")
    if request.method == "POST":
        state = ChangePhoneVerificationProcess.initial_state(user=request.user, phone=number)
        ChangePhoneVerificationProcess(request, state=state).send()
        audit.record(request, "account.phone_confirmation_started")
        return redirect("account_verify_phone")
    return render(request, "casework/household_phone.html", {"number": phones.masked(number)})
