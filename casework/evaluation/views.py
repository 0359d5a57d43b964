"""The evaluation dashboard, its charts, the CSV of the indicator table and the PDF report (/partenaires/evaluation/)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from casework import programme_choice
from casework.evaluation import adjustments, charts, comparison, funnel, indicators
from casework.evaluation import perms as evaluation_perms
from casework.evaluation.forms import AdjustmentForm, PeriodForm
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
    programmes = list(evaluation_perms.evaluation_programmes(request.user))
    shown = programme_choice.shown(request, programmes)
    # The programme shown (casework.programme_choice) comes first; the others follow.
    rows = [(p, AUDIENCE_LABELS[scope[p.pk]]) for p in sorted(programmes, key=lambda p: p != shown)]
    return render(
        request,
        "evaluation/index.html",
        {"rows": rows, "shown": shown, "switcher": programme_choice.switcher(request, programmes, shown)},
    )


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
            "adjustments": list(adjustments.for_report(programme, result.measured_on)),
            "milestones": adjustments.reached(programme),
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
    _adjustment_rows(writer, adjustments.for_report(programme, result.measured_on))
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
        "adjustments": list(adjustments.for_report(programme, result.measured_on)),
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


def _adjustment_rows(writer, decisions):
    writer.writerow([])
    writer.writerow(["Décisions de réajustement", "Étape", "Décidé le", "Décision", "Paramètres"])
    for item in decisions:
        version = f"version {item.version.number}" if item.version_id else ""
        writer.writerow(["", item.get_milestone_display(), formats.day(item.decided_on), item.decision, version])


def _programme_in_scope(request, programme_id):
    if programme_id not in evaluation_perms.audiences(request.user):
        raise Http404
    return get_object_or_404(evaluation_perms.evaluation_programmes(request.user), pk=programme_id)


def adjustment_decisions(request, programme_id):
    """« Décisions de réajustement » at 6 and 12 months: the coordinator and the landlord's referent record, every
    reader of the evaluation (a worker, the funder) reads."""
    programme = _programme_in_scope(request, programme_id)
    milestones = adjustments.reached(programme)
    may_record = adjustments.may_record(request.user, programme) and bool(milestones)
    form = None
    if may_record:
        form = AdjustmentForm(request.POST or None, programme=programme, milestones=milestones)
        if request.method == "POST" and form.is_valid():
            try:
                adjustments.record(programme, request.user, request=request, **form.cleaned_data)
            except adjustments.AdjustmentError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(request, "Décision enregistrée : elle figurera dans le prochain rapport.")
                return redirect("evaluation:adjustments", programme_id=programme.pk)
    elif request.method == "POST":
        raise Http404
    decisions = programme.adjustments.select_related("version", "recorded_by").order_by("-decided_on", "-pk")
    return render(
        request,
        "evaluation/adjustments.html",
        {
            "programme": programme,
            "form": form,
            "decisions": list(decisions),
            "milestones": [(m, adjustments.milestone_day(programme, m)) for m in adjustments.MILESTONES],
            "may_record": may_record,
        },
    )
