"""Themed-section reports (issue 14, parts 1 and 2): the structure is chosen per assessment,
sections and quotations are edited by services that refuse bad input and stale versions, the
completeness check follows the structure, and the letter prints the sections and quotations."""

import datetime

import pytest

from assessments import editing, services
from assessments.completeness import missing_parts
from assessments.kinds import ReportStructure, VisitKind, kind_for
from assessments.models import Finding, Framework, FrozenAssessmentError
from assessments.sections import (
    Quotation,
    Section,
    quotation_add,
    section_add,
    section_delete,
    section_edit,
    section_move,
    structure_change,
)
from reports import letter
from tests.factories import AssessmentFactory, fill_complete
from tests.letter_pdf import body_text, outline_titles, structure_types

pytestmark = pytest.mark.django_db


def eight_elements() -> Framework:
    return Framework.objects.get(name="IQM Evaluative Framework", version="Eight elements")


@pytest.fixture
def themed(school, lead):
    return AssessmentFactory(
        school=school,
        lead_assessor=lead,
        kind=VisitKind.FLAGSHIP_REVIEW,
        framework=eight_elements(),
        report_structure=ReportStructure.THEMED,
        visit_start=datetime.date(2026, 6, 9),
        visit_end=datetime.date(2026, 6, 9),
    )


def complete_themed(assessment, lead):
    fill_complete(assessment)
    Finding.objects.filter(assessment=assessment).delete()
    section_add(assessment=assessment, by=lead, heading="Context", narrative="A small primary school.")
    second = section_add(
        assessment=assessment,
        by=lead,
        heading="Provision Wrapped Around the Child",
        narrative="Pupils are known well.",
    )
    quotation_add(
        assessment=assessment,
        by=lead,
        section_id=second.pk,
        text="Everyone here knows my name.",
        attribution="A pupil in Year 5",
    )
    return assessment


def headings(assessment):
    return list(
        Section.objects.filter(assessment=assessment).order_by("position").values_list("heading", flat=True)
    )


def test_flagship_kinds_default_to_themed_and_the_others_to_elements(school, lead, director):
    assert kind_for(VisitKind.FLAGSHIP_REVIEW).report_structure == ReportStructure.THEMED
    assert kind_for(VisitKind.FLAGSHIP_ASSESSMENT).report_structure == ReportStructure.THEMED
    assert kind_for(VisitKind.ASSESSMENT).report_structure == ReportStructure.ELEMENTS
    scheduled = services.assessment_schedule(
        school=school,
        framework=eight_elements(),
        kind=VisitKind.ASSESSMENT,
        visit_start=datetime.date(2026, 12, 10),
        visit_end=datetime.date(2026, 12, 10),
        lead_assessor=lead,
        by=director,
        report_structure=ReportStructure.THEMED,
    )
    assert scheduled.report_structure == ReportStructure.THEMED


def test_the_structure_cannot_change_once_the_report_has_content(themed, lead, director):
    section_add(assessment=themed, by=lead, heading="Context")
    with pytest.raises(editing.EditRefused, match="already has content"):
        structure_change(assessment=themed, by=director, structure=ReportStructure.ELEMENTS)
    themed.refresh_from_db()
    assert themed.report_structure == ReportStructure.THEMED


def test_the_structure_changes_while_the_report_is_empty(themed, director):
    structure_change(assessment=themed, by=director, structure=ReportStructure.ELEMENTS)
    themed.refresh_from_db()
    assert themed.report_structure == ReportStructure.ELEMENTS


def test_add_rename_reorder_and_delete_sections(themed, lead):
    first = section_add(assessment=themed, by=lead, heading="Context")
    second = section_add(assessment=themed, by=lead, heading="Leadership")
    section_add(assessment=themed, by=lead, heading="Community")
    section_edit(
        assessment=themed, by=lead, section_id=second.pk, heading="Leaders", narrative="N", version=1
    )
    assert headings(themed) == ["Context", "Leaders", "Community"]
    section_move(assessment=themed, by=lead, section_id=second.pk, direction="up")
    assert headings(themed) == ["Leaders", "Context", "Community"]
    deleted = section_delete(assessment=themed, by=lead, section_id=first.pk, version=1)
    assert deleted["heading"] == "Context"
    assert headings(themed) == ["Leaders", "Community"]
    assert list(Section.objects.filter(assessment=themed).values_list("position", flat=True)) == [1, 2]


