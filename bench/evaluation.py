"""Benchmark: the indicators over 10,000 cases (target < 1 s) and the PDF evaluation report (target < 3 s).

Run from the project root:
    .venv/bin/python bench/evaluation.py                      # SQLite (a throw-away test database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_evaluation .venv/bin/python bench/evaluation.py
It creates a throw-away test database, prints its figures and destroys the database.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

CASES = 10_000
ROUNDS = 5


def timed(function, rounds):
    durations, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - start)
    return durations, result


def main():
    from datetime import date

    from casework.evaluation import indicators
    from casework.evaluation.pdf import render_pdf
    from casework.evaluation.tables import ASSOCIATION, FUNDER
    from casework.evaluation.views import report_context
    from tests.evaluation.factories import bulk_cases, evaluation_programme

    setup_test_environment()
    # A database of its own, so that a test run in the same worktree is not disturbed.
    test_settings = settings.DATABASES["default"].setdefault("TEST", {})
    if connection.vendor == "sqlite" and test_settings.get("NAME"):
        test_settings["NAME"] = str(Path(test_settings["NAME"]).with_name("bench-evaluation.sqlite3"))
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        print(f"Database: {connection.vendor}")
        programme = evaluation_programme()
        start = time.perf_counter()
        bulk_cases(programme, CASES)
        print(
            f"Built {CASES:,} cases (with plans, statements, diagnostics, handovers) in {time.perf_counter() - start:.1f} s"
        )
        period = indicators.Period.first_months(programme, 12)
        with CaptureQueriesContext(connection) as queries:
            durations, result = timed(lambda: indicators.compute(programme, period, today=date(2026, 12, 31)), ROUNDS)
        print(
            f"Indicators over {result.identified:,} cases: median {statistics.median(durations) * 1000:.0f} ms, "
            f"max {max(durations) * 1000:.0f} ms over {ROUNDS} rounds (target < 1,000 ms); "
            f"{len(queries) // ROUNDS} queries per computation"
        )
        for audience in (ASSOCIATION, FUNDER):
            cold = time.perf_counter()
            pdf = render_pdf("evaluation/report.html", report_context(programme, audience, period, result))
            first = time.perf_counter() - cold
            durations, pdf = timed(
                lambda audience=audience: render_pdf(
                    "evaluation/report.html",
                    report_context(
                        programme, audience, period, indicators.compute(programme, period, today=date(2026, 12, 31))
                    ),
                ),
                3,
            )
            render_only, _ = timed(
                lambda audience=audience: render_pdf(
                    "evaluation/report.html", report_context(programme, audience, period, result)
                ),
                3,
            )
            print(
                f"PDF report ({audience}): first {first * 1000:.0f} ms; then median "
                f"{statistics.median(durations) * 1000:.0f} ms with the indicators computed, "
                f"{statistics.median(render_only) * 1000:.0f} ms for the rendering alone (target < 3,000 ms); "
                f"{len(pdf) // 1024} KiB"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
