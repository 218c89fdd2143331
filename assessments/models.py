"""The IQM framework as data, and assessments of schools against it.

A Framework is a versioned set of numbered Elements. An Assessment is one visit to one
school against one framework; it holds one Finding per element, and ordered Statements:
key areas of success and minor areas for development on the assessment, strengths and
areas for development on each finding.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from assessments import limits
from assessments.dates import add_years
from assessments.kinds import ReportStructure, VisitKind
from prepared import Prepared


class FrozenAssessmentError(Exception):
    """Raised when something tries to change a confirmed assessment's content."""


# Kinds of visit and award levels are rows (assessments.kinds); these are the built-in codes.
Kind = VisitKind


class Status(models.TextChoices):
    """Where an assessment is in its workflow: draft → submitted → (returned →) confirmed."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    CONFIRMED = "confirmed", "Confirmed"


# Every status but confirmed: a visit still open (named, so that indexes on status serve).
OPEN_STATUSES = (Status.DRAFT, Status.RETURNED, Status.SUBMITTED)


class Outcome(models.TextChoices):
    """The "Successful" line of the details table."""

    YES = "yes", "Yes"
    NO = "no", "No"
    DEFERRED = "deferred", "Deferred"


# The rows a letter's details table can show, and their default labels.
DETAIL_KEYS = {
    "school": "Name of School",
    "headteacher": "Headteacher",
    "number_on_roll": "Number on roll",
    "kind": "Type of visit",
    "visit_dates": "Date of visit",
    "assessors": "Assessor/s",
    "outcome": "Successful",
    "award_level": "Award level confirmed",
    "next_visit": "",
}


def default_letter_details() -> list:
    """Every row, with its default label: the details table of today's letters."""
    return [[key, label] for key, label in DETAIL_KEYS.items()]


def letter_details_problems(rows) -> list[str]:
    """What is wrong with a framework's details rows; [] when nothing is."""
    if not isinstance(rows, list) or not rows:
        return ["The details table needs a list of rows, each [key, label]."]
    problems, seen = [], set()
    for index, row in enumerate(rows):
        if not (isinstance(row, list) and len(row) == 2 and all(isinstance(part, str) for part in row)):
            problems.append(f"Row {index + 1} is not [key, label].")
        elif row[0] not in DETAIL_KEYS:
            problems.append(
                f"Row {index + 1}: {row[0]!r} is not a row the letter knows ({', '.join(DETAIL_KEYS)})."
            )
        elif row[0] in seen:
            problems.append(f"Row {index + 1}: {row[0]!r} is listed twice.")
        else:
            seen.add(row[0])
    return problems


# A framework's words that its letters print.
LETTER_WORDS = ("running_header", "context_subheading", "letter_details")


class Framework(models.Model):
    """A version of the IQM framework: a named, versioned, ordered set of elements."""

    name = models.CharField(max_length=200)
    version = models.CharField(max_length=50)
    description = models.TextField(blank=True)
    is_current = models.BooleanField(
        default=False, help_text="Offered first when a director schedules a new visit."
    )
    # The words of this framework's letters.
    running_header = models.CharField(
        max_length=100,
        blank=True,
        help_text="Printed at the top of every report page (the 2010 letters: “Assessment Report by IQM”); "
        "blank for none.",
    )
    context_subheading = models.CharField(
        max_length=100,
        blank=True,
        help_text="A sub-heading under “Context of the School and Sources of Data” "
        "(2010: “Specific Issues Known”); blank for none.",
    )
    letter_details = models.JSONField(
        default=default_letter_details,
        help_text="The details table's rows in order, each [key, label]; keys: "
        + ", ".join(DETAIL_KEYS)
        + ". "
        "A blank label takes the default (for next_visit, the award level's).",
    )

    class Meta:
        ordering = ["-is_current", "name", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"],
                name="framework_name_version_unique",
                violation_error_message="A framework with this name and version already exists.",
            )
        ]

    def is_frozen(self) -> bool:
        """Whether a confirmed assessment uses the framework, so its elements cannot change."""
        return bool(self.pk) and _frameworks_frozen([self.pk])

    def new_version(self, version: str) -> "Framework":
        """A copy of the framework under another version, with copies of its elements, not
        current: the way to change a framework that confirmed assessments use."""
        copy = Framework.objects.create(
            name=self.name,
            version=version,
            description=self.description,
            **{name: getattr(self, name) for name in LETTER_WORDS},
        )
        Element.objects.bulk_create(
            Element(framework=copy, number=element.number, title=element.title, guidance=element.guidance)
            for element in self.elements.order_by("number")
        )
        return copy

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"

    def clean(self) -> None:
        problems = letter_details_problems(self.letter_details)
        if problems:
            raise ValidationError({"letter_details": problems})

    def save(self, *args, **kwargs) -> None:
        # The letter's words are printed in confirmed letters, frozen with them like the elements.
        if self.pk:
            stored = Framework.objects.filter(pk=self.pk).values(*LETTER_WORDS).first()
            if stored and any(stored[name] != getattr(self, name) for name in LETTER_WORDS):
                _refuse_if_frameworks_frozen({self.pk})
        super().save(*args, **kwargs)


