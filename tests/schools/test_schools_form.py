"""Directors add and edit schools in the app; bad input keeps what was typed and says why."""

import pytest
from django.urls import reverse

from schools.models import School

GOOD = {
    "name": "Ysgol Gymraeg Aberystwyth",
    "addressed_name": "Ysgol Gymraeg",
    "address_lines": "Ffordd Llanbadarn",
    "town": "Aberystwyth",
    "county": "Ceredigion",
    "postcode": "SY23 1HB",
    "local_authority": "Ceredigion",
    "phase": "primary",
    "number_on_roll": "420",
    "headteacher_title": "Mr",
    "headteacher_name": "Dafydd ap Siôn",
}


@pytest.mark.django_db
def test_a_director_adds_a_school(client, director):
    client.force_login(director)
    response = client.post(reverse("school_create"), GOOD)
    school = School.objects.get(name="Ysgol Gymraeg Aberystwyth")
    assert response.status_code == 302
    assert response.url == reverse("school_detail", args=[school.pk])
    assert school.headteacher_name == "Dafydd ap Siôn"
    assert school.history.first().history_user == director


@pytest.mark.django_db
def test_a_duplicate_keeps_the_text_and_says_why(client, director, school):
    client.force_login(director)
    data = {**GOOD, "name": school.name, "postcode": school.postcode, "headteacher_name": "Zoë 😊 Ø"}
    response = client.post(reverse("school_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "A school with this name and postcode already exists." in page
    assert "Zoë 😊 Ø" in page
    assert 'id="error-summary"' in page
    assert School.objects.filter(name=school.name).count() == 1


@pytest.mark.django_db
def test_a_nul_character_is_a_validation_error(client, director):
    client.force_login(director)
    response = client.post(reverse("school_create"), {**GOOD, "town": "Aber\x00ystwyth"})
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert not School.objects.filter(name=GOOD["name"]).exists()


@pytest.mark.django_db
def test_a_director_edits_a_school(client, director, school):
    client.force_login(director)
    form = client.get(reverse("school_edit", args=[school.pk])).content.decode()
    assert school.name in form
    response = client.post(reverse("school_edit", args=[school.pk]), {**GOOD, "name": "Renamed <School>"})
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.name == "Renamed <School>"
    detail = client.get(reverse("school_detail", args=[school.pk])).content.decode()
    assert "Renamed &lt;School&gt;" in detail


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["lead", "headteacher"])
def test_others_cannot_add_or_edit(request, client, role, school):
    client.force_login(request.getfixturevalue(role))
    assert client.post(reverse("school_create"), GOOD).status_code == 404
    assert client.post(reverse("school_edit", args=[school.pk]), GOOD).status_code == 404
    assert not School.objects.filter(name=GOOD["name"]).exists()
