"""Each kind's letter names its kind, the award level it confirms and the date of the next
review or reassessment, read from the PDF; what the 2010 framework's letter alone carries
(its labels, its running header) stays out of the others."""

import datetime

import pytest

from assessments import services
from assessments.kinds import VisitKind
from assessments.models import Framework
from reports import letter
from tests.factories import AssessmentFactory, fill_complete
from tests.letter_pdf import body_text, page_texts, reader
from tests.reference import normalise


def eight_elements() -> Framework:
    return Framework.objects.get(name="IQM Evaluative Framework", version="Eight elements")


def confirmed_letter(school, lead, director, *, kind, framework=None, remote=False, outcome="yes"):
    assessment = AssessmentFactory(
        school=school,
        lead_assessor=lead,
        kind=kind,
        remote=remote,
        framework=framework or eight_elements(),
        visit_start=datetime.date(2026, 6, 9),
        visit_end=datetime.date(2026, 6, 9),
    )
    fill_complete(assessment)
    assessment.letter_date = datetime.date(2026, 6, 20)
    assessment.outcome = outcome
    assessment.reassessment_years = 1 if outcome == "yes" else None
    assessment.save()
    services.assessment_submit(assessment=assessment, by=lead)
    services.assessment_confirm(assessment=assessment, by=director)
    return assessment, letter.render_pdf(assessment, draft=False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "title", "level", "next_label"),
    [
        (VisitKind.COE_REVIEW, "Centre of Excellence annual review", "Centre of Excellence", "Date of next review"),
        (VisitKind.FLAGSHIP_REVIEW, "Flagship School annual review", "Flagship School", "Date of next review"),
        ("intl_coe_review", "International Centre of Excellence annual review", "International Centre of Excellence", "Date of next review"),
        (VisitKind.ASSESSMENT, "IQM assessment report", "Inclusive School Award", "Date of reassessment"),
    ],
)  # fmt: skip
def test_the_letter_names_its_kind_level_and_next_date(
    school, lead, director, kind, title, level, next_label
):
    _, pdf = confirmed_letter(school, lead, director, kind=kind)
    assert reader(pdf).metadata.title.startswith(f"{title} — ")
    text = normalise(body_text(pdf))
    assert f"Award level confirmed: {level}" in text
    assert f"{next_label}: 20th June 2027" in text
    assert f"Number on roll: {school.number_on_roll:,}" in text
    kind_name = VisitKind.objects.get(code=kind).name
    assert f"Type of visit: {kind_name}" in text


@pytest.mark.django_db
def test_a_centre_of_excellence_letter_reads_as_one_and_drops_the_2010_words(school, lead, director):
    _, pdf = confirmed_letter(school, lead, director, kind=VisitKind.COE_REVIEW)
    text = normalise(body_text(pdf))
    first_page = normalise(page_texts(pdf)[0])
    assert "Centre of Excellence annual review" in first_page  # the subject line, under the address
    for words in ("Specific Issues Known", "Final assessor/s", "Assessment Report by IQM"):
        assert words not in normalise(" ".join(page_texts(pdf))), words
    assert "Element 8 - Links with Local, Wider and Global Community" in text
    assert "Assessor/s: " in text


@pytest.mark.django_db
def test_a_remote_visit_says_so_in_the_details_table(school, lead, director):
    _, pdf = confirmed_letter(school, lead, director, kind=VisitKind.COE_REVIEW, remote=True)
    assert "Date of visit: 9th June 2026, remote" in normalise(body_text(pdf))


@pytest.mark.django_db
def test_an_unsuccessful_visit_confirms_no_award_and_no_next_date(school, lead, director):
    assessment, pdf = confirmed_letter(school, lead, director, kind=VisitKind.COE_REVIEW, outcome="no")
    text = normalise(body_text(pdf))
    assert "Award level confirmed: None" in text
    assert "Date of next review: 20th" not in text
    assessment.refresh_from_db()
    assert assessment.expires_on is None


@pytest.mark.django_db
def test_empty_lists_no_structure_requires_print_no_heading(school, lead, director, complete_draft):
    complete_draft.statements.filter(kind__in=["key_success", "minor_area"]).delete()
    html = letter.render_html(letter.gather_context(complete_draft, draft=True))
    assert "Key Areas of Success" not in html
    assert "Minor Areas for Development" not in html
    assert "Strengths" in html


@pytest.mark.django_db
def test_the_2010_framework_keeps_its_own_words(complete_draft):
    html = letter.render_html(letter.gather_context(complete_draft, draft=True))
    assert "Final assessor/s:" in html
    assert "Specific Issues Known" in html
    assert 'data-running-header="Assessment Report by IQM"' in html
    assert "Type of visit" not in html


@pytest.mark.django_db
def test_an_administrators_words_for_a_kind_reach_the_letter(school, lead, director):
    VisitKind.objects.filter(code=VisitKind.COE_REVIEW).update(
        letter_title="Annual review of a Centre of Excellence", letter_subject="Your annual review <b>"
    )
    assessment = AssessmentFactory(school=school, lead_assessor=lead, kind=VisitKind.COE_REVIEW)
    context = letter.gather_context(assessment, draft=True)
    assert context["title"].startswith("DRAFT — Annual review of a Centre of Excellence — ")
    assert "Your annual review &lt;b&gt;" in letter.render_html(context)


@pytest.mark.django_db
def test_a_new_kind_needs_no_code(school, lead, director):
    from assessments.kinds import AwardLevel

    VisitKind.objects.create(
        code="coe_interim",
        name="Centre of Excellence interim visit",
        award_level=AwardLevel.objects.get(code=AwardLevel.CENTRE_OF_EXCELLENCE),
        default_interval_years=1,
        letter_title="Centre of Excellence interim report",
    )
    _, pdf = confirmed_letter(school, lead, director, kind="coe_interim")
    assert reader(pdf).metadata.title.startswith("Centre of Excellence interim report — ")
    assert "Type of visit: Centre of Excellence interim visit" in normalise(body_text(pdf))
