"""/rendez-vous/<id>/video/: the portal's link to a video appointment's room (rules in appointments.video)."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.views.decorators.cache import never_cache

from appointments import perms, video
from appointments.models import Appointment
from portal import audit
from portal import perms as portal_perms
from portal.invitations import session_invitation


def _visible(user, pk):
    if portal_perms.is_household(user):
        scope = perms.household_appointments(user)
    else:
        scope = perms.staff_appointments(user)
    return _joinable(scope.filter(pk=pk).first())


def _joinable(appointment):
    if appointment is None or not appointment.joinable_by_video:
        raise Http404
    return appointment


def _for_code_holder(invitation, pk):
    """The letter's code holder's session (signed in nowhere yet): the appointments of the case of that code."""
    return _joinable(Appointment.objects.filter(pk=pk, case__invitation=invitation).first())


@login_not_required
@never_cache
def join(request, pk):
    """To the room for the people of this appointment (its household, its association, its participants, or the
    session holding its case's letter code); 404 for anyone else, when no service is configured, or when the
    appointment is not (or no longer) a video one. Anyone else not signed in signs in first."""
    invitation = None if request.user.is_authenticated else session_invitation(request)
    if not request.user.is_authenticated and invitation is None:
        return redirect_to_login(request.get_full_path())  # as every signed-in page: sign in first
    if not video.configured():
        raise Http404
    if invitation is None:
        appointment = _visible(request.user, pk)
    else:
        appointment = _for_code_holder(invitation, pk)
    audit.record(request, "appointment.video_joined", appointment, subject=appointment.case)
    response = HttpResponseRedirect(video.room_url(appointment))
    response["Referrer-Policy"] = "no-referrer"
    return response