class FrozenFrameworkError(FrozenAssessmentError):
    """Raised when something tries to change the elements of a framework that a confirmed
    assessment uses: its letter prints them. A new version of the framework is made instead
    (Framework.new_version)."""


def _frameworks_frozen(framework_ids) -> bool:
    return Assessment.objects.filter(framework_id__in=framework_ids, status=Status.CONFIRMED).exists()


def _refuse_if_frameworks_frozen(framework_ids) -> None:
    framework_ids = {pk for pk in framework_ids if pk is not None}
    if framework_ids and _frameworks_frozen(framework_ids):
        names = ", ".join(str(f) for f in Framework.objects.filter(pk__in=framework_ids).order_by("pk"))
        raise FrozenFrameworkError(
            f"A confirmed assessment uses the framework {names}, and its letter prints the elements, "
            "so they cannot be added, changed or deleted. Make a new version of the framework instead."
        )


class ElementQuerySet(models.QuerySet):
    """Bulk writes skip Element.save() and delete(), so they refuse a frozen framework here."""

    def _frameworks(self) -> set:
        return set(self.order_by().values_list("framework_id", flat=True).distinct())

    def update(self, **kwargs) -> int:
        _refuse_if_frameworks_frozen(self._frameworks() | {kwargs.get("framework_id")})
        return super().update(**kwargs)

    def delete(self):
        _refuse_if_frameworks_frozen(self._frameworks())
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        _refuse_if_frameworks_frozen({obj.framework_id for obj in objs})
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        stored = Element.objects.filter(pk__in=[obj.pk for obj in objs]).values_list(
            "framework_id", flat=True
        )
        _refuse_if_frameworks_frozen({obj.framework_id for obj in objs} | set(stored))
        return super().bulk_update(objs, *args, **kwargs)


