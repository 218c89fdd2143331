"""load_demo loads the whole reference report, word for word and in order, and can run twice."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from assessments.models import Assessment, Statement, StatementKind
from continuity.models import CarriedItem, ResearchStep, Target
from schools.models import School
from tests.reference import assert_in_order, reference_blocks

NO_AREAS = "There are no significant areas for development."


def letter_text(assessment: Assessment) -> str:
    """The assessment's content in the letter's order, as the reference lays it out."""
    statements = list(assessment.statements.order_by("position"))

    def items(kind, finding=None):
        return [
            s.text for s in statements if s.kind == kind and s.finding_id == (finding.pk if finding else None)
        ]

    parts = [assessment.summary, assessment.recommendation, assessment.context, assessment.evidence]
    parts += items(StatementKind.KEY_SUCCESS) + items(StatementKind.MINOR_AREA)
    for finding in assessment.findings.order_by("element__number"):
        parts += [finding.narrative, *items(StatementKind.STRENGTH, finding)]
        parts += items(StatementKind.AREA, finding) or ([NO_AREAS] if finding.no_significant_areas else [])
    parts.append(assessment.summary)
    return "\n\n".join(parts)


@pytest.mark.django_db
def test_it_holds_every_paragraph_and_bullet_of_the_reference_in_order(demo):
    blocks = reference_blocks()
    assert len(blocks) > 130
    assert_in_order(letter_text(demo), blocks)


@pytest.mark.django_db
def test_the_demo_is_the_reference_assessment(demo):
    assert demo.status == "confirmed"
    assert demo.school.addressed_name == "The Heath School"
    assert demo.school.name == "The Heath Specialist Technology College"
    assert demo.lead_assessor.get_full_name() == "Roger Yates"
    assert demo.confirmed_by.signature_name == "Joe McCann MBA NPQH"
    assert demo.confirmed_by.job_title == "Director of Inclusion Quality Mark Ltd"
    assert (demo.visit_start.isoformat(), demo.visit_end.isoformat()) == ("2010-07-14", "2010-07-15")
    assert demo.letter_date.isoformat() == "2010-08-03"
    assert demo.findings.count() == 10
    assert demo.statements.filter(kind=StatementKind.STRENGTH).count() == 77
    assert [f.no_significant_areas for f in demo.findings.order_by("element__number")] == [
        False, False, False, True, False, False, True, True, True, False,
    ]  # fmt: skip


@pytest.mark.django_db
def test_it_creates_a_draft_to_work_on_and_one_login_per_role(demo):
    draft = Assessment.objects.get(school=demo.school, status="draft")
    assert draft.framework.is_current
    assert draft.previous_assessment == demo
    assert draft.findings.exclude(narrative="").exists()
    roles = {u.username: (u.role, u.is_superuser) for u in User.objects.all()}
    assert roles == {
        "assessor": ("assessor", False),
        "director": ("director", False),
        "headteacher": ("headteacher", False),
        "inclusionlead": ("school_user", False),
        "reader": ("qa_reader", False),
        "admin": ("", True),
        # Meadowbank Primary School's headteacher, emailed by the award cycle's reminders: no login.
        "meadowbank-head": ("headteacher", False),
    }
    assert not User.objects.get(username="meadowbank-head").has_usable_password()
    assert User.objects.get(username="headteacher").school == demo.school
    lead = User.objects.get(username="inclusionlead")
    assert (lead.get_full_name(), lead.job_title) == ("Priya Shah", "Inclusion Lead")
    assert lead.school == demo.school
    assert lead.check_password("demo-password") and lead.is_active
    assert User.objects.get(username="director").check_password("demo-password")


@pytest.mark.django_db
def test_running_it_twice_changes_nothing(demo):
    def snapshot():
        return (
            list(Assessment.objects.values_list("pk", "status", "version", "updated_at")),
            list(Statement.objects.values_list("pk", "text", "position")),
            list(User.objects.values_list("pk", "password")),
            School.objects.count(),
            list(Target.objects.values_list("pk", "version")),
            list(ResearchStep.objects.values_list("pk", "version")),
            list(CarriedItem.objects.values_list("pk", "version")),
        )

    before = snapshot()
    # The demo's continuity rows: the Flagship review's 3 targets, 4 research steps and 3 carried
    # targets, and the draft's areas for development carried from the 2010 letter.
    flagship = Assessment.objects.get(kind="flagship_review", status="confirmed")
    assert (flagship.targets.count(), flagship.research_steps.count(), flagship.carried_items.count()) == (
        3,
        4,
        3,
    )
    out = io.StringIO()
    call_command("load_demo", password="demo-password", stdout=out)
    assert snapshot() == before
    assert out.getvalue().splitlines()[-1] == f"demo assessment id: {demo.pk}"
    assert "  inclusionlead / demo-password — Priya Shah, school user, The Heath School" in (
        out.getvalue().splitlines()
    )


@pytest.mark.django_db
def test_it_prints_random_passwords_for_new_logins_when_none_is_given():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if line.strip().startswith("director /"))
    password = line.split("/")[1].split("—")[0].strip()
    assert len(password) >= 12
    assert User.objects.get(username="director").check_password(password)


def test_the_draft_has_the_schools_submitted_self_evaluation_which_the_assessor_sees(demo, client):
    from django.urls import reverse

    from selfeval.models import Evidence, SelfEvaluation

    draft = Assessment.objects.get(school=demo.school, status="draft")
    self_evaluation = SelfEvaluation.objects.get(assessment=draft)
    assert self_evaluation.is_submitted
    assert self_evaluation.submitted_by.username == "inclusionlead"
    assert self_evaluation.submitted_at.date() < draft.visit_start
    files = Evidence.objects.filter(assessment=draft, kind="file")
    assert files.count() == 1 and files.get().file.read(5) == b"%PDF-"
    assert Evidence.objects.filter(assessment=draft, kind="link").count() == 2
    client.force_login(User.objects.get(username="assessor"))
    for row in self_evaluation.elements.select_related("element"):
        page = client.get(reverse("assessment_element", args=[draft.pk, row.element.number])).content.decode()
        assert "The school's self-evaluation of element" in page
        assert row.text.split("\n")[0].replace("'", "&#x27;") in page


def test_the_heath_has_published_its_2010_letter_which_anyone_reads(demo, client):
    from reports.models import IssuedReport

    report = IssuedReport.objects.get(assessment=demo)
    page = client.get(f"/verify/{report.verification_code}/letter/")
    assert page.status_code == 200
    assert "Expired." in page.content.decode()
    assert "Element 10 - " in page.content.decode()
