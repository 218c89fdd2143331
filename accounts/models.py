"""The people who use IQM Assessments: one user model with a role."""

import hashlib

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower


class Role(models.TextChoices):
    """What a user does in the product; the administrator is a superuser of any role."""

    ASSESSOR = "assessor", "Assessor"
    DIRECTOR = "director", "Director"
    HEADTEACHER = "headteacher", "Headteacher"
    SCHOOL_USER = "school_user", "School user"
    QA_READER = "qa_reader", "Quality-assurance reader"


# The roles whose users belong to a school: its headteacher and the colleagues they invite.
SCHOOL_ROLES = (Role.HEADTEACHER, Role.SCHOOL_USER)


class UserQuerySet(models.QuerySet):
    def note_new_two_factor_device(self) -> int:
        """A confirmed two-factor device has appeared for these users: every session they have
        is signed out on its next request (the stamp is part of User.get_session_auth_hash), and
        a session that remembered having no device to check finds the stamp changed."""
        return self.update(two_factor_stamp=models.F("two_factor_stamp") + 1)


class Users(UserManager.from_queryset(UserQuerySet)):
    """Django's user manager (create_user, create_superuser) over UserQuerySet."""


class User(AbstractUser):
    """A person who signs in: an assessor, an IQM director, a school's headteacher or a
    school user (a colleague the headteacher invited).

    A headteacher or school user belongs to exactly one school. Post-nominals and job title print under a
    signature: "Joe McCann MBA NPQH", "Director of Inclusion Quality Mark Ltd".
    """

    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="headteachers",
        help_text="The school a headteacher belongs to (headteachers only).",
    )
    post_nominals = models.CharField(max_length=100, blank=True, help_text="For example: MBA NPQH")
    job_title = models.CharField(
        max_length=200, blank=True, help_text="For example: Director of Inclusion Quality Mark Ltd"
    )

    two_factor_stamp = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Counts the confirmed two-factor devices added; a new one signs out every session.",
    )

    objects = Users()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(role__in=SCHOOL_ROLES) & models.Q(school__isnull=False))
                | (~models.Q(role__in=SCHOOL_ROLES) & models.Q(school__isnull=True)),
                name="user_school_iff_headteacher",
                violation_error_message=(
                    "A headteacher or school user belongs to exactly one school; no one else has a school."
                ),
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_ci",
                violation_error_message="Another user already has this email address.",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def access_fingerprint(self) -> str:
        """Everything of the user that the access rules read (Assessment.objects.visible_to):
        an access decision cached under it stays right for as long as it matches."""
        return f"{self.pk}:{self.role}:{self.school_id or ''}:{int(self.is_superuser)}"

    @property
    def two_factor_fingerprint(self) -> str:
        """Everything of the user that decides whether a session must pass the two-factor step
        (accounts.two_factor.two_factor_required, and the devices through the stamp): a session
        that found nothing to check may skip the device look-up while this matches."""
        return f"{self.pk}:{self.role}:{int(self.is_superuser)}:{self.two_factor_stamp}"

    def _with_two_factor_stamp(self, password_hash: str) -> str:
        # The stamp joins the password in the session's hash, as a new password does: a new
        # device signs out the sessions opened without it. Stamp 0 keeps Django's own hash, so
        # sessions from before the stamp existed stay signed in. The hash is already keyed by
        # the secret, so a plain digest of it with the stamp is as secret (and keeps
        # SECRET_KEY_FALLBACKS working).
        if not self.two_factor_stamp:
            return password_hash
        return hashlib.sha256(f"{password_hash}:{self.two_factor_stamp}".encode()).hexdigest()

    def get_session_auth_hash(self) -> str:
        return self._with_two_factor_stamp(super().get_session_auth_hash())

    def get_session_auth_fallback_hash(self):
        for password_hash in super().get_session_auth_fallback_hash():
            yield self._with_two_factor_stamp(password_hash)

    @property
    def is_assessor(self) -> bool:
        return self.role == Role.ASSESSOR

    @property
    def is_director(self) -> bool:
        return self.role == Role.DIRECTOR

    @property
    def is_headteacher(self) -> bool:
        return self.role == Role.HEADTEACHER

    @property
    def is_qa_reader(self) -> bool:
        """IQM staff who read reports a second time before confirmation (the reading app)."""
        return self.role == Role.QA_READER

    @property
    def is_school_user(self) -> bool:
        """A colleague a headteacher invited (an inclusion lead, say), of the same school."""
        return self.role == Role.SCHOOL_USER

    @property
    def is_school_staff(self) -> bool:
        """The headteacher or a school user: someone who works at the user's school."""
        return self.role in SCHOOL_ROLES and self.school_id is not None

    @property
    def signature_name(self) -> str:
        """The name as it prints under a signature, with post-nominals: "Joe McCann MBA NPQH"."""
        return " ".join(part for part in (self.get_full_name() or self.username, self.post_nominals) if part)
