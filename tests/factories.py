"""factory-boy factories for the domain model."""

import datetime

import factory

from accounts.models import Role, User
from assessments.kinds import VisitKind, kind_for
from assessments.models import Assessment, Finding, Framework, Statement, StatementKind
from schools.models import Phase, School


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Oak Hill Academy {n}")
    addressed_name = factory.LazyAttribute(lambda o: o.name)
    address_lines = "1 School Lane"
    town = "Runcorn"
    county = "Cheshire"
    postcode = factory.Sequence(lambda n: f"WA{n % 99 + 1} {n % 9 + 1}AB")
    local_authority = "Halton"
    phase = Phase.SECONDARY
    number_on_roll = 900
    headteacher_title = "Ms"
    headteacher_name = "Alex Morgan"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = Role.ASSESSOR
    password = factory.django.Password("correct horse battery staple")


class AssessorFactory(UserFactory):
    role = Role.ASSESSOR


class DirectorFactory(UserFactory):
    role = Role.DIRECTOR
    post_nominals = "MBA NPQH"
    job_title = "Director of Inclusion Quality Mark Ltd"


class HeadteacherFactory(UserFactory):
    role = Role.HEADTEACHER
    school = factory.SubFactory(SchoolFactory)


def framework_2010() -> Framework:
    found = Framework.objects.filter(name="Inclusion Quality Mark", version="2010").first()
    if found is None:
        # A transactional test emptied the database: put back what the migrations make.
        from tests.conftest import restore_migration_rows

        restore_migration_rows()
        found = Framework.objects.get(name="Inclusion Quality Mark", version="2010")
    return found


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    framework = factory.LazyFunction(framework_2010)
    kind = factory.LazyFunction(lambda: kind_for(VisitKind.ASSESSMENT))
    lead_assessor = factory.SubFactory(AssessorFactory)
    visit_start = datetime.date(2026, 11, 10)
    visit_end = datetime.date(2026, 11, 11)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        # Tests name a kind by its code: AssessmentFactory(kind=VisitKind.COE_REVIEW).
        if isinstance(kwargs.get("kind"), str):
            kwargs["kind"] = kind_for(kwargs["kind"])
        return kwargs


def fill_complete(assessment: Assessment) -> Assessment:
    """Give the assessment every part submission needs."""
    assessment.letter_date = datetime.date(2026, 11, 20)
    assessment.summary = "The school is inclusive.\n\nIt is outstanding."
    assessment.context = "A large secondary school."
    assessment.evidence = "The portfolio is well organised."
    assessment.outcome = "yes"
    assessment.reassessment_years = 3
    assessment.recommendation = "I recommend that the school be awarded the Mark."
    assessment.save()
    statements = [
        Statement(assessment=assessment, kind=StatementKind.KEY_SUCCESS, position=1, text="Safeguarding."),
        Statement(assessment=assessment, kind=StatementKind.MINOR_AREA, position=1, text="Peer counselling."),
    ]
    for element in assessment.framework.elements.all():
        finding = Finding.objects.create(
            assessment=assessment, element=element, narrative=f"Narrative for {element.title}."
        )
        statements.append(
            Statement(
                assessment=assessment,
                finding=finding,
                kind=StatementKind.STRENGTH,
                position=1,
                text="A strength.",
            )
        )
        statements.append(
            Statement(
                assessment=assessment, finding=finding, kind=StatementKind.AREA, position=1, text="An area."
            )
        )
    Statement.objects.bulk_create(statements)
    if assessment.kind.records_targets and not assessment.targets.exists():
        # A kind that records targets for the coming year needs at least one (continuity.parts).
        from continuity.models import Target

        Target.objects.create(assessment=assessment, position=1, text="Widen the outreach programme.")
    if assessment.kind.records_research_project and not assessment.research_steps.exists():
        # And one that records a research project needs it named, with a key step.
        from continuity.models import ResearchProject, ResearchStep

        project, _ = ResearchProject.objects.get_or_create(
            assessment=assessment, defaults={"title": "Inclusion through the arts"}
        )
        top = max(project.steps.values_list("position", flat=True), default=0)
        ResearchStep.objects.create(
            assessment=assessment, project=project, position=top + 1, step="Map the arts offer."
        )
    return assessment
