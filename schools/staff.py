"""A headteacher's colleagues: the school users they invite (an inclusion lead, say), who sign
up through the same one-time link as a headteacher, and whom the headteacher may deactivate."""

from django.db import transaction

from accounts.models import Role, User
from schools.services import SchoolError, _send_welcome, username_for_email


def _require_headteacher_of(by, school) -> None:
    if not (
        by is not None
        and by.is_authenticated
        and by.is_active
        and by.is_headteacher
        and by.school_id == school.pk
    ):
        raise SchoolError("Only the school's headteacher can invite or deactivate its users.")


def school_users(school):
    """The school's users (not its headteachers), active ones first."""
    return User.objects.filter(school=school, role=Role.SCHOOL_USER).order_by(
        "-is_active", "last_name", "first_name"
    )


@transaction.atomic
def school_user_invite(*, school, first_name: str, last_name: str, email: str, job_title: str, by) -> User:
    """Create a school user of the headteacher's school, with no usable password, and email them
    the link to choose one; returns the user. Anything refused raises (SchoolError, or the
    model's ValidationError), and nothing is created."""
    _require_headteacher_of(by, school)
    email = email.strip()
    if (
        User.objects.filter(email__iexact=email).exists()
        or User.objects.filter(username__iexact=username_for_email(email)).exists()
    ):
        raise SchoolError("Another user already has this email address.")
    user = User(
        username=username_for_email(email),
        email=email,
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
        role=Role.SCHOOL_USER,
        school=school,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    transaction.on_commit(lambda: _send_welcome(user.pk), robust=True)
    return user


def school_user_deactivate(*, user: User, by) -> User:
    """Stop a school user of the headteacher's school from signing in (their sessions end at
    the next request, as Django does for an inactive user)."""
    if not user.is_school_user:
        raise SchoolError(f"{user} is not a school user.")
    _require_headteacher_of(by, user.school)
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    return user
