"""Programme meetings: the coordinator records the regular association–landlord meeting; both partners read it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from casework import forms, perms, services
from casework.views.common import programme_member_required


@programme_member_required
def meetings(request):
    items = perms.programme_meetings(request.user).select_related("programme").prefetch_related("cases__household")
    coordinator_programmes = perms.association_programmes(request.user).filter(
        association_id__in=perms.coordinator_association_ids(request.user)
    )
    form = None
    if coordinator_programmes.exists():
        form = forms.ProgrammeMeetingForm(
            request.POST or None,
            programmes=coordinator_programmes,
            # Both partners read the meeting: only the landlord's own referrals can be discussed there.
            cases=perms.association_cases(request.user).open().landlord_known().select_related("household"),
        )
        if request.method == "POST" and form.is_valid():
            meeting = services.record_meeting(
                form.save(commit=False), form.cleaned_data["cases"], request.user, request=request
            )
            messages.success(request, "Réunion enregistrée.")
            return redirect("casework:meeting_detail", pk=meeting.pk)
    return render(request, "casework/meetings.html", {"meetings": list(items[:50]), "form": form})


@programme_member_required
def meeting_detail(request, pk):
    meeting = get_object_or_404(perms.programme_meetings(request.user).select_related("programme"), pk=pk)
    is_association = meeting.programme.association_id in perms.association_ids(request.user)
    scope = perms.association_cases(request.user) if is_association else perms.landlord_cases(request.user)
    return render(
        request,
        "casework/meeting_detail.html",
        {
            "meeting": meeting,
            "cases": list(scope.filter(programme_meetings=meeting).select_related("household")),
            "is_association": is_association,
        },
    )
