"""Casework's kinds of draft (portal.drafts registry): the keys each case holds."""

from casework.models import Diagnostic, TripartiteReview
from portal import drafts


def section_key_part(name):
    return name.replace("_", "-")


@drafts.kind("note")
def _note(case):
    """A worker's interview note on the case."""
    yield (case.pk,)


@drafts.kind("diagnostic")
def _diagnostic_texts(case):
    """Each free text of the case's diagnostic (the family's account, the notes…), before it is saved."""
    for name in Diagnostic.TEXTS:
        yield (case.pk, section_key_part(name))


@drafts.kind("review")
def _review_sections(case):
    """Each section of a review's minutes, for each review of the case and for one not yet created."""
    for review_id in [*case.reviews.values_list("pk", flat=True), "new"]:
        for name in TripartiteReview.SECTIONS:
            yield (case.pk, review_id, section_key_part(name))


@drafts.kind("review-comment")
def _review_comment(case):
    """The household's comment on shared minutes."""
    for review_id in case.reviews.values_list("pk", flat=True):
        yield (review_id,)
