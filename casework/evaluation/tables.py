"""The indicator tables each audience sees, with small-cell suppression for the funder's sensitive breakdowns.

- association: everything for its programmes, sensitive breakdowns in full;
- landlord: headline figures only (no breakdown by origin, scheme or receiving service: docs/rules.md § 4), on
  the cases it may know of (CaseQuerySet.landlord_known), its breakdowns (outcomes, failures, plans) masked as the
  funder's;
- funder: headline figures in full and every breakdown (outcomes, failures, plans, origin, receiving service)
  with every cell under 5 shown "< 5", plus secondary suppression so that the published total cannot give a hidden cell back; the
  orientation schemes (free text typed by workers) stay with the association.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from casework.enums import Outcome, PlanStatus
from casework.evaluation import funnel
from casework.evaluation.indicators import failure_label
from portal import formats

ASSOCIATION = "association"
LANDLORD = "landlord"
FUNDER = "funder"
AUDIENCE_LABELS = {
    ASSOCIATION: "Association : toutes les données du programme",
    LANDLORD: "Bailleur : version pseudonymisée",
    FUNDER: "Financeur : version pseudonymisée, petits effectifs masqués",
}
THRESHOLD = 5
PRIMARY = "< 5"
SECONDARY = "s"


@dataclass
class Cell:
    label: str
    value: int
    display: str
    suppressed: str = ""  # "", "primary" or "secondary"


def suppress(counts, threshold=THRESHOLD):
    """Cells under `threshold` show "< 5"; if a single cell is hidden, the next smallest is hidden too ("s"),
    because the total (published in full) minus the others would give it back."""
    cells = [Cell(label, value, str(value)) for label, value in counts.items()]
    primary = [c for c in cells if c.value < threshold]
    for cell in primary:
        cell.display, cell.suppressed = PRIMARY, "primary"
    if len(primary) == 1 and len(cells) > 1:
        visible = sorted((c for c in cells if not c.suppressed), key=lambda c: c.value)
        visible[0].display, visible[0].suppressed = SECONDARY, "secondary"
    return cells


def plain(counts):
    return [Cell(label, value, str(value)) for label, value in counts.items()]


def breakdown(counts, audience):
    """A breakdown's cells as this audience sees them: in full for the association, under 5 masked for the
    funder and the landlord (a count of 1 could point at one household)."""
    return plain(counts) if audience == ASSOCIATION else suppress(counts)


# The chart and its table say the same thing: means per measured case, not totals.
ARREARS_TITLE = "Impayé moyen au signalement et après"
MASK_NOTE = "« < 5 » : moins de 5 ; « s » : masqué pour que le total ne permette pas de retrouver une petite valeur."


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    sensitive: bool = False
    note: str = ""
    suppressed: bool = False


def fmt_number(value, unit=""):
    """Amounts in whole euros, shares and lengths to one decimal (« 12,5 »), counts as they are: portal.formats."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        text = formats.number(value, 0)
    elif isinstance(value, float):
        text = formats.number(round(value, 1))
    else:
        text = formats.number(value)
    return f"{text}{unit}"


def fmt_share(part, whole):
    if not whole:
        return "—"
    return f"{part} sur {whole} ({fmt_number(round(100 * part / whole, 1), ' %')})"


def fmt_days(value):
    return "—" if value is None else formats.count(round(float(value), 1), "jour")


def fmt_at_most_days(value):
    """A nearest-rank percentile is a real case's delay, reached and not exceeded: « en au plus 6 jours »."""
    return "—" if value is None else formats.at_most_days(value)


def tables(ind, audience, funnel_result=None):
    """The tables of the dashboard, the CSV and the report, in order (the contact funnel after the delays)."""
    result = [
        _situations(ind),
        _follow_ups(ind, audience),
        _failures(ind, audience),
        _delays(ind),
        _arrears(ind),
        _tenancy(ind),
        _cost(ind),
        _handovers(ind),
    ]
    if funnel_result is not None:
        result.insert(4, funnel_table(funnel_result, audience))
    if audience == LANDLORD:
        return result
    return result + _breakdowns(ind, audience)


