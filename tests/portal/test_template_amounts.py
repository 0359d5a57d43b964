"""Templates print amounts and numbers through portal.formats (`{% load fr %}`: |montant, |nombre), never raw
Decimals nor |floatformat: « 1 398,52 € » everywhere, as in e-mails, CSVs and PDFs."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

ROOT = Path(settings.BASE_DIR)
VARIABLE = re.compile(r"{{\s*([^}]*?)\s*}}")


def _template_files():
    folders = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    folders += [Path(app.path) / "templates" for app in apps.get_app_configs() if str(app.path).startswith(str(ROOT))]
    return sorted({path for folder in folders if folder.is_dir() for path in folder.rglob("*.html")})


def _decimal_fields():
    return {
        field.name
        for model in apps.get_models()
        if str(apps.get_app_config(model._meta.app_label).path).startswith(str(ROOT))
        for field in model._meta.concrete_fields
        if isinstance(field, models.DecimalField)
    }


def offences(text, decimal_names, name="t.html"):
    found = [f"{name}: |floatformat" for _ in re.finditer(r"\|\s*floatformat", text)]
    for match in VARIABLE.finditer(text):
        expression = match.group(1)
        head, _, filters = expression.partition("|")
        # An object's Decimal field (a bare name may be a form field: the diagnostic's budget rows).
        owner, dot, attribute = head.strip().rpartition(".")
        if dot and attribute in decimal_names and not re.match(r"\s*(montant|nombre)\b", filters):
            found.append(f"{name}: {{{{ {expression} }}}} prints a raw Decimal")
    return found


def test_no_template_prints_a_raw_decimal_or_uses_floatformat():
    names = _decimal_fields()
    assert {"balance", "monthly_rent", "start_balance"} <= names
    found = []
    for path in _template_files():
        found += offences(path.read_text(encoding="utf-8"), names, str(path.relative_to(ROOT)))
    assert found == []


def test_the_scan_finds_raw_amounts_and_lets_formatted_ones_through():
    names = {"balance", "budget"}
    assert offences("{{ plan.balance }}", names) and offences("{{ x|floatformat:2 }}", names)
    assert offences("{{ ind.budget|default:0 }}", names)
    assert offences("{{ plan.balance|montant }} {{ ind.budget|nombre:0 }} {{ case.pk }}", names) == []
