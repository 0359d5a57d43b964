"""Fixtures shared by the public-site tests."""

import pytest

from home import demo
from portal import demo as portal_demo


@pytest.fixture
def loaded(db):
    """The demo's public site: every page, the glossary, the settings, the synonyms, the search index."""
    portal_demo.load()
    demo.load()
