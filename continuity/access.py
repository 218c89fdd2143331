"""Who may read and write a visit's continuity pages, in one place: the visit's team reads them
and its assigned assessors write them (assessments.access), and only on the pages the visit has
(continuity.parts.applies). Anything else answers 404."""

from django.http import Http404

from assessments.access import assessment_for_editor, assessment_for_team
from assessments.models import Assessment
from continuity.parts import applies


def _with_page(assessment: Assessment, key: str) -> Assessment:
    # Progress since the previous visit is also kept for items imported into a visit that
    # follows none, so that page is always there.
    if key != "previous" and not applies(assessment, key):
        raise Http404("This visit has no such page.")
    return assessment


def visit_for_team(user, pk: int, key: str) -> Assessment:
    """The visit, if the user is on its team (or a director) and it has the page `key`."""
    return _with_page(assessment_for_team(user, pk), key)


def visit_for_editor(user, pk: int, key: str) -> Assessment:
    """The visit, if the user is one of its assigned assessors and it has the page `key`."""
    return _with_page(assessment_for_editor(user, pk), key)
