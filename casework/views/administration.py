"""The platform administrator's pages (/partenaires/administration/): set up a landlord–association pair and its
programme, invite its first coordinator and referent, see whether it is live. Never a case: only counts."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from casework import forms, programmes
from casework.models import Programme
from portal import audit, perms
from portal.access import check_user_or_404

platform_admin_required = check_user_or_404(perms.is_platform_admin)
# The form sent again for a programme that exists (a second click, the back button): nothing typed replaces its
# parameters, which change only by a proposal agreed by both partners (casework.versions).
EXISTED = (
    "Ce programme existait déjà pour ce bailleur et cette association : ses paramètres n'ont pas changé. "
    "Ils se modifient par une proposition de la coordinatrice, acceptée par le bailleur."
)


@platform_admin_required
def programme_list(request):
    items = Programme.objects.select_related("landlord", "association").order_by("name")
    return render(
        request,
        "casework/admin_programmes.html",
        {"rows": [(programme, programmes.readiness(programme)) for programme in items]},
    )


@platform_admin_required
def programme_new(request):
    form = forms.ProgrammeSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            setup = programmes.create_programme(request, **form.setup_kwargs())
        except programmes.SetupError as error:
            form.add_error(error.field, error.message)
        else:
            audit.record(request, "programme.created" if setup.created else "programme.found", setup.programme)
            sent = ", ".join(invitation.email for invitation in setup.invited) or "aucune (déjà envoyées)"
            if setup.created:
                messages.success(request, f"Programme « {setup.programme} » créé. Invitations envoyées : {sent}.")
            else:
                messages.warning(request, f"{EXISTED} Invitations envoyées : {sent}.")
            return redirect("casework:admin_programme", pk=setup.programme.pk)
    return render(request, "casework/admin_programme_new.html", {"form": form})


@platform_admin_required
def programme_detail(request, pk):
    programme = get_object_or_404(Programme.objects.select_related("landlord", "association"), pk=pk)
    parameters = programmes.labelled_parameters(programme)
    return render(
        request,
        "casework/admin_programme.html",
        {"programme": programme, "state": programmes.readiness(programme), "parameters": parameters},
    )