@pytest.mark.parametrize("heading", ["", "   ", "x" * 301])
def test_a_blank_or_overlong_heading_is_refused_and_nothing_changes(themed, lead, heading):
    with pytest.raises(editing.EditRefused):
        section_add(assessment=themed, by=lead, heading=heading)
    assert not Section.objects.filter(assessment=themed).exists()


def test_a_quotation_without_text_is_refused(themed, lead):
    section = section_add(assessment=themed, by=lead, heading="Context")
    with pytest.raises(editing.EditRefused, match="needs some text"):
        quotation_add(assessment=themed, by=lead, section_id=section.pk, text="  ", attribution="A parent")
    assert not Quotation.objects.exists()


def test_a_stale_version_is_refused_with_both_texts(themed, lead):
    section = section_add(assessment=themed, by=lead, heading="Context")
    section_edit(
        assessment=themed, by=lead, section_id=section.pk, heading="Setting", narrative="", version=1
    )
    with pytest.raises(editing.VersionConflict) as conflict:
        section_edit(
            assessment=themed, by=lead, section_id=section.pk, heading="Mine", narrative="", version=1
        )
    assert conflict.value.theirs["heading"] == "Setting"
    assert headings(themed) == ["Setting"]


def test_a_section_of_another_assessment_is_refused(themed, lead, school):
    other = AssessmentFactory(
        school=school, lead_assessor=lead, framework=eight_elements(), report_structure=ReportStructure.THEMED
    )
    theirs = section_add(assessment=other, by=lead, heading="Theirs")
    with pytest.raises(editing.ItemGone):
        section_edit(
            assessment=themed, by=lead, section_id=theirs.pk, heading="Mine", narrative="", version=1
        )
    with pytest.raises(editing.ItemGone):
        quotation_add(assessment=themed, by=lead, section_id=theirs.pk, text="Hello")
    assert headings(other) == ["Theirs"]


def test_an_assessor_not_assigned_cannot_add_a_section(themed, other_assessor):
    with pytest.raises(editing.ReadOnlyError):
        section_add(assessment=themed, by=other_assessor, heading="Context")


def test_an_element_report_refuses_sections(draft, lead):
    with pytest.raises(editing.EditRefused, match="organised by element"):
        section_add(assessment=draft, by=lead, heading="Context")


def test_themed_completeness_needs_sections_with_headings_and_narratives(themed, lead):
    fill_complete(themed)
    Finding.objects.filter(assessment=themed).delete()
    labels = [part.label for part in missing_parts(themed)]
    assert labels == ["The report has no sections yet"]
    section = section_add(assessment=themed, by=lead, heading="Context")
    labels = [part.label for part in missing_parts(themed)]
    assert labels == ["Section 1 - Context: the narrative is empty"]
    section_edit(
        assessment=themed, by=lead, section_id=section.pk, heading="Context", narrative="Ok.", version=1
    )
    assert missing_parts(themed) == []  # no element findings needed


def test_element_completeness_is_unchanged(draft):
    fill_complete(draft)
    assert missing_parts(draft) == []
    Finding.objects.filter(assessment=draft).delete()
    assert any(part.section == "element" for part in missing_parts(draft))


def test_themed_report_is_confirmed_frozen_and_printed_with_sections_and_quotation(themed, lead, director):
    complete_themed(themed, lead)
    themed.letter_date = datetime.date(2026, 6, 20)
    themed.reassessment_years = 1
    themed.save()
    services.assessment_submit(assessment=themed, by=lead)
    services.assessment_confirm(assessment=themed, by=director)
    section = Section.objects.filter(assessment=themed).first()
    with pytest.raises(FrozenAssessmentError):
        section.save()
    with pytest.raises(FrozenAssessmentError):
        Quotation.objects.filter(assessment=themed).delete()

    html = letter.render_html(letter.gather_context(themed, draft=False))
    assert "<blockquote><p>Everyone here knows my name.</p></blockquote>" in html
    assert "<figcaption>A pupil in Year 5</figcaption>" in html
    assert "Element 1" not in html

    pdf = letter.render_pdf(themed, draft=False)
    text = body_text(pdf)
    assert text.index("Context") < text.index("Provision Wrapped Around the Child")
    assert "Everyone here knows my name." in text
    titles = outline_titles(pdf)
    assert [t for t in titles if t in ("Context", "Provision Wrapped Around the Child")] == [
        "Context",
        "Provision Wrapped Around the Child",
    ]
    assert "BlockQuote" in structure_types(pdf)


