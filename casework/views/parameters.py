"""A programme's parameters, agreed and versioned: both partners read them and their history; the association's
coordinator proposes a change; the landlord's referent accepts or declines it (casework/versions.py)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from casework import forms, perms, programmes, versions
from casework.models import Programme
from casework.views.common import programme_member_required
from portal import audit


def _programme_or_404(request, pk):
    return get_object_or_404(perms.partner_programmes(request.user).distinct(), pk=pk)


def _changes(version):
    return [(programmes.label(name), old, new) for name, (old, new) in version.changes.items()]


def _history(programme):
    """Every version, newest first, with its changes and the accepted version that replaced it (None for the one in
    force, or for one never accepted): only the last accepted version reads « en vigueur »."""
    versions_ = programme.versions.select_related("proposed_by", "accepted_by", "declined_by").order_by("-number")
    rows, newer = [], None
    for version in versions_:
        rows.append((version, _changes(version), newer if version.is_accepted else None))
        if version.is_accepted:
            newer = version
    return rows


@programme_member_required
def programme_parameters(request, pk):
    programme = _programme_or_404(request, pk)
    may_propose = perms.can_propose_parameters(request.user, programme)
    if request.method == "POST" and not may_propose:
        raise Http404  # the landlord answers a proposal, a worker reads: neither proposes (as answering: 404)
    form = None
    # One proposal at a time (casework.versions): while one waits, no form to fill in vain; a POST racing another
    # proposal still gets its answer next to the values typed.
    if may_propose and (request.method == "POST" or versions.pending(programme) is None):
        form = forms.ParameterProposalForm(request.POST or None, instance=Programme.objects.get(pk=programme.pk))
        if request.method == "POST" and form.is_valid():
            try:
                version = versions.propose(programme, request.user, form.proposed_values(), form.cleaned_data["reason"])
            except versions.VersionError as error:
                form.add_error(None, str(error))
            else:
                audit.record(request, "programme.parameters_proposed", version)
                messages.success(
                    request,
                    "Modification en vigueur." if version.is_accepted else "Proposition envoyée au bailleur.",
                )
                return redirect("casework:programme_parameters", pk=programme.pk)
    pending = versions.pending(programme)
    current = programmes.labelled_parameters(programme)
    return render(
        request,
        "casework/programme_parameters.html",
        {
            "programme": programme,
            "current": current,
            "pending": pending,
            "pending_changes": _changes(pending) if pending else [],
            "may_answer": perms.can_answer_parameters(request.user, programme),
            "may_propose": may_propose,
            "history": _history(programme),
            "form": form,
        },
    )


@programme_member_required
@require_POST
def answer_parameters(request, pk, version_pk):
    programme = _programme_or_404(request, pk)
    if not perms.can_answer_parameters(request.user, programme):
        raise Http404
    version = get_object_or_404(programme.versions, pk=version_pk)
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):  # a form sent without its button answers nothing
        messages.error(request, "Choisissez « Accepter ces paramètres » ou « Refuser ».")
        return redirect("casework:programme_parameters", pk=programme.pk)
    accepted = decision == "accept"
    try:
        (versions.accept if accepted else versions.decline)(version, request.user)
    except versions.VersionError as error:
        messages.error(request, str(error))
    else:
        audit.record(request, "programme.parameters_accepted" if accepted else "programme.parameters_declined", version)
        messages.success(request, "Les nouveaux paramètres sont en vigueur." if accepted else "Proposition refusée.")
    return redirect("casework:programme_parameters", pk=programme.pk)
