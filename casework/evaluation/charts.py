"""Charts rendered on the server as SVG by pygal (no script: js=[]), each served as its own image."""

import math
import re
import sys
from dataclasses import dataclass

import pygal
from pygal.style import Style

from casework.enums import Outcome, PlanStatus
from casework.evaluation import funnel
from casework.evaluation.indicators import failure_label
from casework.evaluation.tables import ARREARS_TITLE, ASSOCIATION
from portal import formats

# pygal adds an import hook for its map plugins (pygal.maps.*, unused here) that lacks find_spec: Python 3.11 then
# warns on every later import of a missing module (an error under the test settings). Take it out.
sys.meta_path[:] = [finder for finder in sys.meta_path if type(finder).__name__ != "PluginImportFixer"]

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1e1e1e",
    foreground_strong="#1e1e1e",
    foreground_subtle="#6b6b6b",
    font_family="DejaVu Sans, Arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    legend_font_size=13,
    title_font_size=16,
    colors=("#1f5f8b", "#e07a1f", "#3c8d40", "#b23a48", "#6a4c93", "#7f7f7f", "#c9a227", "#2a9d8f"),
)


SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
ANCHOR_IDS = re.compile(r' id="activate-serie-\d+"')


@dataclass(frozen=True)
class ChartSpec:
    name: str
    title: str
    table: str
    sensitive: bool = False


SPECS = [
    ChartSpec("situations", "Situations repérées, prises en charge, traitées", "situations"),
    # Breakdowns: the funder and the landlord read them as tables with small counts masked, never as bars.
    ChartSpec("suites", "Issues des dossiers clos", "suites", sensitive=True),
    ChartSpec("plans", "Plans d'apurement : respectés, inconnus, non respectés", "suites", sensitive=True),
    ChartSpec("delais", "Délai du signalement au premier contact", "delais"),
    # The funnel's chart draws the « Ensemble » column only (published in full); its table masks the channels.
    ChartSpec("entonnoir", "Entonnoir du contact", "entonnoir"),
    ChartSpec("impayes", ARREARS_TITLE, "impayes"),
    ChartSpec("cout", "Coût engagé et budget", "cout"),
    ChartSpec("origines", "Origine de l'impayé", "origines", sensitive=True),
    ChartSpec("services", "Passages de relais par service", "services", sensitive=True),
]
BY_NAME = {spec.name: spec for spec in SPECS}


def specs_for(audience):
    return [spec for spec in SPECS if not spec.sensitive or audience == ASSOCIATION]


def _config(**kwargs):
    return {
        "js": [],
        "style": STYLE,
        "disable_xml_declaration": True,
        "width": 720,
        "height": 380,
        "print_values": True,
        "legend_at_bottom": True,
        "truncate_legend": -1,
        "truncate_label": -1,
        "explicit_size": False,
        "show_y_guides": True,
        "value_formatter": lambda v: f"{v:g}".replace(".", ","),
        **kwargs,
    }


def _integer_axis(values):
    """Counts are whole: ticks 0, 1, 2… (or every few units), never 0.2, 0.4…"""
    top = max([int(v or 0) for v in values] + [1])
    step = max(1, math.ceil(top / 8))
    return list(range(0, top + step, step))


def _horizontal(title, counts, whole=True):
    extra = {"y_labels": _integer_axis([v for _, v in counts])} if whole else {}
    chart = pygal.HorizontalBar(
        **_config(title=title, show_legend=False, height=max(220, 60 + 42 * len(counts)), **extra)
    )
    chart.x_labels = [label for label, _ in counts]
    chart.add("", [value for _, value in counts])
    return chart


