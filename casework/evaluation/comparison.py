"""Programmes side by side: the same tables as each programme's dashboard (casework.evaluation.tables, with the
version and the small-cell suppression of the reader's audience for that programme), one column per programme,
over each programme's own first 6 or 12 months, so that programmes started at different dates compare."""

from dataclasses import dataclass, field

from casework.evaluation import funnel, indicators
from casework.evaluation.tables import LANDLORD, MASK_NOTE, tables

MONTHS = {"6m": 6, "12m": 12}
MISSING = "—"


@dataclass
class Section:
    title: str
    rows: list = field(default_factory=list)  # [label, [cell per programme]]
    suppressed: bool = False


def programme_tables(programme, audience, months):
    period = indicators.Period.first_months(programme, months)
    known = audience == LANDLORD
    result = indicators.compute(programme, period, landlord_known=known)
    return period, tables(result, audience, funnel.compute(programme, period, landlord_known=known))


def side_by_side(programmes, scope, months):
    """(periods, sections): for each table title in the order first met, its rows' labels in the order first
    met, with each programme's cell as its own dashboard shows it (« — » where its version has no such row)."""
    columns = [programme_tables(programme, scope[programme.pk], months) for programme in programmes]
    sections = {}
    for index, (_, table_list) in enumerate(columns):
        for table in table_list:
            section = sections.setdefault(table.key, Section(table.title))
            section.suppressed = section.suppressed or table.suppressed
            labels = [row[0] for row in section.rows]
            for label, cell in _cells(table):
                if label not in labels:
                    section.rows.append([label, [MISSING] * len(columns)])
                    labels.append(label)
                section.rows[labels.index(label)][1][index] = cell
    return [period for period, _ in columns], list(sections.values())


def _cells(table):
    """(label, cell) per value: a table with several value columns (the funnel's channels) gives one line per
    row and column, « Signalés (SMS) »."""
    headers = table.columns[1:]
    for label, *cells in table.rows:
        if len(headers) == 1:
            yield label, cells[0]
        else:
            yield from ((f"{label} ({header})", cell) for header, cell in zip(headers, cells, strict=False))


NOTE = MASK_NOTE
