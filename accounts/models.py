"""The people who use IQM Assessments: one user model with a role."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower


class Role(models.TextChoices):
    """What a user does in the product; the administrator is a superuser of any role."""

    ASSESSOR = "assessor", "Assessor"
    DIRECTOR = "director", "Director"
    HEADTEACHER = "headteacher", "Headteacher"


class User(AbstractUser):
    """A person who signs in: an assessor, an IQM director or a school's headteacher.

    A headteacher belongs to exactly one school. Post-nominals and job title print under a
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

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(role=Role.HEADTEACHER) & models.Q(school__isnull=False))
                | (~models.Q(role=Role.HEADTEACHER) & models.Q(school__isnull=True)),
                name="user_school_iff_headteacher",
                violation_error_message="A headteacher belongs to exactly one school; no one else has a school.",
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
    def is_assessor(self) -> bool:
        return self.role == Role.ASSESSOR

    @property
    def is_director(self) -> bool:
        return self.role == Role.DIRECTOR

    @property
    def is_headteacher(self) -> bool:
        return self.role == Role.HEADTEACHER

    @property
    def signature_name(self) -> str:
        """The name as it prints under a signature, with post-nominals: "Joe McCann MBA NPQH"."""
        return " ".join(part for part in (self.get_full_name() or self.username, self.post_nominals) if part)