class Element(models.Model):
    """One numbered element of a framework, printed as "Element N - Title"."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="elements")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    guidance = models.TextField(blank=True, help_text="What assessors look for under this element.")

    objects = ElementQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"],
                name="element_number_unique_per_framework",
                violation_error_message="This framework already has an element with this number.",
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1),
                name="element_number_positive",
                violation_error_message="Element numbers start at 1.",
            ),
        ]

    def __str__(self) -> str:
        return f"Element {self.number} - {self.title}"

    def _stored_framework_ids(self) -> set:
        ids = {self.framework_id}
        if self.pk:
            ids.add(Element.objects.filter(pk=self.pk).values_list("framework_id", flat=True).first())
        return ids

    def save(self, *args, **kwargs) -> None:
        # The stored framework counts too: moving an element out of a frozen framework changes it.
        _refuse_if_frameworks_frozen(self._stored_framework_ids())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_frameworks_frozen(self._stored_framework_ids())
        return super().delete(*args, **kwargs)


def sight_of(user) -> str:
    """Which assessments the user may see (AssessmentQuerySet.visible_to), in a word: "all"
    (directors), "assigned" (assessors: those they lead or assist on), "school" (a school's
    staff: their own school's confirmed assessments) or "none" (anyone else)."""
    if not user.is_authenticated:
        return "none"
    if user.is_superuser or user.is_director:
        return "all"
    if user.is_assessor:
        return "assigned"
    if user.is_school_staff:
        return "school"
    return "none"


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AssessmentQuerySet":
        """What the user may see: directors everything; assessors what they are assigned to;
        a school's staff (its headteacher and school users) their own school's confirmed
        assessments; anyone else nothing."""
        sight = sight_of(user)
        return self.within_sight(
            sight,
            user_id=user.pk if sight == "assigned" else None,
            school_id=user.school_id if sight == "school" else None,
        )

    def within_sight(self, sight: str, *, user_id=None, school_id=None) -> "AssessmentQuerySet":
        """visible_to for a user who sees `sight` (sight_of) — with their id, for "assigned",
        or their school's, for "school": the rule as plain values, which a prepared query binds
        (assessments.access)."""
        if sight == "all":
            return self.all()
        if sight == "assigned":
            return self.assigned_to(user_id)
        if sight == "school":
            return self.seen_by_school(school_id)
        return self.none()

    def one_within_sight(self, pk, sight: str, *, user_id=None, school_id=None) -> "AssessmentQuerySet":
        """within_sight(…).filter(pk=pk), written for one row: "assigned" as "led by the user, or
        the user is one of its co-assessors" (an EXISTS beside the key), which PostgreSQL plans
        in half the time of assigned_to's subquery (0.5 against 1 ms, the plan being most of
        the query's cost) and runs in fewer reads; assigned_to's form is for lists."""
        if sight == "assigned":
            assisted = Assessment.co_assessors.through.objects.filter(
                assessment_id=models.OuterRef("pk"), user_id=user_id
            )
            return self.filter(models.Q(lead_assessor_id=user_id) | models.Exists(assisted), pk=pk)
        return self.within_sight(sight, user_id=user_id, school_id=school_id).filter(pk=pk)

    def seen_by_school(self, school_id: int) -> "AssessmentQuerySet":
        """What a school's staff may see: their school's confirmed assessments."""
        return self.filter(school_id=school_id, status=Status.CONFIRMED)

    def assigned_to(self, user) -> "AssessmentQuerySet":
        """Assessments the user (a User, or their id) is lead or co-assessor of."""
        # One subquery that PostgreSQL turns into a join on the primary key (two index scans):
        # a join on the co-assessors needs DISTINCT over every column, and "lead = … OR id IN
        # (subquery)" a scan of the whole table.
        led = Assessment.objects.filter(lead_assessor=user).order_by().values("pk")
        assisted = (
            Assessment.co_assessors.through.objects.filter(user=user).order_by().values("assessment_id")
        )
        return self.filter(pk__in=led.union(assisted))

    def confirmed(self) -> "AssessmentQuerySet":
        return self.filter(status=Status.CONFIRMED)

    def awaiting_review(self) -> "AssessmentQuerySet":
        return self.filter(status=Status.SUBMITTED)

    # Bulk writes skip Model.save() and Model.delete(), so they check the frozen rule here.

    def update(self, **kwargs) -> int:
        if self.filter(status=Status.CONFIRMED).exists():
            raise FrozenAssessmentError("A confirmed assessment's content is frozen.")
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=Status.CONFIRMED).exists():
            raise FrozenAssessmentError("A confirmed assessment cannot be deleted.")
        return super().delete()


# An assessment's long texts: lists and summaries leave them in the database (`.defer(*LONG_TEXT)`).
LONG_TEXT = ("summary", "recommendation", "context", "evidence", "return_comment")


# Assessment.award_date and valid_until of plain values, for the pages that read an assessment's
# columns as values rather than as a model.


