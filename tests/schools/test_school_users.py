"""A headteacher invites colleagues as school users of the same school, who choose their
password through the one-time link; the headteacher can deactivate them (schools.staff)."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Role, User
from schools.services import SchoolError
from schools.staff import school_user_deactivate, school_user_invite, school_users
from tests.factories import HeadteacherFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def _invite(by, school, email="sam.lead@heath.example"):
    return school_user_invite(
        school=school, first_name="Sam", last_name="O'Lead", email=email, job_title="Inclusion lead", by=by
    )


def test_a_headteacher_invites_a_school_user_who_is_emailed_the_one_time_link(
    django_capture_on_commit_callbacks,
):
    head = HeadteacherFactory()
    with django_capture_on_commit_callbacks(execute=True):
        user = _invite(head, head.school)
    user.refresh_from_db()
    assert (user.role, user.school, user.job_title) == (Role.SCHOOL_USER, head.school, "Inclusion lead")
    assert user.is_school_user and user.is_school_staff and not user.is_headteacher
    assert not user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["sam.lead@heath.example"]]
    assert "/schools/welcome/" in mail.outbox[0].body
    assert list(school_users(head.school)) == [user]


@pytest.mark.parametrize("who", ["other_head", "director", "assessor", "school_user", "inactive_head"])
def test_only_the_schools_own_active_headteacher_may_invite(who, director, lead):
    head = HeadteacherFactory()
    by = {
        "other_head": lambda: HeadteacherFactory(),
        "director": lambda: director,
        "assessor": lambda: lead,
        "school_user": lambda: _invite(head, head.school, "first@heath.example"),
        "inactive_head": lambda: HeadteacherFactory(school=head.school, is_active=False),
    }[who]()
    before = User.objects.count()
    with pytest.raises(SchoolError, match="Only the school's headteacher"):
        _invite(by, head.school)
    assert User.objects.count() == before


def test_an_email_already_in_use_is_refused_and_nothing_is_created():
    head = HeadteacherFactory(email="Head@Heath.example")
    before = User.objects.count()
    with pytest.raises(SchoolError, match="already has this email"):
        _invite(head, head.school, email="head@heath.example")
    assert User.objects.count() == before


def test_an_invalid_email_is_refused_by_the_model():
    head = HeadteacherFactory()
    with pytest.raises(ValidationError):
        _invite(head, head.school, email="not an email")
    assert not User.objects.filter(role=Role.SCHOOL_USER).exists()


def test_the_headteacher_deactivates_their_school_user_but_not_another_schools():
    head = HeadteacherFactory()
    user = _invite(head, head.school)
    with pytest.raises(SchoolError, match="Only the school's headteacher"):
        school_user_deactivate(user=user, by=HeadteacherFactory())
    user.refresh_from_db()
    assert user.is_active
    school_user_deactivate(user=user, by=head)
    user.refresh_from_db()
    assert not user.is_active
    with pytest.raises(SchoolError, match="is not a school user"):
        school_user_deactivate(user=head, by=head)


def test_the_database_requires_a_school_user_to_have_a_school():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="noschool", role=Role.SCHOOL_USER)
    school = SchoolFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="assessorwithschool", role=Role.ASSESSOR, school=school)
    assert User.objects.create(username="lead", role=Role.SCHOOL_USER, school=school).is_school_staff
