"""Accessibility check with axe-core, bundled by axe-playwright-python: works offline and under a strict CSP."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# WCAG 2.2 AA and axe's best practices (landmarks, one h1, headings in order…): the household's journey (issue 19).
STRICT_TAGS = [*WCAG_TAGS, "wcag22aa", "best-practice"]


def assert_accessible(page, best_practices=False):
    """Fail with the list of violations if axe-core reports any on the current page."""
    tags = STRICT_TAGS if best_practices else WCAG_TAGS
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}})
    violations = results.response["violations"]
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in violations
    )
    assert not violations, f"{page.url} : {len(violations)} violation(s) axe-core\n{details}"
