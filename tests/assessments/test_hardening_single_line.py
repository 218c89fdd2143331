"""One-line fields refuse line breaks, tabs and other control characters (issue 28, item 5): on
the models (so the admin, every ModelForm and every service that calls full_clean), on the plain
forms' one-line fields, and in the JSON imports of assessments and frameworks, each with a
message. Runs on SQLite and PostgreSQL."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.demo import REFERENCE_PATH
from assessments.framework_interchange import import_framework_document
from assessments.interchange import ImportProblems, import_document
from schools.models import School
from tests.assessments.test_import_framework import a_document
from tests.schools.test_schools_form import GOOD

pytestmark = pytest.mark.django_db

ADDRESSED = "The Heath School\r\nBcc: everyone@example.org"


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("Heath\nSchool", "line breaks"),
        ("Heath\rSchool", "line breaks"),
        ("Heath\u2028School", "line breaks"),
        ("Heath\tSchool", "tabs"),
        ("Heath\x07School", "U+0007"),
        ("Heath\x1bSchool", "U+001B"),
        ("Heath\x85School", "U+0085"),
    ],
)
def test_it_names_what_is_wrong_with_a_control_character(value, said):
    from assessments.single_line import single_line_problem

    assert said in single_line_problem(value)
    assert "single line" in single_line_problem(value)


def test_it_leaves_ordinary_text_alone():
    from assessments.single_line import single_line_problem

    assert single_line_problem("Ysgol Gymraeg – Dafydd ap Siôn 😊 O’Brien") == ""


def test_the_models_refuse_control_characters_in_every_one_line_field(school):
    school.addressed_name = ADDRESSED
    with pytest.raises(ValidationError) as caught:
        school.full_clean()
    assert "single line without line breaks" in caught.value.message_dict["addressed_name"][0]
    user = get_user_model()(username="hana", first_name="Hana\x00\x1b[31m", last_name="Khan")
    with pytest.raises(ValidationError) as caught:
        user.full_clean(exclude=["password"])
    assert "first_name" in caught.value.message_dict


def test_the_school_form_refuses_a_line_break_and_keeps_the_school(client, director):
    client.force_login(director)
    response = client.post(reverse("school_create"), {**GOOD, "addressed_name": ADDRESSED})
    assert response.status_code == 200
    assert "single line without line breaks" in response.content.decode()
    assert not School.objects.filter(name=GOOD["name"]).exists()


def test_the_admin_refuses_a_control_character(client, school):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-Long-enough-1")
    client.force_login(admin)
    url = reverse("admin:schools_school_change", args=[school.pk])
    data = {
        **GOOD,
        "name": school.name,
        "postcode": school.postcode,
        "headteacher_name": "Heather\tMullaney",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "single line without tabs" in response.content.decode()
    school.refresh_from_db()
    assert "\t" not in school.headteacher_name


def test_a_headteacher_login_refuses_a_line_break_in_a_name(client, director, school):
    client.force_login(director)
    response = client.post(
        reverse("school_headteacher_create", args=[school.pk]),
        {"first_name": "Heather\nX", "last_name": "Mullaney", "email": "heather@school.example"},
    )
    assert response.status_code == 200
    assert "single line without line breaks" in response.content.decode()
    assert not get_user_model().objects.filter(email="heather@school.example").exists()


def test_a_plain_form_refuses_a_line_break_in_a_title(client, headteacher, draft):
    from selfeval.forms import EvidenceLinkForm

    form = EvidenceLinkForm({"link-url": "https://example.org/", "link-title": "Policy\r\nX"}, prefix="link")
    assert not form.is_valid()
    assert "single line without line breaks" in form.errors["title"][0]


def test_a_section_heading_refuses_a_line_break():
    from assessments.forms import SectionAddForm

    form = SectionAddForm({"heading": "Context\nand more", "narrative": ""})
    assert not form.is_valid()
    assert "single line without line breaks" in form.errors["heading"][0]


def test_the_assessment_import_refuses_a_line_break_with_its_path(demo):
    document = json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))
    document["school"]["addressed_name"] = ADDRESSED
    with pytest.raises(ImportProblems) as caught:
        import_document(document)
    assert any(
        p.startswith("school.addressed_name: This must be a single line") for p in caught.value.problems
    )


def test_the_framework_import_refuses_a_control_character_with_its_path():
    document = a_document()
    document["elements"][0]["title"] = "Values\x1b[2J"
    with pytest.raises(ImportProblems) as caught:
        import_framework_document(document)
    assert any(p.startswith("elements[0].title: This must be a single line") for p in caught.value.problems)
