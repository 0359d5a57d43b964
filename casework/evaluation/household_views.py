"""The household's data page (/espace/mes-donnees/): what is held, the export, the access log, its consents
(withdrawn through casework's own consent view)."""

import json
import re
from datetime import datetime

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from casework import perms as casework_perms
from casework.evaluation.pdf import render_pdf
from portal import audit, formats, privacy
from portal import perms as portal_perms

ISO_MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")
ACCESS_LOG_PAGE_SIZE = 20  # groups (a person, a day, reads or changes) per page: short on a phone


def _confirmed_household(request):
    """Only a household whose identity a worker confirmed sees its data (a letter's code proves nothing)."""
    if not portal_perms.household_confirmed(request.user) or casework_perms.household_case(request.user) is None:
        raise Http404
    return casework_perms.household_case(request.user)


@require_GET
def my_data(request):
    case = _confirmed_household(request)
    data = privacy.export_data(request.user, with_access_log=False)
    summary = [(s["title"], len(s["rows"])) for s in data["sections"] if s["rows"]]
    handovers = casework_perms.household_handovers(request.user).select_related("partner")
    audit.record(request, "household.data_viewed", case, subject=case)
    page = Paginator(privacy.access_summary(request.user), ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/my_data.html",
        {
            "summary": summary,
            "access_page": page,
            "handovers": handovers,
            "rule": privacy.HOUSEHOLD_DATA_RULE,
        },
    )


@require_GET
def export_json(request):
    case = _confirmed_household(request)
    data = privacy.export_data(request.user)
    audit.record(request, "household.data_exported", case, subject=case, format="json")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-{timezone.localdate():%Y-%m-%d}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def export_pdf(request):
    case = _confirmed_household(request)
    data = privacy.export_data(request.user)
    for section in data["sections"]:
        section["display_rows"] = [
            [(section["labels"].get(k, k), _readable(v)) for k, v in row.items()] for row in section["rows"]
        ]
    audit.record(request, "household.data_exported", case, subject=case, format="pdf")
    response = HttpResponse(render_pdf("evaluation/my_data_pdf.html", {"data": data}), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-{timezone.localdate():%Y-%m-%d}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _readable(value):
    if value in (None, ""):
        return "—"
    if value is True:
        return "oui"
    if value is False:
        return "non"
    if isinstance(value, dict) and "name" in value and "content_base64" in value:
        return f"fichier « {value['name']} » (contenu dans l'export JSON)"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, str) and ISO_MOMENT.match(value):
        try:
            return formats.moment(datetime.fromisoformat(value))  # « 30/11/2026 à 05:08 », as on the page
        except ValueError:
            pass  # a text that only looks like a date (a note, a message) stays as written
    return str(value)
