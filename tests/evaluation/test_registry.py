"""Every model with a path to a case or a household declares how it is exported and erased."""

import pytest
from django.apps import apps

from casework.models import Case
from portal.privacy import registry as household_data

ROOTS = {"casework.case", "casework.household"}


def linked_to_household(model, depth=4, seen=None):
    """True when a chain of forward relations (foreign key, one-to-one, many-to-many) reaches a case or a household."""
    seen = seen or set()
    if model._meta.label_lower in ROOTS:
        return True
    if depth == 0 or model in seen:
        return False
    seen = seen | {model}
    for field in model._meta.get_fields():
        if field.is_relation and not field.auto_created and field.related_model is not None:
            if field.related_model is model:
                continue
            if linked_to_household(field.related_model, depth - 1, seen):
                return True
    return False


def test_every_household_model_is_registered():
    missing = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.auto_created or not linked_to_household(model):
            continue
        if label not in household_data.REGISTRY and label not in household_data.EXEMPT:
            missing.append(model._meta.label)
    assert missing == [], (
        f"Models holding household data with no export and erasure rule: {missing}. "
        "Declare them in the app's data_protection.py or apps.py (portal.privacy.registry: register or exempt with a reason)."
    )


def test_the_enumeration_finds_the_known_ones():
    found = {m._meta.label for m in apps.get_models() if linked_to_household(m)}
    assert {"casework.Case", "casework.Diagnostic", "casework.ReviewComment", "casework.ArrearsImportRow"} <= found
    if apps.is_installed("messaging"):
        assert "messaging.Attachment" in found


@pytest.mark.django_db
def test_every_registered_path_is_valid():
    for entry in household_data.entries():
        str(entry.queryset(Case.objects.all()).query)  # raises FieldError on a wrong path
        for name in entry.files:
            entry.model._meta.get_field(name)
        if isinstance(entry.erase, dict):
            for name in entry.erase:
                entry.model._meta.get_field(name)
