"""The letter's pages — the school's letter page, the public verification page and the public
letter page — run a fixed number of queries, however many letters have been issued; and with
the shared cache a repeated request runs none but the session's (tests/pagecache covers the
cache itself)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Status
from reports import publishing, verification
from reports.models import IssuedReport
from tests.factories import AssessmentFactory, HeadteacherFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def issue_others(director, count: int) -> None:
    """`count` more issued letters, of other schools (placeholder files: the pages never read them)."""
    for n in range(count):
        assessment = AssessmentFactory(
            school=SchoolFactory(),
            status=Status.CONFIRMED,
            confirmed_by=director,
            confirmed_at=timezone.now(),
        )
        IssuedReport.objects.create(
            assessment=assessment,
            revision=1,
            file=f"other-{n}.pdf",
            filename=f"other-{n}.pdf",
            sha256="0" * 64,
            size=1000,
            created_at=timezone.now(),
            created_by=director,
            verification_code=verification.new_unused_code(),
        )


def queries(client, path: str) -> int:
    client.get(path)  # one-off work: the sign-in checks, the access decision kept
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.fixture
def pages(confirmed):
    report = confirmed.issued_report
    headteacher = HeadteacherFactory(school=confirmed.school)
    publishing.set_published(report, headteacher, True)
    return headteacher, [
        (headteacher, reverse("issued_letter", args=[report.pk])),
        (None, reverse("verify_letter", args=[report.verification_code])),
        (None, reverse("verify_letter_html", args=[report.verification_code])),
    ]


# Without the shared cache (the tests' default): the session and the user, then the report
# with its assessment, school and award level, later revisions (superseded?), and whether it
# is published; the public pages look the code up first and have no session (the public
# letter asks once whether it is published, with the code).
EXPECTED = {"issued_letter": 5, "verify_letter": 4, "verify_letter_html": 4}


def test_the_letter_pages_run_the_same_queries_for_one_letter_issued_or_many(client, pages, director):
    _headteacher, paths = pages
    counts = []
    for size in (0, 6):
        issue_others(director, size)
        measured = {}
        for user, path in paths:
            if user is None:
                client.logout()
            else:
                client.force_login(user)
            measured[path] = queries(client, path)
        counts.append(measured)
    assert counts[0] == counts[1]
    names = ["issued_letter", "verify_letter", "verify_letter_html"]
    assert dict(zip(names, counts[0].values(), strict=True)) == EXPECTED
