"""The small-cell threshold at its edge: 4 is masked, 5 is published (docs/rules.md § 4, « Petits effectifs »)."""

from casework.evaluation import funnel
from casework.evaluation.tables import CONTACT_DELAY_LABEL, FUNDER, PRIMARY, funnel_table, suppress


def test_four_is_masked_and_five_is_shown():
    cells = {c.label: c for c in suppress({"trois": 3, "quatre": 4, "cinq": 5})}
    assert (cells["trois"].display, cells["quatre"].display) == (PRIMARY, PRIMARY)
    assert (cells["cinq"].display, cells["cinq"].suppressed) == ("5", "")


def test_a_channel_with_four_contacts_hides_its_delay_and_share_and_five_shows_them():
    result = funnel.Funnel(period=None, measured_on=None)
    for key, contacts in ((funnel.SMS, 4), (funnel.EMAIL, 5), (funnel.LETTER, 5), (funnel.ALL, 14)):
        column = result.columns[key]
        column.counts["contact"], column.delays = contacts, [3] * contacts
        column.deadline_due = column.within_deadline = contacts
    rows = {row[0]: row[1:] for row in funnel_table(result, FUNDER).rows}
    sms, email, letter, together = rows["Contact établi au plus tard le jour de l'échéance"]
    assert sms == PRIMARY
    assert PRIMARY not in (email, letter, together)
    assert rows[CONTACT_DELAY_LABEL][0] == PRIMARY
    assert rows[CONTACT_DELAY_LABEL][1] != PRIMARY
