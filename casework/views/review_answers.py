"""The association answers a household's comment on shared minutes (casework.reviews.answer does the work).

Kept apart from casework/views/association.py: one small view, the form sits under each comment on the review page.
"""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect

from casework import perms, reviews
from casework.models import ReviewComment
from casework.views.common import association_required


@association_required
def answer_comment(request, pk, review_pk, comment_pk):
    comment = get_object_or_404(
        ReviewComment.objects.select_related("review__case__household"),
        pk=comment_pk,
        review_id=review_pk,
        review__case__in=perms.association_cases(request.user).filter(pk=pk),
    )  # out of scope → 404 before anything else, as every object URL
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        reviews.answer(comment, request.user, request.POST.get("answer", ""), request=request)
        messages.success(request, "Votre réponse est enregistrée : le ménage la lit avec le compte rendu.")
    except reviews.ReviewError as error:
        messages.error(request, error.message)
    return redirect("casework:review_edit", pk=pk, review_pk=review_pk)
