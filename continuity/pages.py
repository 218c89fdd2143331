"""The assessor's continuity pages as the editor's navigation and overview list them: progress
since the previous visit (a visit that follows another), the targets for the coming year (kinds
that record them) and the research project (kinds that record one). No queries: the kind and
its award level come with the assessment (assessments.access), completeness with the workspace."""

from django.urls import reverse

from assessments.workspace import Page

PAGES = (
    ("previous", "Progress since the previous visit", "continuity_previous"),
    ("targets", "Targets for the coming year", "continuity_targets"),
    ("research", "Research project", "continuity_research"),
)
TITLES = {key: title for key, title, _ in PAGES}
URL_NAMES = {key: name for key, _, name in PAGES}


def applies(assessment, key: str) -> bool:
    """Whether the page is one of this visit's."""
    if key == "previous":
        return assessment.previous_assessment_id is not None
    if key == "targets":
        return assessment.kind.records_targets
    if key == "research":
        return assessment.kind.records_research_project
    return False


def page_url(assessment, key: str) -> str:
    return reverse(URL_NAMES[key], args=[assessment.pk])


def page_for(workspace, key: str) -> Page:
    assessment = workspace.assessment
    parts = [part for part in workspace.missing if part.section == key]
    return Page(key, TITLES[key], page_url(assessment, key), not parts, parts)


def continuity_pages(workspace) -> list[Page]:
    """This visit's continuity pages, in order, each with what it still lacks."""
    return [page_for(workspace, key) for key, _, _ in PAGES if applies(workspace.assessment, key)]