def _breakdowns(ind, audience):
    """Counts by origin, scheme and partner service: the association's and (suppressed) the funder's only."""
    result = []
    breakdowns = [
        ("origines", "Origine de l'impayé", "Origine", "Dossiers", ind.origins),
        ("dispositifs", "Orientations par dispositif", "Dispositif", "Orientations", ind.orientation_schemes),
        (
            "services",
            "Passages de relais par service",
            "Service partenaire",
            "Passages de relais",
            ind.handover_services,
        ),
    ]
    for key, title, label, unit, counts in breakdowns:
        if audience == FUNDER and key == "dispositifs":
            # A scheme is typed by the worker (free text): its name stays with the association.
            continue
        cells = suppress(counts) if audience == FUNDER else plain(counts)
        table = Table(key, title, [label, unit], [[c.label, c.display] for c in cells], sensitive=True)
        if audience == FUNDER:
            table.suppressed = True
            table.note = MASK_NOTE
        if key == "origines":
            table.note = (table.note + " Un dossier peut avoir plusieurs origines.").strip()
        if not counts:
            table.rows = [["Aucun", "0"]]
        result.append(table)
    return result


def _situations(ind):
    return Table(
        "situations",
        "Situations",
        ["Indicateur", "Nombre"],
        [
            ["Situations repérées (signalées par le bailleur)", fmt_number(ind.identified)],
            ["Situations prises en charge par l'association", fmt_number(ind.taken_on)],
            ["dont signalements hors critères acceptés", fmt_number(ind.outside_criteria_accepted)],
            ["Situations traitées (contact établi)", fmt_number(ind.treated)],
            ["Dossiers clos", fmt_number(ind.closed)],
        ],
    )


def _follow_ups(ind, audience):
    plans = ind.plan_states
    return Table(
        "suites",
        "Suites données",
        ["Suite", "Nombre"],
        [
            ["Plan d'apurement mis en place", fmt_number(ind.plans_set_up)],
            *[
                [c.label, c.display]
                for c in breakdown(
                    {
                        "… respecté": plans.get(PlanStatus.RESPECTED, 0),
                        "… inconnu (relevé manquant)": plans.get(PlanStatus.UNKNOWN, 0),
                        "… non respecté": plans.get(PlanStatus.BROKEN, 0),
                        "… à venir (première échéance non atteinte)": plans.get(PlanStatus.UPCOMING, 0),
                    },
                    audience,
                )
            ],
            *[
                [c.label, c.display]
                for c in breakdown({f"Clos : {Outcome(o).label.lower()}": n for o, n in ind.outcomes.items()}, audience)
            ],
            [
                "Dialogue bailleur-ménage rétabli (dossiers clos où il est renseigné)",
                fmt_share(ind.dialogue_restored, ind.dialogue_recorded),
            ],
        ],
        note="" if audience == ASSOCIATION else MASK_NOTE,
        suppressed=audience != ASSOCIATION,
    )


def _failures(ind, audience):
    return Table(
        "echecs",
        "Échecs",
        ["Motif", "Nombre"],
        [
            [c.label, c.display]
            for c in breakdown({failure_label(o).capitalize(): n for o, n in ind.failures.items()}, audience)
        ]
        + [["Total des échecs", fmt_number(ind.failures_total)]],
        note="" if audience == ASSOCIATION else MASK_NOTE,
        suppressed=audience != ASSOCIATION,
    )


def _delays(ind):
    return Table(
        "delais",
        "Délais",
        ["Indicateur", "Valeur"],
        [
            ["Délai du signalement au premier contact : médiane", fmt_days(ind.delay_median)],
            ["Délai du signalement au premier contact : 9 situations sur 10", fmt_at_most_days(ind.delay_p90)],
            ["Contact établi dans le délai du programme", fmt_share(ind.within_deadline, ind.deadline_due)],
            ["Durée de l'accompagnement (contact → clôture) : médiane", fmt_days(ind.support_median)],
            ["Durée de l'accompagnement : 9 situations sur 10", fmt_at_most_days(ind.support_p90)],
        ],
    )


def _arrears(ind):
    return Table(
        "impayes",
        ARREARS_TITLE,
        [
            "Échéance",
            "Dossiers mesurés",
            "Impayé moyen au signalement",
            "Impayé moyen à l'échéance",
            "Évolution",
        ],
        [
            [
                f"{h.months} mois après le signalement",
                fmt_number(h.cases),
                fmt_number(h.mean_at_referral, " €") if h.cases else "—",
                fmt_number(h.mean_after, " €") if h.cases else "—",
                fmt_number(h.change, " %") if h.change is not None else "—",
            ]
            for h in ind.arrears
        ],
        note="Moyenne par dossier mesuré. Un dossier est mesuré à une échéance s'il a un relevé du bailleur daté des "
        "deux mois qui la précèdent.",
    )