def alt_text(spec, ind):
    """A sentence saying what the chart shows; the full figures are in the table that follows it."""
    summaries = {
        "situations": f"{ind.identified} repérées, {ind.taken_on} prises en charge, {ind.treated} traitées",
        "suites": f"{sum(ind.outcomes.values())} issues favorables et {ind.failures_total} échecs",
        "plans": f"{ind.plans_set_up} plans mis en place",
        "delais": f"délai médian {ind.delay_median if ind.delay_median is not None else '—'} jours",
        "impayes": "impayé moyen à 3, 6 et 12 mois",
        "cout": f"{formats.amount(ind.cost, 0)} engagés sur un budget de {formats.amount(ind.budget, 0)}",
        "origines": f"{len(ind.origins)} origines",
        "services": f"{ind.handovers} passages de relais",
        "entonnoir": _funnel_summary(ind),
    }
    return f"Graphique : {spec.title.lower()} ({summaries[spec.name]}). Les chiffres sont dans le tableau qui suit."


def _funnel_counts(ind):
    from_all = ind.funnel.columns[funnel.ALL].counts
    return [(label, from_all[step]) for step, label in funnel.STEPS.items()]


def _funnel_summary(ind):
    if ind.funnel is None:
        return ""
    counts = dict(_funnel_counts(ind))
    return f"{counts['Signalés']} signalés, {counts['Contact établi']} avec un contact établi"


def render(name, ind):
    """The chart's SVG document (bytes)."""
    if name == "entonnoir":
        chart = _horizontal("Entonnoir du contact (tous canaux)", _funnel_counts(ind))
    elif name == "situations":
        chart = _horizontal(
            "Situations",
            [("Repérées", ind.identified), ("Prises en charge", ind.taken_on), ("Traitées (contact)", ind.treated)],
        )
    elif name == "suites":
        counts = [(Outcome(o).label, n) for o, n in ind.outcomes.items()]
        counts += [(f"Échec : {failure_label(o)}", n) for o, n in ind.failures.items()]
        chart = _horizontal("Issues des dossiers clos", counts)
    elif name == "plans":
        # Respected green, unknown grey, broken red, upcoming blue: the colours say it before the legend does.
        style = Style(**{**STYLE.to_dict(), "colors": ("#3c8d40", "#7f7f7f", "#b23a48", "#3a5f8f")})
        chart = pygal.Pie(**{**_config(title="Plans d'apurement", inner_radius=0.45), "style": style})
        for status in PlanStatus:
            chart.add(status.label, ind.plan_states.get(status, 0))
    elif name == "delais":
        buckets = ind.delay_histogram()
        chart = pygal.Bar(
            **_config(
                title="Délai jusqu'au premier contact (situations)",
                show_legend=False,
                y_labels=_integer_axis([n for _, n in buckets]),
            )
        )
        chart.x_labels = [label for label, _ in buckets]
        chart.add("Situations", [n for _, n in buckets])
    elif name == "impayes":
        chart = pygal.Bar(**_config(title="Impayé moyen par dossier mesuré (€)"))
        chart.x_labels = [f"{h.months} mois" for h in ind.arrears]
        chart.add("Au signalement", [round(h.mean_at_referral) if h.cases else None for h in ind.arrears])
        chart.add("À l'échéance", [round(h.mean_after) if h.cases else None for h in ind.arrears])
    elif name == "cout":
        chart = _horizontal(
            "Coût et budget (€)", [("Coût engagé", float(ind.cost)), ("Budget", float(ind.budget))], whole=False
        )
    elif name == "origines":
        chart = _horizontal("Origine de l'impayé (dossiers)", list(ind.origins.items()) or [("Aucune", 0)])
    elif name == "services":
        chart = _horizontal("Passages de relais par service", list(ind.handover_services.items()) or [("Aucun", 0)])
    else:
        raise KeyError(name)
    # Even with js=[], pygal writes an inline <script> holding its tooltip configuration: nothing runs it here.
    # Its anchor ids repeat from one chart to the next: harmless alone, duplicates once several sit in one PDF.
    svg = SCRIPT.sub("", chart.render(is_unicode=True))
    return ANCHOR_IDS.sub("", svg).encode()