def test_json_round_trip_of_a_themed_report_in_format_3(themed, lead, director):
    from assessments import interchange

    complete_themed(themed, lead)
    doc = interchange.export_document(themed)
    assert doc["format_version"] == 4
    assert doc["report_structure"] == "themed"
    assert doc["sections"][1] == {
        "heading": "Provision Wrapped Around the Child",
        "narrative": "Pupils are known well.",
        "quotations": [{"text": "Everyone here knows my name.", "attribution": "A pupil in Year 5"}],
    }
    copy = interchange.import_document(doc, by=director)
    assert copy.report_structure == ReportStructure.THEMED
    assert interchange.export_document(copy)["sections"] == doc["sections"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"heading": "  "}, "sections[0].heading: must be a non-empty string"),
        ({"quotations": [{"text": "", "attribution": "A parent"}]}, "sections[0].quotations[0].text"),
        ({"heading": "x" * 301}, "sections[0].heading: must be at most 300 characters"),
    ],
)
def test_a_bad_section_in_a_document_is_refused_and_nothing_is_imported(themed, lead, change, problem):
    from assessments import interchange
    from assessments.models import Assessment

    complete_themed(themed, lead)
    doc = interchange.export_document(themed)
    doc["sections"][0].update(change)
    before = Assessment.objects.count()
    with pytest.raises(interchange.ImportProblems) as refused:
        interchange.import_document(doc)
    assert any(problem in p for p in refused.value.problems)
    assert Assessment.objects.count() == before


def test_a_version_2_document_still_imports_as_a_report_by_element(complete_draft):
    from assessments import interchange

    doc = interchange.export_document(complete_draft)
    doc["format_version"] = 2
    del doc["report_structure"], doc["sections"], doc["targets"], doc["research_project"], doc["carried"]
    copy = interchange.import_document(doc)
    assert copy.report_structure == ReportStructure.ELEMENTS
    assert copy.findings.count() == complete_draft.findings.count()


def test_the_director_chooses_the_structure_when_scheduling(client, director, school, lead):
    from django.urls import reverse

    from assessments.models import Assessment

    client.force_login(director)
    data = {
        "school": school.pk,
        "framework": eight_elements().pk,
        "kind": "assessment",
        "report_structure": "themed",
        "visit_start": "2027-02-03",
        "visit_end": "2027-02-04",
        "lead_assessor": lead.pk,
    }
    assert client.post(reverse("visit_schedule"), data).status_code == 302
    assert Assessment.objects.get(school=school).report_structure == ReportStructure.THEMED
    bad = {**data, "report_structure": "chapters"}
    response = client.post(reverse("visit_schedule"), bad)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Assessment.objects.filter(school=school).count() == 1


def test_the_director_review_page_shows_the_sections_escaped(client, director, themed, lead):
    from django.urls import reverse

    complete_themed(themed, lead)
    section_add(assessment=themed, by=lead, heading="<b>Pupils & parents</b>", narrative="Fine.")
    client.force_login(director)
    page = client.get(reverse("review_assessment", args=[themed.pk])).content.decode()
    assert "Provision Wrapped Around the Child" in page
    assert "<blockquote><p>Everyone here knows my name.</p></blockquote>" in page
    assert "&lt;b&gt;Pupils &amp; parents&lt;/b&gt;" in page


def test_the_demo_loads_a_confirmed_themed_flagship_review_of_a_second_school(demo):
    from assessments.models import Assessment

    review = Assessment.objects.get(school__name="Brookfield Primary School", status="confirmed")
    assert (review.kind_id, review.status, review.report_structure) == (
        "flagship_review",
        "confirmed",
        "themed",
    )
    assert headings(review)[:2] == ["Context", "Provision Wrapped Around the Child"]
    assert 4 <= len(headings(review)) <= 6
    assert Quotation.objects.filter(assessment=review).exclude(attribution="").exists()
    from reports.models import IssuedReport

    assert IssuedReport.objects.filter(assessment=review).exists()
