"""The assessor's editor for a themed report (assessments/views/sections.py): the Sections page
adds, moves, deletes and puts back sections; a section's page renames it, edits its narrative
(also by autosave) and adds and deletes its quotations. Every change works with htmx and as a
plain form post; bad input, a stale version and a read-only assessment change nothing."""

import datetime

import pytest
from django.urls import reverse

from assessments import limits
from assessments.kinds import ReportStructure, VisitKind
from assessments.models import Framework
from assessments.sections import Quotation, Section, quotation_add, section_add, section_edit
from assessments.services import assessment_submit
from tests.factories import AssessmentFactory, fill_complete

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def themed(school, lead, co_assessor):
    assessment = AssessmentFactory(
        school=school,
        lead_assessor=lead,
        kind=VisitKind.FLAGSHIP_REVIEW,
        framework=Framework.objects.get(name="IQM Evaluative Framework", version="Eight elements"),
        report_structure=ReportStructure.THEMED,
        visit_start=datetime.date(2026, 6, 9),
        visit_end=datetime.date(2026, 6, 9),
    )
    assessment.co_assessors.add(co_assessor)
    return assessment


@pytest.fixture
def two(themed, lead):
    first = section_add(assessment=themed, by=lead, heading="Context", narrative="A small primary school.")
    second = section_add(assessment=themed, by=lead, heading="Provision", narrative="Pupils are known well.")
    quotation_add(
        assessment=themed, by=lead, section_id=second.pk, text="They know my name.", attribution="A pupil"
    )
    return first, second


@pytest.fixture
def as_lead(client, lead):
    client.force_login(lead)
    return client


def headings(assessment) -> list[str]:
    return list(
        Section.objects.filter(assessment=assessment).order_by("position").values_list("heading", flat=True)
    )


def url(name, *args):
    return reverse(name, args=args)


def snapshot(assessment):
    return (
        list(
            Section.objects.filter(assessment=assessment)
            .order_by("pk")
            .values_list("heading", "narrative", "position", "version")
        ),
        list(
            Quotation.objects.filter(assessment=assessment)
            .order_by("pk")
            .values_list("text", "attribution", "position")
        ),
    )


# The Sections page --------------------------------------------------------------------------


