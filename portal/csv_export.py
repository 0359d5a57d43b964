"""The CSV files the portal writes: one writer, so that no text cell can run as a formula in a spreadsheet.

A text cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'` (OWASP, "CSV
Injection"): a name typed as `=HYPERLINK(...)` in the public contact form or a referral reads as text. Numbers stay
numbers. Semicolon-separated with a byte order mark, as French spreadsheets expect.
"""

import csv
import re
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A number already written as French text ("-12,5 %", "-1 200 €"): it stays a number, it cannot be a formula.
FORMATTED_NUMBER = re.compile(r"-?\d[\d\u202f\u00a0 ]*(?:[.,]\d+)?\s?(?:%|€)?")


def safe_cell(value):
    if value is None or isinstance(value, (bool, int, float, Decimal, date, datetime)):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES) and not FORMATTED_NUMBER.fullmatch(text):
        return "'" + text
    return text


class SafeWriter:
    """csv.writer's interface (writerow, writerows) with every cell through safe_cell."""

    def __init__(self, stream):
        self._writer = csv.writer(stream, delimiter=";")

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(stream):
    return SafeWriter(stream)


def response(filename):
    """An attachment response ready for a SafeWriter (byte order mark written, never cached)."""
    result = HttpResponse(content_type="text/csv; charset=utf-8")
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    result["Cache-Control"] = "private, no-store"
    result.write("\ufeff")
    return result
