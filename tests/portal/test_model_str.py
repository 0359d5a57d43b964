"""Every model of the portal's apps says what it is in the admin, the shell and the logs (not "X object (1)")."""

import pytest
from django.apps import apps
from django.db import models

# The project's own apps: portal, home, casework (with appointments and casework.evaluation), messaging.
PORTAL_PACKAGES = {"portal", "home", "casework", "messaging"}


def portal_models():
    return [model for model in apps.get_models() if model._meta.app_config.name.split(".")[0] in PORTAL_PACKAGES]


@pytest.mark.parametrize("model", portal_models(), ids=lambda model: model._meta.label)
def test_model_defines_str(model):
    assert model.__str__ is not models.Model.__str__
