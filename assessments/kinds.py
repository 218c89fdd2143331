"""Kinds of visit and award levels, as data.

An AwardLevel is what a school holds (the Inclusive School Award, Centre of Excellence, Flagship
and their international forms), ranked lowest first. A VisitKind is what a visit is for (an
assessment, a reassessment, a Centre of Excellence review …): the level it confirms, its default
review interval, the school's award it needs first, and the words its letter uses. Both are rows
an administrator edits in the admin; a new kind needs no code. BUILTIN_LEVELS and BUILTIN_KINDS
are the ones IQM runs today, loaded by migration and by ensure_builtin().
"""

from django.core.exceptions import ValidationError
from django.db import models


class AwardLevel(models.Model):
    """An award a school can hold, ranked: a higher rank is a higher award."""

    # The codes of the built-in levels, for code and tests that name one.
    INCLUSIVE_SCHOOL = "inclusive_school"
    CENTRE_OF_EXCELLENCE = "centre_of_excellence"
    FLAGSHIP = "flagship"
    INTERNATIONAL_INCLUSIVE_SCHOOL = "intl_inclusive_school"
    INTERNATIONAL_CENTRE_OF_EXCELLENCE = "intl_centre_of_excellence"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, help_text="As letters and pages print it.")
    rank = models.PositiveSmallIntegerField(
        help_text="1 for the Inclusive School Award, 2 for Centre of Excellence, 3 for Flagship."
    )
    renewal = models.CharField(
        max_length=60,
        help_text='What renews it, as pages say it: "reassessment" or "annual review".',
    )
    next_visit_label = models.CharField(
        max_length=80, help_text='The details table\'s label: "Date of reassessment", "Date of next review".'
    )
    due_window_months = models.PositiveSmallIntegerField(
        default=6, help_text="Pages say the renewal is due this many months before the award runs out."
    )
    validity_years = models.PositiveSmallIntegerField(
        default=3, help_text="How long the award runs when a review renews it alongside a higher one."
    )

    class Meta:
        ordering = ["rank", "name"]

    def __str__(self) -> str:
        return self.name


class ReportStructure(models.TextChoices):
    """How a report is organised: a narrative, strengths and areas per element, or themed
    sections the assessor names (assessments.sections)."""

    ELEMENTS = "elements", "By element (narrative, strengths and areas for each element)"
    THEMED = "themed", "Themed sections the assessor names"


# The built-in kinds whose reports default to themed sections; every other kind: by element.
THEMED_BY_DEFAULT = ("flagship_assessment", "flagship_review")


