"""Every template of the project compiles: a filter used without its `{% load %}` fails here, not on a page."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template

TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.mark.parametrize(
    "name", sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html")), ids=str
)
def test_the_template_compiles(name):
    get_template(name)
