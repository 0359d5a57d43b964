"""/rendez-vous/<id>/video/: the portal's link to a video appointment's room (rules in appointments.video)."""

from django.http import Http404, HttpResponseRedirect
from django.views.decorators.cache import never_cache

from appointments import perms, video
from portal import audit
from portal import perms as portal_perms


def _visible(user, pk):
    if portal_perms.is_household(user):
        scope = perms.household_appointments(user)
    else:
        scope = perms.staff_appointments(user)
    appointment = scope.filter(pk=pk).first()
    if appointment is None or not appointment.joinable_by_video:
        raise Http404
    return appointment


@never_cache
def join(request, pk):
    """To the room for the people of this appointment (its household, its association, its participants); 404 for
    anyone else, when no service is configured, or when the appointment is not (or no longer) a video one."""
    if not video.configured():
        raise Http404
    appointment = _visible(request.user, pk)
    audit.record(request, "appointment.video_joined", appointment, subject=appointment.case)
    response = HttpResponseRedirect(video.room_url(appointment))
    response["Referrer-Policy"] = "no-referrer"
    return response