class VisitKind(models.Model):
    """What a visit is for, the award level it confirms and the words of its letter."""

    # The codes of the built-in kinds, for code and tests that name one.
    ASSESSMENT = "assessment"
    REASSESSMENT = "reassessment"
    COE_ASSESSMENT = "coe_assessment"
    COE_REVIEW = "coe_review"
    FLAGSHIP_ASSESSMENT = "flagship_assessment"
    FLAGSHIP_REVIEW = "flagship_review"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(
        max_length=100, help_text="As pages name the visit: “Centre of Excellence review”."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the scheduling form.")
    active = models.BooleanField(default=True, help_text="Offered when a director schedules a visit.")
    award_level = models.ForeignKey(
        AwardLevel, on_delete=models.PROTECT, related_name="kinds", help_text="The award it confirms."
    )
    default_interval_years = models.PositiveSmallIntegerField(
        help_text="Years until the next review or reassessment, unless the director sets another."
    )
    requires_level = models.ForeignKey(
        AwardLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="An award the school must hold (this level or higher) when the visit is scheduled.",
    )
    requires_years = models.PositiveSmallIntegerField(
        default=0, help_text="For how many years the school must have held that level."
    )
    renews_level = models.ForeignKey(
        AwardLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="A lower award a successful visit of this kind may renew alongside its own.",
    )
    letter_title = models.CharField(
        max_length=150, help_text="The letter's title and PDF title: “Centre of Excellence annual review”."
    )
    letter_subject = models.CharField(
        max_length=200,
        blank=True,
        help_text="A subject line under the address, naming the visit; blank for none (the 2010 letter).",
    )

    report_structure = models.CharField(
        max_length=20,
        choices=ReportStructure.choices,
        default=ReportStructure.ELEMENTS,
        help_text="How a report of this kind is organised unless the director chooses otherwise.",
    )

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(default_interval_years__gte=1, default_interval_years__lte=10),
                name="visitkind_interval_range",
                violation_error_message="The interval is between 1 and 10 years.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def records_targets(self) -> bool:
        """Whether its visits record the school's targets for the coming year (Centre of
        Excellence and Flagship visits: a level renewed by annual review, rank 2 and up)."""
        return self.award_level.rank >= 2

    @property
    def records_research_project(self) -> bool:
        """Whether its visits record a research project (Flagship visits: the top rank)."""
        return self.award_level.rank >= 3

    def clean(self) -> None:
        if self.requires_years and not self.requires_level_id:
            raise ValidationError({"requires_years": "Say which award must have been held for these years."})


# The levels and kinds IQM runs today. The migration that creates them keeps its own copy.
BUILTIN_LEVELS = [
    {
        "code": AwardLevel.INCLUSIVE_SCHOOL,
        "name": "Inclusive School Award",
        "rank": 1,
        "renewal": "reassessment",
        "next_visit_label": "Date of reassessment",
        "validity_years": 3,
        "due_window_months": 6,
    },
    {
        "code": AwardLevel.INTERNATIONAL_INCLUSIVE_SCHOOL,
        "name": "International Inclusive School Award",
        "rank": 1,
        "renewal": "reassessment",
        "next_visit_label": "Date of reassessment",
        "validity_years": 3,
        "due_window_months": 6,
    },
    {
        "code": AwardLevel.CENTRE_OF_EXCELLENCE,
        "name": "Centre of Excellence",
        "rank": 2,
        "renewal": "annual review",
        "next_visit_label": "Date of next review",
        "validity_years": 1,
        "due_window_months": 2,
    },
    {
        "code": AwardLevel.INTERNATIONAL_CENTRE_OF_EXCELLENCE,
        "name": "International Centre of Excellence",
        "rank": 2,
        "renewal": "annual review",
        "next_visit_label": "Date of next review",
        "validity_years": 1,
        "due_window_months": 2,
    },
    {
        "code": AwardLevel.FLAGSHIP,
        "name": "Flagship School",
        "rank": 3,
        "renewal": "annual review",
        "next_visit_label": "Date of next review",
        "validity_years": 1,
        "due_window_months": 2,
    },
]

_ISA, _CoE, _FLAG = AwardLevel.INCLUSIVE_SCHOOL, AwardLevel.CENTRE_OF_EXCELLENCE, AwardLevel.FLAGSHIP
_I_ISA, _I_CoE = AwardLevel.INTERNATIONAL_INCLUSIVE_SCHOOL, AwardLevel.INTERNATIONAL_CENTRE_OF_EXCELLENCE

BUILTIN_KINDS = [
    # code, name, level, interval, requires (level, years), renews, letter title, subject
    ("assessment", "IQM assessment", _ISA, 3, (None, 0), None, "IQM assessment report", ""),
    ("reassessment", "IQM reassessment", _ISA, 3, (None, 0), None, "IQM reassessment report", ""),
    (
        "coe_assessment",
        "Centre of Excellence assessment",
        _CoE,
        1,
        (_ISA, 0),
        None,
        "Centre of Excellence assessment",
        "Centre of Excellence assessment",
    ),
    (
        "coe_review",
        "Centre of Excellence review",
        _CoE,
        1,
        (_CoE, 0),
        _ISA,
        "Centre of Excellence annual review",
        "Centre of Excellence annual review",
    ),
    (
        "flagship_assessment",
        "Flagship assessment",
        _FLAG,
        1,
        (_CoE, 3),
        None,
        "Flagship School assessment",
        "Flagship School assessment",
    ),
    (
        "flagship_review",
        "Flagship review",
        _FLAG,
        1,
        (_FLAG, 0),
        _ISA,
        "Flagship School annual review",
        "Flagship School annual review",
    ),
    ("intl_assessment", "International IQM assessment", _I_ISA, 3, (None, 0), None, "International IQM assessment report", "International Inclusive School Award assessment"),
    ("intl_reassessment", "International IQM reassessment", _I_ISA, 3, (None, 0), None, "International IQM reassessment report", "International Inclusive School Award reassessment"),
    (
        "intl_coe_assessment",
        "International Centre of Excellence assessment",
        _I_CoE,
        1,
        (_I_ISA, 0),
        None,
        "International Centre of Excellence assessment",
        "International Centre of Excellence assessment",
    ),
    (
        "intl_coe_review",
        "International Centre of Excellence review",
        _I_CoE,
        1,
        (_I_CoE, 0),
        _I_ISA,
        "International Centre of Excellence annual review",
        "International Centre of Excellence annual review",
    ),
]  # fmt: skip


def ensure_builtin(apps=None) -> None:
    """Create the built-in levels and kinds that are missing; leave existing rows (an
    administrator's words) as they are. `apps`: a migration's app registry."""
    level_model = apps.get_model("assessments", "AwardLevel") if apps else AwardLevel
    kind_model = apps.get_model("assessments", "VisitKind") if apps else VisitKind
    levels = {}
    for spec in BUILTIN_LEVELS:
        levels[spec["code"]], _ = level_model.objects.get_or_create(
            code=spec["code"], defaults={k: v for k, v in spec.items() if k != "code"}
        )
    for position, (code, name, level, years, (needs, needs_years), renews, title, subject) in enumerate(
        BUILTIN_KINDS, start=1
    ):
        structure = {}
        if any(field.name == "report_structure" for field in kind_model._meta.get_fields()):
            # Migrations before 0009 have no such field.
            themed = code in THEMED_BY_DEFAULT
            structure["report_structure"] = ReportStructure.THEMED if themed else ReportStructure.ELEMENTS
        kind_model.objects.get_or_create(
            code=code,
            defaults={
                **structure,
                "name": name,
                "position": position,
                "award_level": levels[level],
                "default_interval_years": years,
                "requires_level": levels[needs] if needs else None,
                "requires_years": needs_years,
                "renews_level": levels[renews] if renews else None,
                "letter_title": title,
                "letter_subject": subject,
            },
        )


def kind_for(code: str) -> VisitKind:
    """The kind with this code (the built-in ones are created if an emptied database lacks them)."""
    kind = VisitKind.objects.select_related("award_level").filter(code=code).first()
    if kind is None and code in {spec[0] for spec in BUILTIN_KINDS}:
        ensure_builtin()
        kind = VisitKind.objects.select_related("award_level").get(code=code)
    if kind is None:
        raise VisitKind.DoesNotExist(f"There is no kind of visit {code!r}.")
    return kind
