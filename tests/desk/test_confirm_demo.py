"""load_demo issues the confirmed reference assessment through the same confirmation path, so
the demo headteacher can download the letter straight away; running it again changes nothing."""

import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from assessments.models import Event
from reports.models import IssuedReport


@pytest.mark.django_db
def test_the_reference_assessment_is_issued_with_its_pdf_and_sha256(demo):
    report = IssuedReport.objects.get(assessment=demo)
    stored = default_storage.open(report.file.name, "rb").read()
    assert stored.startswith(b"%PDF")
    assert hashlib.sha256(stored).hexdigest() == report.sha256
    assert (report.revision, report.created_by) == (1, demo.confirmed_by)
    assert report.filename == "IQM-report-The-Heath-School-2010-07.pdf"
    assert Event.objects.filter(assessment=demo, action=Event.Action.CONFIRMED).count() == 1


@pytest.mark.django_db
def test_running_it_again_issues_nothing_new(demo):
    before = list(IssuedReport.objects.values_list("pk", "file", "sha256"))
    call_command("load_demo", password="demo-password", stdout=io.StringIO())
    assert list(IssuedReport.objects.values_list("pk", "file", "sha256")) == before


@pytest.mark.django_db
def test_a_demo_loaded_before_reports_were_issued_gets_its_report(demo):
    # A database from before issued reports existed: the confirmed demo has no report yet.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reports_historicalletterpublication")
        cursor.execute("DELETE FROM reports_letterpublication")
        cursor.execute("DELETE FROM reports_issuedreport")
    call_command("load_demo", password="demo-password", stdout=io.StringIO())
    report = IssuedReport.objects.get(assessment=demo)
    assert hashlib.sha256(default_storage.open(report.file.name, "rb").read()).hexdigest() == report.sha256
