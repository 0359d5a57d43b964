"""Issue 18 on the evaluation pages: the default period shows recent activity, one way to choose the period,
titles that say what their tables hold, « 9 situations sur 10 en au plus N jours », no two landmarks alike."""

import re
from collections import Counter
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
import time_machine

from casework.evaluation import indicators, tables
from casework.evaluation.indicators import ArrearsHorizon, Period
from portal import formats
from tests.casework.factories import ProgrammeFactory
from tests.evaluation.factories import evaluation_programme, hand_computed, make_case

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-28 10:00 +01:00", tick=False):
        yield


@pytest.fixture
def programme(association, landlord):
    programme = evaluation_programme(association=association, landlord=landlord)
    hand_computed(programme)
    return programme


@pytest.fixture
def old_programme(association, landlord):
    """Started nearly three years ago: its first 12 months hold none of today's activity."""
    return ProgrammeFactory(association=association, landlord=landlord, start_date=date(2024, 1, 1))


def dashboard(client, programme, query=""):
    return client.get(f"/partenaires/evaluation/{programme.pk}/?{query}")


def test_the_default_period_is_the_last_12_months_up_to_today(old_programme):
    period = Period.recent(old_programme, TODAY)
    assert (period.start, period.end) == (date(2025, 11, 29), TODAY)
    assert period.label == "12 derniers mois (du 29/11/2025 au 28/11/2026)"


@pytest.mark.parametrize(
    ("referred_on", "counted"),
    [(date(2025, 11, 28), False), (date(2025, 11, 29), True), (date(2026, 6, 1), True), (TODAY, True)],
)
def test_the_default_period_boundary(old_programme, worker, verified_client, referred_on, counted):
    make_case(old_programme, referred_on)
    response = dashboard(verified_client(worker), old_programme)
    assert response.context["period"].key == "recent"
    assert response.context["ind"].identified == (1 if counted else 0)


def test_the_default_period_never_starts_before_the_programme(programme):
    assert Period.recent(programme, TODAY).start == date(2026, 1, 1)


def test_one_form_two_dates_and_shortcut_links(programme, worker, verified_client):
    html = unescape(dashboard(verified_client(worker), programme).content.decode())
    assert 'name="periode"' not in html and "<select" not in html
    assert html.count('name="du"') == 1 and html.count('name="au"') == 1
    # The form shows the period the page shows.
    assert 'value="2026-01-01"' in html and 'value="2026-11-28"' in html
    assert '<a href="?du=2026-01-01&au=2026-06-30">6 premiers mois du programme</a>' in html
    assert '<a href="?du=2026-01-01&au=2026-11-28" aria-current="true">12 derniers mois</a>' in html


def test_dates_matching_a_preset_are_named_after_it(programme, worker, verified_client):
    response = dashboard(verified_client(worker), programme, "du=2026-01-01&au=2026-06-30")
    assert response.context["period"].key == "6m"
    assert "6 premiers mois du programme (du 01/01/2026 au 30/06/2026)" in unescape(response.content.decode())


def test_earlier_links_still_open_their_period_with_its_dates_filled_in(programme, worker, verified_client):
    response = dashboard(verified_client(worker), programme, "periode=12m")
    assert response.context["period"].end == date(2026, 12, 31)
    assert 'value="2026-12-31"' in response.content.decode()


def test_dates_typed_win_over_a_leftover_preset(programme, worker, verified_client):
    response = dashboard(verified_client(worker), programme, "periode=6m&du=2026-03-01&au=2026-03-31")
    assert (response.context["period"].start, response.context["period"].end) == (date(2026, 3, 1), date(2026, 3, 31))


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("du=2026-03-01", "au", "Indiquez la date de fin de la période."),
        ("du=mars&au=2026-03-31", "du", "Indiquez une date, par exemple 01/03/2026."),
        ("du=2026-05-01&au=2026-02-01", "au", "La date de fin doit être après la date de début."),
    ],
)
def test_refused_dates_keep_the_default_period_and_say_why(programme, worker, verified_client, query, field, message):
    response = dashboard(verified_client(worker), programme, query)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert response.context["period"].key == "recent"


def test_the_arrears_table_holds_the_means_its_title_announces():
    ind = indicators.Indicators(programme_id=1, period=Period(TODAY, TODAY), measured_on=TODAY)
    ind.arrears = [ArrearsHorizon(3, cases=2, at_referral=Decimal("2300"), after=Decimal("1400"))]
    table = tables._arrears(ind)
    assert table.title == "Impayé moyen au signalement et après"
    assert table.columns[2:4] == ["Impayé moyen au signalement", "Impayé moyen à l'échéance"]
    assert table.rows[0][2:4] == [formats.number(Decimal(1150), 0) + " €", "700 €"]  # 2 300 € and 1 400 € over 2


def test_every_chart_section_title_over_the_arrears_table_matches(programme, worker, verified_client):
    html = unescape(dashboard(verified_client(worker), programme).content.decode())
    section = html[html.index('id="chart-impayes"') : html.index("</section>", html.index('id="chart-impayes"'))]
    assert ">Impayé moyen au signalement et après</h2>" in section
    assert "<caption>Impayé moyen au signalement et après" in section
    assert "(total)" not in html


@pytest.mark.parametrize(
    ("days", "text"),
    [(0, "le jour même"), (1, "en au plus 1 jour"), (6, "en au plus 6 jours"), (2.5, "en au plus 2,5 jours")],
)
def test_at_most_days_the_french_way(days, text):
    assert formats.at_most_days(days) == text


def test_nine_situations_out_of_ten(programme, worker, verified_client):
    response = dashboard(verified_client(worker), programme, "periode=6m")
    p90 = response.context["ind"].delay_p90
    html = unescape(response.content.decode())
    expected = f'<th scope="row">Délai du signalement au premier contact : 9 situations sur 10</th><td>en au plus {p90} jours</td>'
    assert expected in html
    assert "en moins de" not in html


def test_no_two_landmarks_share_a_name(programme, worker, verified_client):
    html = unescape(dashboard(verified_client(worker), programme).content.decode())
    labels = re.findall(r'aria-label="([^"]+)"', html)
    labelled_by = re.findall(r'aria-labelledby="([^"]+)"', html)
    names = labels + [re.search(rf'id="{re.escape(i)}"[^>]*>([^<]+)<', html).group(1) for i in labelled_by]
    assert [name for name, n in Counter(names).items() if n > 1] == []
