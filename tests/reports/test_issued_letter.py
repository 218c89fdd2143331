"""The letter pages read an issued report as one row of values (verification.issued_letter):
the same IssuedLetter as the models give (IssuedLetter.of, which the upload and the badge
use), whether the letter prints the school as it was when confirmed (its snapshot) or the
school itself (an assessment without a snapshot)."""

import pytest
from django.db import connection

from reports import verification
from reports.models import IssuedReport
from schools.models import School

pytestmark = pytest.mark.django_db


def from_models(pk: int) -> verification.IssuedLetter:
    report = IssuedReport.objects.select_related("assessment__school", "assessment__kind__award_level").get(
        pk=pk
    )
    return verification.IssuedLetter.of(report)


def test_the_row_gives_the_letter_the_models_give_with_the_school_as_it_was_confirmed(confirmed):
    report = confirmed.issued_report
    School.objects.filter(pk=confirmed.school_id).update(name="Renamed Since", addressed_name="")
    letter = verification.issued_letter(report.pk)
    assert letter == from_models(report.pk)
    assert letter.school_name == confirmed.school_snapshot["name"] != "Renamed Since"
    assert (letter.pk, letter.assessment_id, letter.verification_code) == (
        report.pk,
        confirmed.pk,
        report.verification_code,
    )
    assert letter.size_label == report.size_label


def test_without_a_snapshot_the_letter_names_the_school_itself(confirmed):
    report = confirmed.issued_report
    with connection.cursor() as cursor:  # the model refuses to change a confirmed assessment
        cursor.execute(
            "UPDATE assessments_assessment SET school_snapshot = NULL WHERE id = %s", [confirmed.pk]
        )
    School.objects.filter(pk=confirmed.school_id).update(
        name="The School Itself", addressed_name="Its Letter Name"
    )
    letter = verification.issued_letter(report.pk)
    assert letter == from_models(report.pk)
    assert (letter.school_name, letter.school_letter_name) == ("The School Itself", "Its Letter Name")
