"""Tripartite reviews: the minutes written, shared with the household and validated; their PDF."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render

from casework import draft_kinds, forms, reviews
from casework.enums import ReviewStatus
from casework.models import TripartiteReview
from casework.pdf import review_pdf_response
from casework.views.association.base import booking_url, case_or_404
from casework.views.common import (
    association_required,
)
from portal import audit, drafts


def _participants_initial(review):
    """Who takes part, as the review form shows it."""
    if review is None:
        return {}
    kinds = set(review.participants.values_list("kind", flat=True))
    return {
        "participants_landlord": "landlord" in kinds,
        "participants_household": "household" in kinds,
        "participant_names": "\n".join(review.participants.filter(kind="partner").values_list("name", flat=True)),
    }


@association_required
def review_edit(request, pk, review_pk=None):
    case = case_or_404(request, pk)
    review = get_object_or_404(case.reviews, pk=review_pk) if review_pk else None
    if review is not None and review.status == ReviewStatus.VALIDATED and request.method == "POST":
        messages.error(request, "Un compte rendu validé ne se modifie plus.")
        return redirect("casework:review_edit", pk=case.pk, review_pk=review.pk)
    initial = _participants_initial(review)
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
        created = review is None
        review = reviews.save_minutes(
            case,
            form.save(commit=False),
            request.user,
            landlord=form.cleaned_data["participants_landlord"],
            household=form.cleaned_data["participants_household"],
            others=form.cleaned_data["participant_names"].splitlines(),
            request=request,
        )
        for key in section_keys.values():
            drafts.clear(request.user, key)
        if created:
            # Its date and place are an appointment's: straight to the booking form, the review preselected.
            messages.success(request, "Bilan enregistré. Fixez maintenant son rendez-vous : sa date et son lieu.")
            return redirect(booking_url(case, review=review))
        messages.success(request, "Bilan enregistré.")
        return redirect("casework:review_edit", pk=case.pk, review_pk=review.pk)
    elif review is not None:
        audit.record(request, "review.viewed", review, subject=case)
    has_draft = request.method == "GET" and drafts.restore(request.user, form, section_keys)
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
    case = case_or_404(request, pk)
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
    case = case_or_404(request, pk)
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


@association_required
def review_pdf(request, pk, review_pk):
    case = case_or_404(request, pk)
    return review_pdf_response(request, get_object_or_404(case.reviews, pk=review_pk))
