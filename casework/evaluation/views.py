"""The evaluation dashboard, its charts, the CSV of the indicator table and the PDF report (/partenaires/evaluation/)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from casework.evaluation import charts, comparison, funnel, indicators
from casework.evaluation import perms as evaluation_perms
from casework.evaluation.forms import PeriodForm
from casework.evaluation.pdf import render_pdf
from casework.evaluation.tables import AUDIENCE_LABELS, LANDLORD, tables
from portal import audit, csv_export, formats


def _evaluation(request, programme_id):
    scope = evaluation_perms.audiences(request.user)
    if programme_id not in scope:
        raise Http404
    programme = get_object_or_404(evaluation_perms.evaluation_programmes(request.user), pk=programme_id)
    form = PeriodForm(request.GET, programme=programme)
    period = form.period()
    audience = scope[programme_id]
    result = indicators.compute(programme, period, landlord_known=audience == LANDLORD)
    result.funnel = funnel.compute(programme, period, landlord_known=audience == LANDLORD)
    return programme, audience, form, period, result


def chart_sections(audience, result, by_key, with_svg=False):
    """One section per chart, each followed by its data table (a table shared by two charts comes once, last)."""
    specs = charts.specs_for(audience)
    last_use = {spec.table: spec.name for spec in specs}
    sections = []
    for spec in specs:
        section = {
            "chart": spec,
            "alt": charts.alt_text(spec, result),
            "table": by_key[spec.table] if last_use[spec.table] == spec.name else None,
        }
        if with_svg:
            # pygal builds the SVG with an XML serializer: labels (partner or scheme names) are escaped.
            section["svg"] = mark_safe(charts.render(spec.name, result).decode())  # noqa: S308
        sections.append(section)
    return sections


@require_GET
def index(request):
    scope = evaluation_perms.audiences(request.user)
    if not scope:
        raise Http404
    programmes = evaluation_perms.evaluation_programmes(request.user)
    rows = [(p, AUDIENCE_LABELS[scope[p.pk]]) for p in programmes]
    return render(request, "evaluation/index.html", {"rows": rows})


@require_GET
def compare(request):
    """The programmes the reader may evaluate, side by side, each in the reader's version for it."""
    scope = evaluation_perms.audiences(request.user)
    if not scope:
        raise Http404
    key = request.GET.get("periode") if request.GET.get("periode") in comparison.MONTHS else "12m"
    programmes = list(evaluation_perms.evaluation_programmes(request.user).order_by("start_date", "pk"))
    periods, sections = comparison.side_by_side(programmes, scope, comparison.MONTHS[key])
    audit.record(request, "evaluation.compared", count=len(programmes), period=key)
    return render(
        request,
        "evaluation/compare.html",
        {
            "columns": list(zip(programmes, periods, strict=True)),
            "sections": sections,
            "period_key": key,
            "periods": [("6m", "6 premiers mois"), ("12m", "12 premiers mois")],
            "note": comparison.NOTE,
        },
    )


@require_GET
def dashboard(request, programme_id):
    programme, audience, form, period, result = _evaluation(request, programme_id)
    table_list = tables(result, audience, result.funnel)
    by_key = {t.key: t for t in table_list}
    sections = chart_sections(audience, result, by_key)
    charted = {spec.table for spec in charts.specs_for(audience)}
    return render(
        request,
        "evaluation/dashboard.html",
        {
            "programme": programme,
            "audience": audience,
            "audience_label": AUDIENCE_LABELS[audience],
            "form": form,
            "presets": form.presets(period),
            "period": period,
            "ind": result,
            "sections": sections,
            "other_tables": [t for t in table_list if t.key not in charted],
        },
    )


@require_GET
def chart(request, programme_id, name):
    programme, audience, form, period, result = _evaluation(request, programme_id)
    if name not in {spec.name for spec in charts.specs_for(audience)}:
        raise Http404
    response = HttpResponse(charts.render(name, result), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def indicators_csv(request, programme_id):
    programme, audience, form, period, result = _evaluation(request, programme_id)
    response = csv_export.response(f"indicateurs-programme-{programme.pk}-{period.key}.csv")
    writer = csv_export.writer(response)
    writer.writerow(["Programme", programme.name])
    writer.writerow(["Période", period.label])
    writer.writerow(["Mesuré au", formats.day(result.measured_on)])
    for table in tables(result, audience, result.funnel):
        writer.writerow([])
        writer.writerow([table.title, *table.columns])
        for row in table.rows:
            writer.writerow(["", *row])
        if table.note:
            writer.writerow(["", table.note])
    audit.record(request, "evaluation.csv_exported", programme, period=period.key, audience=audience)
    return response


def report_context(programme, audience, period, result):
    if result.funnel is None:
        result.funnel = funnel.compute(programme, period, landlord_known=audience == LANDLORD)
    table_list = tables(result, audience, result.funnel)
    by_key = {t.key: t for t in table_list}
    specs = charts.specs_for(audience)
    return {
        "programme": programme,
        "audience": audience,
        "audience_label": AUDIENCE_LABELS[audience],
        "period": period,
        "ind": result,
        "sections": chart_sections(audience, result, by_key, with_svg=True),
        "other_tables": [t for t in table_list if t.key not in {s.table for s in specs}],
    }


@require_GET
def report_pdf(request, programme_id):
    programme, audience, form, period, result = _evaluation(request, programme_id)
    pdf = render_pdf("evaluation/report.html", report_context(programme, audience, period, result))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="evaluation-programme-{programme.pk}-{period.key}.pdf"'
    response["Cache-Control"] = "private, no-store"
    audit.record(request, "evaluation.report_downloaded", programme, period=period.key, audience=audience)
    return response
