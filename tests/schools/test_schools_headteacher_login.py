"""A director gives a school's headteacher a login: a user with the headteacher role and that
school, no password anyone knows, and an email with a link to choose one."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User


@pytest.mark.django_db
def test_it_creates_the_login_and_emails_the_link(
    client, director, school, django_capture_on_commit_callbacks
):
    client.force_login(director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("school_headteacher_create", args=[school.pk]),
            {"first_name": "Hana", "last_name": "Khan", "email": "Hana.Khan@School.example"},
        )
    assert response.status_code == 302
    user = User.objects.get(email="Hana.Khan@school.example")  # the domain is normalised
    assert (user.role, user.school, user.username) == (Role.HEADTEACHER, school, "hana.khan@school.example")
    assert not user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["Hana.Khan@school.example"]]
    assert "/schools/welcome/" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_form_is_prefilled_from_the_school(client, director, school):
    client.force_login(director)
    page = client.get(reverse("school_headteacher_create", args=[school.pk])).content.decode()
    assert 'value="Alex"' in page and 'value="Morgan"' in page


@pytest.mark.django_db
def test_an_email_already_in_use_is_refused(client, director, school, lead):
    client.force_login(director)
    response = client.post(
        reverse("school_headteacher_create", args=[school.pk]),
        {"first_name": "Roger", "last_name": "Again", "email": lead.email.upper()},
    )
    assert response.status_code == 200
    assert "Another user already has this email address." in response.content.decode()
    assert User.objects.filter(role=Role.HEADTEACHER).count() == 0


@pytest.mark.django_db
def test_the_new_headteacher_signs_in_and_sees_their_school(
    client, director, school, django_capture_on_commit_callbacks
):
    client.force_login(director)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("school_headteacher_create", args=[school.pk]),
            {"first_name": "Hana", "last_name": "Khan", "email": "hana@school.example"},
        )
    client.logout()
    link = next(line for line in mail.outbox[0].body.splitlines() if "/schools/welcome/" in line).strip()
    form_url = client.get(link.split("127.0.0.1:8000")[-1], follow=True).redirect_chain[-1][0]
    client.post(
        form_url, {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"}
    )
    assert client.login(username="hana@school.example", password="a-long-new-passphrase")
    assert school.letter_name in client.get(reverse("home")).content.decode()
    # The link works once.
    again = client.get(link.split("127.0.0.1:8000")[-1], follow=True).content.decode()
    assert "already been used or has expired" in again


@pytest.mark.django_db
def test_a_director_can_send_a_new_link(client, director, headteacher, school):
    client.force_login(director)
    response = client.post(reverse("school_headteacher_send_link", args=[school.pk, headteacher.pk]))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[headteacher.email]]


@pytest.mark.django_db
def test_a_link_for_another_schools_headteacher_is_404(client, director, school, other_headteacher):
    client.force_login(director)
    url = reverse("school_headteacher_send_link", args=[school.pk, other_headteacher.pk])
    assert client.post(url).status_code == 404
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["lead", "headteacher"])
def test_others_cannot_create_logins(request, client, role, school):
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        reverse("school_headteacher_create", args=[school.pk]),
        {"first_name": "Eve", "last_name": "Intruder", "email": "eve@example.org"},
    )
    assert response.status_code == 404
    assert not User.objects.filter(email="eve@example.org").exists()
