"""The territory as codes: the search behind the area fields, the communes still to make precise, and the
partner services directory as the coordinator keeps it (casework.territory, casework.directory)."""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render

from casework import directory, forms, perms, territory
from casework.views.common import coordinator_required
from portal import geo
from portal import perms as portal_perms
from portal.access import check_user_or_404
from portal.enums import OrganisationKind
from portal.models import Organisation

area_editor_required = check_user_or_404(
    lambda user: portal_perms.is_platform_admin(user) or bool(perms.coordinator_association_ids(user))
)


@area_editor_required
def commune_search(request):
    """Communes and départements for the search field of an area (JSON; the field works without it)."""
    results = [
        {"code": choice.code, "label": choice.label, "line": geo.area_line(choice.code)}
        for choice in geo.search(request.GET.get("q", ""))
    ]
    return JsonResponse({"results": results})


@coordinator_required
def communes_to_check(request):
    found = territory.to_check(territory.coordinator_programmes(perms.coordinator_association_ids(request.user)))
    return render(request, "casework/communes_to_check.html", {"names": found.names, "tenancies": found.tenancies})


@coordinator_required
def set_tenancy_commune(request, pk):
    programmes = territory.coordinator_programmes(perms.coordinator_association_ids(request.user))
    tenancies = {t.pk: t for t, _ in territory.unresolved_tenancies(programmes)}
    tenancy = tenancies.get(pk)
    if tenancy is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        chosen = territory.set_tenancy_commune(tenancy, request.POST.get("code", "")[:5], request.user, request)
    except territory.TerritoryError as error:
        messages.error(request, f"Bail {tenancy.lease_reference} : {error}")
    else:
        messages.success(request, f"Bail {tenancy.lease_reference} : {chosen.label}.")
    return redirect("casework:communes_to_check")


@coordinator_required
def directory_list(request):
    partners = directory.editable_partners(perms.coordinator_association_ids(request.user))
    return render(request, "casework/directory_list.html", {"partners": partners})


@coordinator_required
def directory_entry(request, pk=None):
    association_ids = perms.coordinator_association_ids(request.user)
    organisation = None
    if pk is not None:
        organisation = next((o for o in directory.editable_partners(association_ids) if o.pk == pk), None)
        if organisation is None:
            raise Http404
    form = forms.DirectoryEntryForm(request.POST or None, instance=organisation or Organisation())
    if request.method == "POST" and form.is_valid():
        try:
            saved = directory.save_entry(
                organisation, form.entry_values(), request.user, association_ids=association_ids, request=request
            )
        except directory.DirectoryError as error:
            form.add_error("area_text", str(error))
        else:
            messages.success(request, f"Fiche « {saved.name} » enregistrée.")
            return redirect("casework:directory_list")
    contacts = directory.contacts(organisation) if organisation else []
    return render(
        request,
        "casework/directory_entry.html",
        {"form": form, "organisation": organisation, "contacts": contacts, "kind": OrganisationKind.PARTNER},
    )
