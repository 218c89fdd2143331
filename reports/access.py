"""Who may see an issued report, in one place: whoever may see its assessment
(Assessment.objects.visible_to). Anything else answers 404."""

from django.core.cache import caches
from django.http import Http404

from assessments.models import Assessment
from reports.models import IssuedReport


def issued_report_for_viewer(user, pk: int) -> IssuedReport:
    """The issued report, if the user may see its assessment (Assessment.objects.visible_to:
    directors, its assigned assessors and the school's staff — its headteachers and school
    users; an issued report's assessment is always confirmed, the only kind the school's staff
    see). Anyone else gets 404.

    One query, which reads only the report's own row, or none when the same user, with the
    same role and school, was shown the same report before. A refusal is never kept: a report
    id that does not exist yet may be issued later."""
    # An issued report never changes and is never deleted (reports.models), and the assessment
    # it belongs to is confirmed, so frozen: who may see it changes only when the viewer does.
    # A decision to show it is kept in the process's own memory under the viewer's fingerprint.
    key = f"issued-report:{pk}:seen-by:{user.access_fingerprint}"
    remembered = caches["immutable"]
    report = remembered.get(key)
    if report is None:
        report = IssuedReport.objects.filter(
            pk=pk, assessment__in=Assessment.objects.visible_to(user)
        ).first()
        if report is None:
            raise Http404("No such report.")
        remembered.set(key, report)
    return report
