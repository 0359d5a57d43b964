"""Helpers shared by the association's views: the case in the user's scope, the way back to its page."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from casework import perms


def case_or_404(request, pk):
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


def to_case(case, anchor=""):
    return redirect(reverse("casework:case_detail", args=[case.pk]) + (f"#{anchor}" if anchor else ""))
