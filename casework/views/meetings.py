"""Programme meetings: the coordinator records the regular association–landlord meeting; both partners read it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from casework import agenda, forms, perms, services
from casework.views.common import coordinator_required, programme_member_required


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
    return render(
        request,
        "casework/meetings.html",
        {"meetings": list(items[:50]), "form": form, "can_schedule": coordinator_programmes.exists()},
    )


def _coordinator_programmes(request):
    return perms.association_programmes(request.user).filter(
        association_id__in=perms.coordinator_association_ids(request.user)
    )


@coordinator_required
def schedule_meeting(request):
    """The coordinator schedules the next meeting; the agenda of each programme is shown before sending."""
    programmes = _coordinator_programmes(request)
    form = forms.MeetingScheduleForm(
        request.POST or None,
        programmes=programmes,
        initial={"attendees": "La coordinatrice et les intervenants de l'association, le référent du bailleur."},
    )
    if request.method == "POST" and form.is_valid():
        meeting = services.schedule_meeting(form.save(commit=False), request.user, request=request)
        messages.success(request, "Réunion planifiée : l'invitation part aux deux partenaires.")
        return redirect("casework:meeting_detail", pk=meeting.pk)
    previews = [(programme, agenda.prepare(programme)) for programme in programmes]
    return render(request, "casework/meeting_schedule.html", {"form": form, "previews": previews})


@programme_member_required
def meeting_detail(request, pk):
    meeting = get_object_or_404(perms.programme_meetings(request.user).select_related("programme"), pk=pk)
    is_association = meeting.programme.association_id in perms.association_ids(request.user)
    scope = perms.association_cases(request.user) if is_association else perms.landlord_cases(request.user)
    cases = list(scope.filter(programme_meetings=meeting).select_related("household"))
    return render(
        request,
        "casework/meeting_detail.html",
        {
            "meeting": meeting,
            "cases": cases,
            "items": agenda.items_of(meeting, cases),
            "is_association": is_association,
        },
    )