def award_date_of(letter_date: datetime.date | None, confirmed_at: datetime.datetime | None):
    """The date the award was issued: the letter date, or the day it was confirmed."""
    if letter_date:
        return letter_date
    if confirmed_at:
        return confirmed_at.date()
    return None


def valid_until_of(award_date: datetime.date | None, reassessment_years: int | None):
    """The day the award runs out: the award date plus the reassessment interval."""
    if award_date is None or not reassessment_years:
        return None
    try:
        return add_years(award_date, reassessment_years)
    except ValueError:
        return None  # past the year 9999: a date out of range, which the confirmation refuses


class Assessment(models.Model):
    """One visit to one school against one framework, and the letter that reports on it."""

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="assessments")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    kind = models.ForeignKey(
        VisitKind,
        on_delete=models.PROTECT,
        to_field="code",
        db_column="kind",
        default=VisitKind.ASSESSMENT,
        related_name="assessments",
        help_text="What the visit is for; it decides the award it confirms and the words of its letter.",
    )
    remote = models.BooleanField(default=False, help_text="The visit took place online.")
    report_structure = models.CharField(
        max_length=20,
        choices=ReportStructure.choices,
        default=ReportStructure.ELEMENTS,
        help_text="By element, or themed sections (assessments.sections).",
    )
    renews_lower_award = models.BooleanField(
        default=False,
        help_text="A review that also renews the lower award beneath it (the kind says which).",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)

    visit_start = models.DateField(null=True, blank=True)
    visit_end = models.DateField(null=True, blank=True)
    letter_date = models.DateField(null=True, blank=True)

    lead_assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_assessments"
    )
    co_assessors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="co_assessments")

    summary = models.TextField(blank=True)
    recommendation = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    reassessment_years = models.PositiveSmallIntegerField(null=True, blank=True)
    context = models.TextField(blank=True, help_text="Context of the school and sources of data.")
    evidence = models.TextField(blank=True, help_text="Portfolio and other supporting evidence.")

    return_comment = models.TextField(blank=True, help_text="The director's latest comment on return.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="confirmed_assessments",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    expires_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The day the award runs out (valid_until), recorded when the assessment is "
        "confirmed, so the director's lists can sort and count awards in the database.",
    )
    school_snapshot = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The school's details as the confirmed letter printed them (SCHOOL_SNAPSHOT_FIELDS), "
        "taken at confirmation: the letter keeps them when the school's details change.",
    )

    previous_assessment = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_assessments",
        help_text="The school's previous assessment.",
    )
    revision_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        help_text="The confirmed assessment this one corrects.",
    )
    revision = models.PositiveSmallIntegerField(default=1)

    # Optimistic locking: every edit names the version it started from.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[co_assessors])
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-visit_start", "-pk"]
        indexes = [
            models.Index(fields=["status", "visit_start"], name="assessment_status_visit_idx"),
            models.Index(fields=["school", "status"], name="assessment_school_status_idx"),
            # The director's "waiting for review" list: submitted, the longest waiting first.
            models.Index(fields=["status", "submitted_at", "id"], name="assessment_status_submit_idx"),
            # The director's "visits coming up" and "in draft" lists, each read in its order and
            # cut short, so neither sorts every open assessment to show the first ten.
            models.Index(
                fields=["visit_start", "id"],
                name="assessment_open_visit_idx",
                condition=models.Q(status__in=["draft", "returned"]),
            ),
            models.Index(
                fields=["-status", "visit_start", "id"],
                name="assessment_open_status_idx",
                condition=models.Q(status__in=["draft", "returned"]),
            ),
            # The director's Overdue list (desk/overdue.py): every unconfirmed visit up to a day,
            # counted, read from the index alone (the columns its rows show are in it).
            models.Index(
                fields=["visit_start", "id", "school", "visit_end", "submitted_at"],
                name="assessment_unconfirmed_idx",
                condition=models.Q(status__in=["draft", "returned", "submitted"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visit_end__gte=models.F("visit_start"))
                | models.Q(visit_end__isnull=True)
                | models.Q(visit_start__isnull=True),
                name="assessment_visit_end_not_before_start",
                violation_error_message="The visit cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=models.Q(reassessment_years__isnull=True)
                | models.Q(reassessment_years__gte=1, reassessment_years__lte=10),
                name="assessment_reassessment_years_range",
                violation_error_message="Reassessment is between 1 and 10 years away.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="confirmed")
                | models.Q(confirmed_by__isnull=False, confirmed_at__isnull=False),
                name="assessment_confirmed_has_who_and_when",
                violation_error_message="A confirmed assessment records who confirmed it and when.",
            ),
            models.CheckConstraint(
                condition=models.Q(status="confirmed") | models.Q(expires_on__isnull=True),
                name="assessment_expiry_only_when_confirmed",
                violation_error_message="Only a confirmed assessment has an award expiry date.",
            ),
            models.UniqueConstraint(
                fields=["revision_of", "revision"],
                name="assessment_revision_unique",
                violation_error_message="This revision number is already taken.",
            ),
        ]

    def __str__(self) -> str:
        when = self.visit_start.strftime("%B %Y") if self.visit_start else "unscheduled"
        return f"{self.school.name} — {self.get_kind_display()} — {when}"

    def get_kind_display(self) -> str:
        """The kind's name: “Centre of Excellence review”."""
        return self.kind.name

    def clean(self) -> None:
        if self.visit_start and self.visit_end and self.visit_end < self.visit_start:
            raise ValidationError({"visit_end": "The visit cannot end before it starts."})

    def clean_fields(self, exclude=None) -> None:
        """Django's checks, then the limits of assessments.limits on the fields being checked:
        dates in range, texts no longer than a field may hold. (Only those being checked: a
        service validates what it changes, and an old row keeps what it was issued with.)"""
        exclude = set(exclude or ())
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name in ("visit_start", "visit_end", "letter_date"):
            problem = name not in exclude and name not in errors and limits.date_problem(getattr(self, name))
            if problem:
                errors.setdefault(name, []).append(problem)
        for name in ("summary", "recommendation", "context", "evidence"):
            problem = name not in exclude and limits.length_problem(
                getattr(self, name), limits.MAX_FIELD_LENGTH
            )
            if problem:
                errors.setdefault(name, []).append(problem)
        if errors:
            raise ValidationError(errors)

    def _stored_status(self) -> str | None:
        return Assessment.objects.filter(pk=self.pk).values_list("status", flat=True).first()

    def save(self, *args, **kwargs) -> None:
        # The stored status decides, not this copy's: a stale or tampered instance cannot slip
        # a write past a confirmation. The confirmation itself saves a submitted row.
        if self.pk and self._stored_status() == Status.CONFIRMED:
            raise FrozenAssessmentError(f"Assessment {self.pk} is confirmed; its content is frozen.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status == Status.CONFIRMED or (self.pk and self._stored_status() == Status.CONFIRMED):
            raise FrozenAssessmentError(f"Assessment {self.pk} is confirmed and cannot be deleted.")
        return super().delete(*args, **kwargs)

    # Workflow helpers ---------------------------------------------------------------------

    @property
    def is_confirmed(self) -> bool:
        return self.status == Status.CONFIRMED

    @property
    def is_editable(self) -> bool:
        """Assessors edit drafts and returned assessments only."""
        return self.status in (Status.DRAFT, Status.RETURNED)

    def is_assigned(self, user) -> bool:
        """Whether the user is the lead or a co-assessor."""
        if not user.is_authenticated:
            return False
        if self.lead_assessor_id == user.pk:
            return True
        if self.pk is None:
            return self.co_assessors.filter(pk=user.pk).exists()  # Django's refusal, as before
        return bool(_CO_ASSESSOR(assessment_id=self.pk, user_id=user.pk))

    @property
    def award_level(self) -> str:
        """The code of the award level a successful visit of this kind confirms."""
        return self.kind.award_level.code

    @property
    def award_date(self) -> datetime.date | None:
        """The date the award was issued: the letter date, or the day it was confirmed."""
        return award_date_of(self.letter_date, self.confirmed_at)

    @property
    def valid_until(self) -> datetime.date | None:
        """The day the award runs out: the award date plus the reassessment interval."""
        return valid_until_of(self.award_date, self.reassessment_years)

    def assessors(self) -> list:
        """The lead assessor first, then the co-assessors by name."""
        return [self.lead_assessor, *self.co_assessors.all()]

    def letter_school(self):
        """The school as the letter prints it: for a confirmed assessment, as it was when it was
        confirmed (an unsaved School built from school_snapshot); otherwise the school itself."""
        return snapshot_school(self.status, self.school_snapshot, self.school_id) or self.school


def snapshot_school(status: str, snapshot: dict | None, school_id: int):
    """The school as the letter of an assessment in `status` with `school_snapshot` prints it,
    when it is that snapshot (Assessment.letter_school): an unsaved School for a confirmed
    assessment that has one, None otherwise (the school itself)."""
    if status == Status.CONFIRMED and snapshot:
        from schools.models import School

        fields = {name: snapshot.get(name) for name in SCHOOL_SNAPSHOT_FIELDS}
        return School(pk=school_id, **{k: v for k, v in fields.items() if v is not None})
    return None


# What a confirmed letter prints of its school, or could (the details table, the address block).
SCHOOL_SNAPSHOT_FIELDS = (
    "name",
    "addressed_name",
    "address_lines",
    "town",
    "county",
    "postcode",
    "local_authority",
    "phase",
    "number_on_roll",
    "headteacher_title",
    "headteacher_name",
)


def school_snapshot(school) -> dict:
    """The school's details a confirmed letter keeps, as a JSON-ready dict."""
    return {name: getattr(school, name) for name in SCHOOL_SNAPSHOT_FIELDS}


def _any_confirmed(assessment_ids) -> bool:
    return Assessment.objects.filter(pk__in=assessment_ids, status=Status.CONFIRMED).exists()


class FrozenContentQuerySet(models.QuerySet):
    """Bulk writes to findings and list items refuse a confirmed assessment's rows too:
    update(), delete(), bulk_create() and bulk_update() skip the models' save() and delete()."""

    def _refuse_if_frozen(self, assessment_ids) -> None:
        if _any_confirmed(assessment_ids):
            raise FrozenAssessmentError("A confirmed assessment's content is frozen.")

    def _owners(self) -> set:
        return set(self.order_by().values_list("assessment_id", flat=True).distinct())

    def update(self, **kwargs) -> int:
        self._refuse_if_frozen(self._owners())
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_frozen(self._owners())
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        self._refuse_if_frozen({obj.assessment_id for obj in objs})
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        self._refuse_if_frozen({obj.assessment_id for obj in objs})
        return super().bulk_update(objs, *args, **kwargs)


class FrozenContentMixin(models.Model):
    """Refuses saves and deletes once the owning assessment is confirmed.

    The check reads the assessment's status from the database, so a stale in-memory copy
    cannot be used to slip an edit past a confirmation.
    """

    class Meta:
        abstract = True

    def _check_not_frozen(self) -> None:
        status = Assessment.objects.filter(pk=self.assessment_id).values_list("status", flat=True).first()
        if status == Status.CONFIRMED:
            raise FrozenAssessmentError(
                f"Assessment {self.assessment_id} is confirmed; its content is frozen."
            )

    def save(self, *args, **kwargs) -> None:
        self._check_not_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_not_frozen()
        return super().delete(*args, **kwargs)


class Finding(FrozenContentMixin):
    """What the assessor found for one element: a narrative, strengths and areas for development."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    element = models.ForeignKey(Element, on_delete=models.PROTECT, related_name="findings")
    narrative = models.TextField(blank=True)
    no_significant_areas = models.BooleanField(
        default=False, help_text="There are no significant areas for development."
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = FrozenContentQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "element__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "element"],
                name="finding_one_per_element",
                violation_error_message="This assessment already has a finding for this element.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.element} ({self.assessment_id})"

    def clean(self) -> None:
        if (
            self.assessment_id
            and self.element_id
            and self.element.framework_id != self.assessment.framework_id
        ):
            raise ValidationError({"element": "The element belongs to another framework."})
        problem = limits.length_problem(self.narrative, limits.MAX_FIELD_LENGTH, "The narrative")
        if problem:
            raise ValidationError({"narrative": problem})


class StatementKind(models.TextChoices):
    """The four ordered lists of the letter."""

    KEY_SUCCESS = "key_success", "Key area of success"
    MINOR_AREA = "minor_area", "Minor area for development"
    STRENGTH = "strength", "Strength"
    AREA = "area", "Area for development"


FINDING_KINDS = (StatementKind.STRENGTH, StatementKind.AREA)


class Statement(FrozenContentMixin):
    """One item of an ordered list: a key area of success or minor area for development (on the
    assessment), or a strength or area for development (on a finding)."""

    # No index of their own: statement_list_idx leads with the assessment, and the unique index
    # of a finding's lists with the finding (it serves every `finding_id = …`, which implies the
    # finding is not null). Two more indexes on the largest table would only slow its writes.
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="statements", db_index=False
    )
    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, null=True, blank=True, related_name="statements", db_index=False
    )
    kind = models.CharField(max_length=20, choices=StatementKind.choices)
    position = models.PositiveIntegerField()
    text = models.TextField()
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = FrozenContentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "position"]
        indexes = [models.Index(fields=["assessment", "kind", "position"], name="statement_list_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "kind", "position"],
                condition=models.Q(finding__isnull=False),
                name="statement_position_unique_in_finding_list",
                violation_error_message="Two items of this list share a position.",
            ),
            models.UniqueConstraint(
                fields=["assessment", "kind", "position"],
                condition=models.Q(finding__isnull=True),
                name="statement_position_unique_in_assessment_list",
                violation_error_message="Two items of this list share a position.",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind__in=["strength", "area"]) & models.Q(finding__isnull=False))
                | (models.Q(kind__in=["key_success", "minor_area"]) & models.Q(finding__isnull=True)),
                name="statement_kind_matches_owner",
                violation_error_message="Strengths and areas belong to an element; key areas and minor areas to the assessment.",
            ),
            models.CheckConstraint(
                condition=~models.Q(text=""),
                name="statement_text_not_empty",
                violation_error_message="A list item needs some text.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.position}: {self.text[:60]}"

    def clean(self) -> None:
        problem = limits.length_problem(self.text, limits.MAX_ITEM_LENGTH, "A list item")
        if problem:
            raise ValidationError({"text": problem})


class Event(models.Model):
    """A change of state in an assessment's workflow: who, when, from what to what, and why."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        ASSIGNED = "assigned", "Assessors assigned"
        SUBMITTED = "submitted", "Submitted for confirmation"
        RETURNED = "returned", "Returned to the assessor"
        CONFIRMED = "confirmed", "Confirmed and issued"
        REOPENED = "reopened", "Reopened as a new revision"
        IMPORTED = "imported", "Imported"
        OVERRIDDEN = "overridden", "Award rule overridden"
        CHECK_SENT = "check_sent", "Draft letter sent to the school for a factual check"
        CHECK_COMMENTED = "check_commented", "The school commented on the draft letter"
        CHECK_NOTHING = "check_nothing", "The school found nothing to correct"
        CHECK_ANSWERED = "check_answered", "A school's comment answered"
        SELF_EVALUATION_SUBMITTED = "selfeval_submitted", "The school submitted its self-evaluation"
        READING_ASKED = "reading_asked", "A second reading asked for"
        READING_SIGNED_OFF = "reading_signed", "The second reading signed off"
        READING_OVERRIDDEN = "reading_override", "The second reading overridden"
        READING_ACCEPTED = "reading_accepted", "A suggestion accepted from the reader"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["assessment", "at"], name="event_assessment_at_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.by} at {self.at:%Y-%m-%d %H:%M}"


@receiver(m2m_changed, sender=Assessment.co_assessors.through)
def _refuse_assessor_changes_when_confirmed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """The assessors print in the issued letter, so they are frozen with it. (A guard, like
    Model.save(), not a business rule: the services never try.)"""
    if not action.startswith("pre_"):
        return
    if reverse:
        # user.co_assessments.add(...): pk_set holds assessments; clear() touches them all.
        ids = pk_set if pk_set is not None else instance.co_assessments.values("pk")
    else:
        ids = [instance.pk]
    if _any_confirmed(ids):
        raise FrozenAssessmentError("A confirmed assessment's assessors are frozen.")


class ElementMapping(models.Model):
    """One line of a crosswalk between two frameworks: an element of the older framework and an
    element of the newer one that took over (some of) what it looked at. An element may map to
    several, and several to one; the school's comparison page reads findings across frameworks
    through these rows (assessments.compare)."""

    from_element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="mappings_from")
    to_element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="mappings_to")

    class Meta:
        ordering = ["from_element__framework", "from_element__number", "to_element__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_element", "to_element"],
                name="element_mapping_unique_pair",
                violation_error_message="These two elements are already mapped.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_element} → {self.to_element}"

    def clean(self) -> None:
        if (
            self.from_element_id
            and self.to_element_id
            and self.from_element.framework_id == self.to_element.framework_id
        ):
            raise ValidationError("A crosswalk maps elements of two different frameworks.")


