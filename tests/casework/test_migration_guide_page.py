"""Casework's 0016: a carnet de route step's typed guide address becomes the live page served at that path, or is
dropped with the step's text kept (issue 18)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casework.models import RoadmapAction
from home.models import GuideIndexPage
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.home.factories import guide, publish, site_tree

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_migration_turns_addresses_into_pages_or_drops_them(association):
    home = site_tree()["home"]
    fsl = guide(publish(home, GuideIndexPage(title="Guide", slug="guide")), slug="fsl")
    # The case is made with today's models, before stepping back: later migrations' columns exist only then.
    case_id = CaseFactory(programme=ProgrammeFactory(association=association)).pk
    executor = MigrationExecutor(connection)
    before, after = [("casework", "0015_merge_20261130_1156")], [("casework", "0016_roadmap_guide_page")]
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps.get_model("casework", "RoadmapAction")
        addresses = ["/guide/fsl/", "/guide/fsl", "/guide/nulle-part/", "//guide/fsl/", "https://x.example/guide/fsl/"]
        ids = [old.objects.create(case_id=case_id, title=f"Étape {a}", guide_url=a).pk for a in addresses]
        executor = MigrationExecutor(connection)
        executor.migrate(after)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    steps = [RoadmapAction.objects.get(pk=pk) for pk in ids]
    assert [s.guide_page_id for s in steps] == [fsl.pk, fsl.pk, None, None, None]
    assert [s.title for s in steps] == [f"Étape {a}" for a in addresses]  # the text is kept
