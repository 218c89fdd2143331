"""An email address with an apostrophe (o'brien@…) is a valid address: the headteacher gets a
login, its username without the apostrophe, never a 500; and whatever the user model refuses
comes back as a message on the form."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role, User
from schools import services

pytestmark = pytest.mark.django_db


def test_it_gives_o_brien_a_login(client, director, school, django_capture_on_commit_callbacks):
    client.force_login(director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("school_headteacher_create", args=[school.pk]),
            {"first_name": "Siobhán", "last_name": "O'Brien", "email": "o'brien@example.org"},
            follow=True,
        )
    assert response.status_code == 200
    user = User.objects.get(role=Role.HEADTEACHER)
    assert (user.email, user.username) == ("o'brien@example.org", "obrien@example.org")
    assert "can now sign in as obrien@example.org" in response.content.decode()
    assert "Your username is: obrien@example.org" in mail.outbox[0].body
    assert mail.outbox[0].to == ["o'brien@example.org"]


def test_a_username_already_taken_that_way_is_a_message(client, director, school, headteacher):
    User.objects.filter(pk=headteacher.pk).update(username="obrien@example.org")
    client.force_login(director)
    response = client.post(
        reverse("school_headteacher_create", args=[school.pk]),
        {"first_name": "Sean", "last_name": "O'Brien", "email": "o'brien@example.org"},
    )
    assert response.status_code == 200
    assert "Another user already has the username obrien@example.org" in response.content.decode()
    assert User.objects.filter(role=Role.HEADTEACHER).count() == 1


def test_what_the_user_model_refuses_is_a_message_not_a_500(client, director, school, monkeypatch):
    def refused(**kwargs):
        raise ValidationError({"username": ["Enter a valid username."]})

    monkeypatch.setattr(services, "headteacher_login_create", refused)
    client.force_login(director)
    response = client.post(
        reverse("school_headteacher_create", args=[school.pk]),
        {"first_name": "A", "last_name": "B", "email": "a.b@example.org"},
    )
    assert response.status_code == 200
    assert "Enter a valid username." in response.content.decode()