# Themed sections (assessments.sections holds their services) ---------------------------------

MAX_HEADING_LENGTH = 300
MAX_ATTRIBUTION_LENGTH = 300


class Section(FrozenContentMixin):
    """One themed section of a report: a heading and a narrative, in order."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    heading = models.CharField(max_length=MAX_HEADING_LENGTH)
    narrative = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = FrozenContentQuerySet.as_manager()

    class Meta:
        app_label = "assessments"
        ordering = ["assessment", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "position"],
                name="section_position_unique",
                violation_error_message="Two sections of this report share a position.",
            ),
            models.CheckConstraint(
                condition=~models.Q(heading=""),
                name="section_heading_not_empty",
                violation_error_message="A section needs a heading.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.heading}"

    def clean(self) -> None:
        problem = limits.length_problem(self.narrative, limits.MAX_FIELD_LENGTH, "The narrative")
        if problem:
            raise ValidationError({"narrative": problem})


class Quotation(FrozenContentMixin):
    """A quotation printed after a section's narrative, with who said it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="quotations")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="quotations")
    position = models.PositiveIntegerField()
    text = models.TextField()
    attribution = models.CharField(max_length=MAX_ATTRIBUTION_LENGTH, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = FrozenContentQuerySet.as_manager()

    class Meta:
        app_label = "assessments"
        ordering = ["section", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "position"],
                name="quotation_position_unique",
                violation_error_message="Two quotations of this section share a position.",
            ),
            models.CheckConstraint(
                condition=~models.Q(text=""),
                name="quotation_text_not_empty",
                violation_error_message="A quotation needs some text.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text[:60]} ({self.attribution})"

    def clean(self) -> None:
        problem = limits.length_problem(self.text, limits.MAX_ITEM_LENGTH, "A quotation")
        if problem:
            raise ValidationError({"text": problem})
        if self.section_id and self.assessment_id and self.section.assessment_id != self.assessment_id:
            raise ValidationError({"section": "The section belongs to another assessment."})


# Whether a user is one of an assessment's co-assessors (Assessment.is_assigned, which every
# editor page asks of a co-assessor), compiled once: the row of the two keys in the link table.
_CO_ASSESSOR = Prepared(
    lambda assessment_id, user_id: (
        Assessment.co_assessors.through.objects.filter(assessment_id=assessment_id, user_id=user_id)
        .order_by()
        .values_list("pk")[:1]
    )
)


# Services -----------------------------------------------------------------------------------