def test_the_sections_page_lists_the_sections_in_order_with_their_quotations(as_lead, themed, two):
    response = as_lead.get(url("assessment_sections", themed.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Context") < html.index("Provision")
    assert "A small primary school." in html
    assert "They know my name." in html and "A pupil" in html
    assert 'id="add-section"' in html


def test_the_pages_link_to_the_sections_page_and_offer_no_element_pages(as_lead, themed, two):
    sections_url = url("assessment_sections", themed.pk)
    overview = as_lead.get(url("assessment_overview", themed.pk)).content.decode()
    assert sections_url in overview
    assert url("themed_section", themed.pk, two[0].pk) in overview
    assert url("assessment_element", themed.pk, 1) not in overview
    summary = as_lead.get(url("assessment_section", themed.pk, "summary")).content.decode()
    assert f'href="{sections_url}"' in summary  # the page navigation
    assert url("assessment_element", themed.pk, 1) not in summary
    assert as_lead.get(url("assessment_element", themed.pk, 1)).status_code == 404


def test_a_missing_part_links_to_the_sections_page(themed, lead):
    from assessments.completeness import missing_parts
    from assessments.workspace import linked

    parts = [part for part in linked(themed, missing_parts(themed)) if part.section == "sections"]
    assert parts and all(part.url == url("assessment_sections", themed.pk) for part in parts)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_section_is_added(as_lead, themed, two, htmx):
    data = {"section-add-heading": "Leadership", "section-add-narrative": "Leaders are ambitious."}
    response = as_lead.post(url("themed_section_add", themed.pk), data, headers=HTMX if htmx else None)
    if htmx:
        assert response.status_code == 200
        assert 'id="themed-sections"' in response.content.decode()
        assert "<html" not in response.content.decode()
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(url("assessment_sections", themed.pk))
    assert headings(themed) == ["Context", "Provision", "Leadership"]
    assert Section.objects.get(assessment=themed, heading="Leadership").narrative == "Leaders are ambitious."


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("heading", ["", "   ", "x" * 301])
def test_bad_headings_change_nothing(as_lead, themed, two, htmx, heading):
    before = snapshot(themed)
    response = as_lead.post(
        url("themed_section_add", themed.pk), {"section-add-heading": heading}, headers=HTMX if htmx else None
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "heading" in html.lower()
    assert snapshot(themed) == before


def test_a_too_long_narrative_is_refused(as_lead, themed, two):
    before = snapshot(themed)
    response = as_lead.post(
        url("themed_section_add", themed.pk),
        {"section-add-heading": "Long", "section-add-narrative": "x" * (limits.MAX_FIELD_LENGTH + 1)},
    )
    assert response.status_code == 200
    assert "characters long" in response.content.decode()
    assert snapshot(themed) == before


@pytest.mark.parametrize("htmx", [False, True])
def test_a_section_moves_up_and_down(as_lead, themed, two, htmx):
    _, second = two
    headers = HTMX if htmx else None
    response = as_lead.post(
        url("themed_section_move", themed.pk, second.pk), {"direction": "up"}, headers=headers
    )
    assert response.status_code == (200 if htmx else 302)
    assert headings(themed) == ["Provision", "Context"]
    if htmx:
        assert f'data-focus="up-section-{second.pk}"' in response.content.decode()
    as_lead.post(url("themed_section_move", themed.pk, second.pk), {"direction": "down"}, headers=headers)
    assert headings(themed) == ["Context", "Provision"]


def test_a_bad_direction_moves_nothing(as_lead, themed, two):
    response = as_lead.post(url("themed_section_move", themed.pk, two[1].pk), {"direction": "sideways"})
    assert response.status_code == 302
    assert headings(themed) == ["Context", "Provision"]


@pytest.mark.parametrize("htmx", [False, True])
def test_a_deleted_section_is_put_back_with_its_quotations(as_lead, themed, two, htmx):
    first, second = two
    headers = HTMX if htmx else None
    response = as_lead.post(
        url("themed_section_delete", themed.pk, second.pk), {"version": second.version}, headers=headers
    )
    assert headings(themed) == ["Context"]
    assert not Quotation.objects.filter(assessment=themed).exists()
    if htmx:
        html = response.content.decode()
    else:
        assert response.status_code == 302
        html = as_lead.get(response["Location"]).content.decode()
    assert 'id="undo-section"' in html
    assert "Deleted the section “Provision” and its 1 quotation" in html
    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
    # Shown once: the next page no longer offers it.
    assert 'id="undo-section"' not in as_lead.get(url("assessment_sections", themed.pk)).content.decode()

    # Put it back first, at the place it had.
    section_add(assessment=themed, by=first.assessment.lead_assessor, heading="Later")
    as_lead.post(url("themed_section_move", themed.pk, first.pk), {"direction": "down"})
    assert headings(themed) == ["Later", "Context"]
    response = as_lead.post(url("themed_section_restore", themed.pk), {"token": token}, headers=headers)
    assert response.status_code == (200 if htmx else 302)
    assert headings(themed) == ["Later", "Provision", "Context"]
    restored = Section.objects.get(assessment=themed, heading="Provision")
    assert restored.narrative == "Pupils are known well."
    assert list(restored.quotations.values_list("text", "attribution")) == [("They know my name.", "A pupil")]
    # Only once.
    as_lead.post(url("themed_section_restore", themed.pk), {"token": token})
    assert headings(themed) == ["Later", "Provision", "Context"]


def test_a_stale_delete_is_refused(as_lead, themed, two, lead):
    first, _ = two
    section_edit(assessment=themed, by=lead, section_id=first.pk, heading="Renamed", narrative="", version=1)
    response = as_lead.post(url("themed_section_delete", themed.pk, first.pk), {"version": 1}, headers=HTMX)
    assert response.status_code == 409
    assert "was not deleted" in response.content.decode()
    assert headings(themed) == ["Renamed", "Provision"]


def test_an_undo_with_a_wrong_token_puts_nothing_back(as_lead, themed, two):
    as_lead.post(url("themed_section_delete", themed.pk, two[0].pk), {"version": 1})
    response = as_lead.post(url("themed_section_restore", themed.pk), {"token": "guess"})
    assert response.status_code == 302
    assert headings(themed) == ["Provision"]


# A section's page ---------------------------------------------------------------------------


def test_a_section_is_renamed_and_its_narrative_saved(as_lead, themed, two):
    first, _ = two
    page = url("themed_section", themed.pk, first.pk)
    assert as_lead.get(page).status_code == 200
    response = as_lead.post(page, {"version": 1, "heading": "The school", "narrative": "Now longer."})
    assert response.status_code == 302 and response["Location"] == page
    first.refresh_from_db()
    assert (first.heading, first.narrative, first.version) == ("The school", "Now longer.", 2)
    response = as_lead.post(
        page, {"version": 2, "heading": "The school", "narrative": "x", "then": "sections"}
    )
    assert response["Location"].startswith(url("assessment_sections", themed.pk))


@pytest.mark.parametrize("heading", ["", "    "])
def test_renaming_to_an_empty_heading_changes_nothing(as_lead, themed, two, heading):
    first, _ = two
    before = snapshot(themed)
    response = as_lead.post(
        url("themed_section", themed.pk, first.pk),
        {"version": 1, "heading": heading, "narrative": "Changed."},
    )
    assert response.status_code == 200
    assert "A section needs a heading" in response.content.decode()
    assert snapshot(themed) == before


def test_a_stale_save_shows_both_texts_and_saves_nothing(as_lead, themed, two, co_assessor):
    first, _ = two
    section_edit(
        assessment=themed,
        by=co_assessor,
        section_id=first.pk,
        heading="Theirs",
        narrative="Their text.",
        version=1,
    )
    response = as_lead.post(
        url("themed_section", themed.pk, first.pk), {"version": 1, "heading": "Mine", "narrative": "My text."}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this" in html
    assert "My text." in html and "Their text." in html
    assert "Mine" in html and "Theirs" in html
    assert 'name="version" value="2"' in html  # saving again, having seen theirs, goes through
    first.refresh_from_db()
    assert (first.heading, first.narrative) == ("Theirs", "Their text.")


def test_the_narrative_autosaves_and_a_stale_autosave_is_a_conflict(as_lead, themed, two, co_assessor):
    first, _ = two
    autosave = url("themed_section_autosave", themed.pk, first.pk)
    response = as_lead.post(autosave, {"field": "narrative", "narrative": "Typed.", "version": 1})
    assert response.status_code == 200 and response.json()["version"] == 2
    first.refresh_from_db()
    assert (first.heading, first.narrative) == ("Context", "Typed.")
    section_edit(
        assessment=themed,
        by=co_assessor,
        section_id=first.pk,
        heading="Context",
        narrative="Theirs.",
        version=2,
    )
    response = as_lead.post(autosave, {"field": "narrative", "narrative": "Mine.", "version": 2})
    assert response.status_code == 409
    data = response.json()
    assert data["kind"] == "conflict" and data["theirs"] == "Theirs." and "Mine." in data["html"]
    assert as_lead.post(autosave, {"field": "heading", "heading": "x", "version": 3}).status_code == 404


@pytest.mark.parametrize("htmx", [False, True])
def test_a_quotation_is_added_and_deleted(as_lead, themed, two, htmx):
    first, _ = two
    headers = HTMX if htmx else None
    response = as_lead.post(
        url("quotation_add", themed.pk, first.pk),
        {"quotation-add-text": "A lovely school.", "quotation-add-attribution": "A parent"},
        headers=headers,
    )
    assert response.status_code == (200 if htmx else 302)
    quotation = Quotation.objects.get(section=first)
    assert (quotation.text, quotation.attribution) == ("A lovely school.", "A parent")
    if htmx:
        assert 'id="quotations"' in response.content.decode()
    response = as_lead.post(
        url("quotation_delete", themed.pk, quotation.pk), {"version": quotation.version}, headers=headers
    )
    assert response.status_code == (200 if htmx else 302)
    assert not Quotation.objects.filter(section=first).exists()


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("text", ["", "   ", "x" * (limits.MAX_ITEM_LENGTH + 1)])
def test_a_bad_quotation_changes_nothing(as_lead, themed, two, htmx, text):
    before = snapshot(themed)
    response = as_lead.post(
        url("quotation_add", themed.pk, two[0].pk),
        {"quotation-add-text": text, "quotation-add-attribution": "Someone"},
        headers=HTMX if htmx else None,
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert snapshot(themed) == before


def test_user_text_is_escaped(as_lead, themed, lead):
    section = section_add(
        assessment=themed, by=lead, heading="<script>alert(1)</script>", narrative="<b>bold</b>"
    )
    quotation_add(
        assessment=themed, by=lead, section_id=section.pk, text="<i>q</i>", attribution="<u>who</u>"
    )
    for page in (url("assessment_sections", themed.pk), url("themed_section", themed.pk, section.pk)):
        html = as_lead.get(page).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<i>q</i>" not in html and "<u>who</u>" not in html


# Read-only and refusals ---------------------------------------------------------------------


@pytest.fixture
def submitted_themed(themed, lead, two):
    fill_complete(themed)
    themed.findings.all().delete()
    return assessment_submit(assessment=themed, by=lead)


def test_a_submitted_report_is_read_only(as_lead, submitted_themed, two):
    first, second = two
    for page in (
        url("assessment_sections", submitted_themed.pk),
        url("themed_section", submitted_themed.pk, first.pk),
    ):
        response = as_lead.get(page)
        assert response.status_code == 200
        html = response.content.decode()
        assert "hx-post" not in html and "themed-section-form" not in html
        assert 'id="add-section"' not in html and 'id="add-quotation"' not in html
        assert "submitted for confirmation" in html
    before = snapshot(submitted_themed)
    posts = [
        (url("themed_section_add", submitted_themed.pk), {"section-add-heading": "New"}),
        (
            url("themed_section", submitted_themed.pk, first.pk),
            {"version": 1, "heading": "X", "narrative": ""},
        ),
        (url("themed_section_move", submitted_themed.pk, second.pk), {"direction": "up"}),
        (url("themed_section_delete", submitted_themed.pk, first.pk), {"version": 1}),
        (url("quotation_add", submitted_themed.pk, first.pk), {"quotation-add-text": "Q"}),
        (url("quotation_delete", submitted_themed.pk, second.quotations.first().pk), {"version": 1}),
    ]
    for path, data in posts:
        response = as_lead.post(path, data)
        assert response.status_code == 302, path
        message = as_lead.get(response["Location"]).content.decode()
        assert "Nothing was changed" in message, path
        response = as_lead.post(path, data, headers=HTMX)
        assert response.status_code in (200, 409), path
        assert snapshot(submitted_themed) == before, path


def test_a_director_reads_the_pages_without_forms_and_cannot_post(client, director, themed, two):
    client.force_login(director)
    html = client.get(url("assessment_sections", themed.pk)).content.decode()
    assert "Provision" in html and 'id="add-section"' not in html and "delete-section" not in html
    html = client.get(url("themed_section", themed.pk, two[0].pk)).content.decode()
    assert "A small primary school." in html and "themed-section-form" not in html
    response = client.post(url("themed_section_add", themed.pk), {"section-add-heading": "New"})
    assert response.status_code == 404
    assert headings(themed) == ["Context", "Provision"]


def test_an_assessment_by_element_has_no_section_pages(as_lead, draft):
    assert as_lead.get(url("assessment_sections", draft.pk)).status_code == 404
    response = as_lead.post(url("themed_section_add", draft.pk), {"section-add-heading": "New"})
    assert response.status_code == 404
    assert not Section.objects.filter(assessment=draft).exists()


def test_a_section_of_another_assessment_is_not_found(as_lead, themed, two, school, lead):
    other = AssessmentFactory(school=school, lead_assessor=lead, report_structure=ReportStructure.THEMED)
    assert as_lead.get(url("themed_section", other.pk, two[0].pk)).status_code == 404


def test_saving_a_deleted_section_gives_the_text_back(as_lead, themed, two, lead):
    first, _ = two
    from assessments.sections import section_delete

    section_delete(assessment=themed, by=lead, section_id=first.pk, version=1)
    response = as_lead.post(
        url("themed_section", themed.pk, first.pk),
        {"version": 1, "heading": "Kept heading", "narrative": "Kept."},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else deleted this section" in html and "Kept heading" in html


def test_themed_text_counts_towards_the_whole_report_limit(themed, lead, monkeypatch):
    from assessments import editing

    section_add(assessment=themed, by=lead, heading="Heading", narrative="x" * 100)
    assert editing.assessment_text_length(themed.pk) >= 107
    monkeypatch.setattr(limits, "MAX_TOTAL_LENGTH", editing.assessment_text_length(themed.pk) + 10)
    with pytest.raises(editing.EditRefused):
        section_add(assessment=themed, by=lead, heading="Another", narrative="y" * 20)
    assert headings(themed) == ["Heading"]


# Queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["assessment_sections", "themed_section"])
def test_the_pages_read_in_a_fixed_number_of_queries(
    as_lead, themed, lead, page, django_assert_max_num_queries
):
    def add(count):
        for n in range(count):
            section = section_add(assessment=themed, by=lead, heading=f"Section {n}", narrative="Text.")
            quotation_add(assessment=themed, by=lead, section_id=section.pk, text="A quotation.")

    def path():
        first = Section.objects.filter(assessment=themed).order_by("position").first()
        return url(page, themed.pk) if page == "assessment_sections" else url(page, themed.pk, first.pk)

    add(3)
    as_lead.get(path())  # the session and caches warm
    with django_assert_max_num_queries(16) as few:
        assert as_lead.get(path()).status_code == 200
    add(7)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert as_lead.get(path()).status_code == 200