def _tenancy(ind):
    return Table(
        "maintien",
        "Maintien dans le logement après la clôture",
        ["Échéance", "Dossiers clos depuis au moins ce délai", "Toujours dans le logement"],
        [
            [f"{t.months} mois après la clôture", fmt_number(t.closed), fmt_share(t.in_place, t.closed)]
            for t in ind.tenancy
        ],
    )


def _cost(ind):
    return Table(
        "cout",
        "Coût et capacité",
        ["Indicateur", "Valeur"],
        [
            [
                f"Coût : {fmt_number(ind.cost_per_situation, ' €')} × {ind.taken_on} situations prises en charge",
                fmt_number(ind.cost, " €"),
            ],
            ["Budget du programme", fmt_number(ind.budget, " €")],
            ["Part du budget engagée", fmt_number(ind.budget_share, " %")],
            [
                f"Capacité de la période ({ind.yearly_capacity} situations par an)",
                fmt_number(ind.period_capacity),
            ],
            ["Capacité utilisée", fmt_number(ind.capacity_share, " %")],
            ["En liste d'attente à la date de mesure (programme complet)", fmt_number(ind.waiting)],
        ],
    )


def _handovers(ind):
    return Table(
        "relais",
        "Passages de relais, mutations et rendez-vous",
        ["Indicateur", "Nombre"],
        [
            ["Passages de relais vers un service partenaire", fmt_number(ind.handovers)],
            ["Demandes de mutation déposées", fmt_number(ind.transfers_filed)],
            ["Mutations réalisées", fmt_number(ind.transfers_done)],
            ["Rendez-vous tenus", fmt_number(ind.appointments_held) if ind.appointments_tracked else "—"],
            [
                "Rendez-vous manqués (ménage absent)",
                fmt_number(ind.appointments_missed) if ind.appointments_tracked else "—",
            ],
        ],
    )


def funnel_table(result, audience):
    """The contact funnel (casework.evaluation.funnel) by channel: for the landlord and the funder, each step's
    counts by channel go through the same masking as the other breakdowns (« Ensemble » is published in full), and
    the delay and share of a channel with fewer than 5 contacts are not shown."""
    from_channels = [key for key in funnel.CHANNELS if key != funnel.ALL]
    rows = []
    for step, label in funnel.STEPS.items():
        cells = breakdown({key: result.columns[key].counts[step] for key in from_channels}, audience)
        shown = {key: cell.display for key, cell in zip(from_channels, cells, strict=True)}
        if step in ("invited", "delivered"):
            shown[funnel.LETTER] = "—"
        rows.append(
            [label, *[shown[key] for key in from_channels], fmt_number(result.columns[funnel.ALL].counts[step])]
        )
    rows.append([CONTACT_DELAY_LABEL, *_by_column(result, audience, "median")])
    rows.append(["Contact établi au plus tard le jour de l'échéance", *_by_column(result, audience, "share")])
    return Table(
        "entonnoir",
        "Entonnoir du contact, par canal d'invitation",
        ["Étape", *funnel.CHANNELS.values()],
        rows,
        note=FUNNEL_NOTE + ("" if audience == ASSOCIATION else " " + MASK_NOTE),
        suppressed=audience != ASSOCIATION,
    )


CONTACT_DELAY_LABEL = "Délai jusqu'au contact : médiane"
FUNNEL_NOTE = (
    "Un dossier invité par SMS et par e-mail compte dans les deux colonnes ; « Courrier seul » : aucune invitation "
    "envoyée par le portail. E-mail : « reçue » veut dire envoyée (pas d'accusé de réception). Le délai et "
    "l'échéance courent du signalement, ou du jour où l'association a accepté un signalement hors critères, ou de "
    "la sortie de la liste d'attente."
)


def _by_column(result, audience, what):
    values = []
    for key in funnel.CHANNELS:
        column = result.columns[key]
        if audience != ASSOCIATION and key != funnel.ALL and column.counts["contact"] < THRESHOLD:
            values.append(PRIMARY)
        elif what == "median":
            values.append(fmt_days(column.delay_median))
        else:
            values.append(fmt_share(column.within_deadline, column.deadline_due))
    return values
