"""Schools, as they appear in the details table and the address block of a letter."""

from django.db import connection, models
from django.db.models.lookups import IContains, PatternLookup
from simple_history.models import HistoricalRecords


class Phase(models.TextChoices):
    """The phase of education a school serves."""

    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    SPECIAL = "special", "Special"
    ALTERNATIVE = "alternative", "Alternative provision"
    OTHER = "other", "Other"


class SchoolQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SchoolQuerySet":
        """Directors and superusers see every school, a school's staff (its headteacher and
        school users) their own, others none."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.is_director:
            return self.all()
        if user.is_school_staff:
            return self.filter(pk=user.school_id)
        return self.none()

    def search(self, text: str) -> "SchoolQuerySet":
        """Schools whose name, addressed name, town or postcode contains the text."""
        text = text.strip()
        if not text:
            return self
        return self.matching(search_pattern(text))

    def matching(self, pattern: str) -> "SchoolQuerySet":
        """Schools whose name, addressed name, town or postcode matches the LIKE pattern
        `pattern` (search_pattern's), regardless of case: search's query, with the pattern a
        plain parameter (for a prepared query, which binds each call's)."""
        return self.filter(
            models.Q(_IContainsPattern(models.F("name"), pattern))
            | models.Q(_IContainsPattern(models.F("addressed_name"), pattern))
            | models.Q(_IContainsPattern(models.F("town"), pattern))
            | models.Q(_IContainsPattern(models.F("postcode"), pattern))
        )


def search_pattern(text: str) -> str:
    """The LIKE pattern of `icontains=text`: "%text%", with LIKE's own characters escaped."""
    return f"%{connection.ops.prep_for_like_query(text)}%"


class _IContainsPattern(IContains):
    """`icontains` given its LIKE pattern whole (search_pattern's) rather than the text: the
    same SQL, `UPPER(column::text) LIKE UPPER(%s)` on PostgreSQL (which the trigram indexes of
    migration 0003 serve), with the pattern as it is bound."""

    def process_rhs(self, compiler, connection):
        # Lookup's own: not PatternLookup's, which wraps the text in "%...%" and escapes it.
        return super(PatternLookup, self).process_rhs(compiler, connection)


class School(models.Model):
    """A school that IQM assesses.

    `name` is the name in the report's details table ("The Heath Specialist Technology
    College"); `addressed_name` the name in the letter's address block ("The Heath School").
    """

    name = models.CharField(max_length=200, help_text="As it appears in the report's details table.")
    addressed_name = models.CharField(
        max_length=200, blank=True, help_text="As the letter addresses it; the name if left blank."
    )
    address_lines = models.TextField(blank=True, help_text="Street lines, one per line.")
    town = models.CharField(max_length=100, blank=True)
    county = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    local_authority = models.CharField(max_length=100, blank=True)
    phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    number_on_roll = models.PositiveIntegerField(null=True, blank=True)
    headteacher_title = models.CharField(max_length=20, blank=True, help_text="For example: Mrs")
    headteacher_name = models.CharField(max_length=200, blank=True, help_text="For example: Heather Mullaney")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The school's newest award and the day it runs out: a copy of what assessments.awards
    # derives from the confirmed assessments, stored so that the director's "awards expiring"
    # list is an index range. Only confirming an assessment changes which award is newest, and
    # the confirmation service refreshes both in its transaction (awards.record_newest_award).
    newest_award = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    award_expires_on = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["newest_award", "award_expires_on"])
    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name", "postcode"]
        indexes = [
            models.Index(fields=["postcode"], name="school_postcode_idx"),
            models.Index(fields=["award_expires_on", "id"], name="school_award_expiry_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "postcode"],
                name="school_name_postcode_unique",
                violation_error_message="A school with this name and postcode already exists.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.town}" if self.town else self.name

    @property
    def letter_name(self) -> str:
        """The name the letter's address block uses."""
        return self.addressed_name or self.name

    @property
    def address_line_list(self) -> list[str]:
        """The street lines, without blanks."""
        return [line.strip() for line in self.address_lines.splitlines() if line.strip()]

    @property
    def headteacher_addressed(self) -> str:
        """ "Mrs Heather Mullaney"."""
        return " ".join(part for part in (self.headteacher_title, self.headteacher_name) if part)
