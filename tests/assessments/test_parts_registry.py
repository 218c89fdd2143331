"""A part plugged in through the registry (assessments.parts) reaches every reader of the core
— the editor's pages and Previous / Next, completeness, the size limit, the JSON document, the
letter, the element page, the overview's links and the workflow's transitions — with no edit in
the core. The test part, a "tally", is registered for each test and taken out after it."""

import dataclasses

import pytest
from django.urls import reverse

from assessments import editing, interchange, limits, parts, services
from assessments.completeness import MissingPart, missing_parts
from assessments.workspace import workspace_for
from reports import letter

CALLS: list = []


def _validate(check, top, kind):
    value = top.get("tally", 0)
    if not isinstance(value, int):
        check.fail("tally", "must be a whole number")
    return {"tally": value}


TALLY = parts.Part(
    key="tally",
    pages=(
        parts.PartPage("tally", "Tally of the visit", "assessment_overview", lambda a: a.remote is False),
    ),
    links=(parts.PartLink("The tally", "assessment_overview"),),
    missing=lambda assessment: [MissingPart("tally", "The tally is not taken")],
    text_length=lambda assessment_id: limits.MAX_TOTAL_LENGTH,
    since_version=4,
    document_keys=("tally",),
    export=lambda assessment: {"tally": 7},
    validate=_validate,
    document_text_length=lambda clean: clean["tally"],
    load=lambda assessment, clean: CALLS.append(("load", assessment.pk, clean["tally"])),
    letter_context=lambda assessment: {"tally_words": "The tally was seven."},
    letter_templates={"after_elements": "tests/_letter_tally.html"},
    element_context=lambda assessment, element: {"tally_note": f"Tally for {element.number}"},
    element_template="tests/_letter_tally.html",
    on_scheduled=lambda *, assessment: CALLS.append(("scheduled", assessment.pk)),
    confirm_problem=lambda assessment: "The tally is not reconciled.",
)


@pytest.fixture
def tally():
    CALLS.clear()
    parts.register(TALLY)
    yield TALLY
    parts.unregister("tally")


def test_its_page_joins_the_editor_after_the_letters_own_with_previous_and_next(tally, draft, lead):
    workspace = workspace_for(draft, lead)
    keys = [page.key for page in workspace.pages]
    assert keys[-1] == "tally"
    page = workspace.pages[-1]
    assert page.title == "Tally of the visit" and not page.complete
    assert [m.label for m in page.missing] == ["The tally is not taken"]
    assert {"label": "The tally", "url": reverse("assessment_overview", args=[draft.pk])} | {
        "section": "",
        "note": "",
    } in workspace.overview_links


def test_a_page_that_does_not_apply_to_the_visit_is_left_out(tally, draft, lead):
    draft.remote = True
    assert "tally" not in [page.key for page in workspace_for(draft, lead).pages]


def test_what_it_lacks_counts_for_completeness(tally, complete_draft):
    assert [part.label for part in missing_parts(complete_draft)] == ["The tally is not taken"]
    parts.unregister("tally")
    assert missing_parts(complete_draft) == []


def test_its_text_counts_towards_the_size_limit(tally, complete_draft):
    assert editing.assessment_text_length(complete_draft.pk) > limits.MAX_TOTAL_LENGTH


def test_its_keys_go_out_and_come_back_in_the_json_document(tally, complete_draft, db):
    document = interchange.export_document(complete_draft)
    assert document["tally"] == 7
    assert interchange.validate_document(document)["tally"] == 7
    imported = interchange.import_document(document)
    assert ("load", imported.pk, 7) in CALLS


def test_its_keys_are_checked_with_the_rest_of_the_document(tally, complete_draft):
    document = interchange.export_document(complete_draft) | {"tally": "seven"}
    with pytest.raises(interchange.ImportProblems) as refused:
        interchange.validate_document(document)
    assert "tally: must be a whole number" in str(refused.value)


def test_a_document_older_than_the_part_may_not_name_its_keys(tally, complete_draft):
    document = interchange.export_document(complete_draft) | {"format_version": 3}
    document.pop("targets"), document.pop("research_project"), document.pop("carried")
    with pytest.raises(interchange.ImportProblems) as refused:
        interchange.validate_document(document)
    assert "tally" in str(refused.value)


def test_its_fragment_is_in_the_letter(tally, complete_draft):
    html = letter.render_html(letter.gather_context(complete_draft, draft=True))
    assert "The tally was seven." in html
    # After the elements, before the closing summary.
    assert html.index("The tally was seven.") > html.index("Narrative for")


def test_its_panel_is_on_the_element_page(tally, draft, lead, client):
    client.force_login(lead)
    page = client.get(reverse("assessment_element", args=[draft.pk, 1])).content.decode()
    assert '<section class="tally">' in page


def test_it_takes_part_in_scheduling_and_may_stop_a_confirmation(tally, complete_draft, director):
    with pytest.raises(services.IncompleteAssessmentError, match="The tally is not taken"):
        services.assessment_submit(assessment=complete_draft, by=complete_draft.lead_assessor)
    parts.register(dataclasses.replace(TALLY, missing=None))
    services.assessment_submit(assessment=complete_draft, by=complete_draft.lead_assessor)
    with pytest.raises(services.WorkflowError, match=r"The tally is not reconciled\."):
        services.assessment_confirm(assessment=complete_draft, by=director)
    scheduled = services.assessment_schedule(
        school=complete_draft.school,
        framework=complete_draft.framework,
        kind=complete_draft.kind,
        visit_start=complete_draft.visit_start,
        visit_end=complete_draft.visit_end,
        lead_assessor=complete_draft.lead_assessor,
        override_reason="The registry's test schedules a second visit while the first is open.",
        by=director,
    )
    assert ("scheduled", scheduled.pk) in CALLS


def test_it_takes_its_step_when_an_assessment_is_submitted(tally, complete_draft):
    parts.register(
        dataclasses.replace(
            TALLY,
            missing=None,
            on_submitted=lambda *, assessment, by: CALLS.append(
                ("submitted", assessment.pk, by.pk, assessment.status)
            ),
        )
    )
    services.assessment_submit(assessment=complete_draft, by=complete_draft.lead_assessor)
    assert ("submitted", complete_draft.pk, complete_draft.lead_assessor_id, "submitted") in CALLS


def test_a_failing_submission_step_undoes_the_submission(tally, complete_draft):
    def refuse(*, assessment, by):
        raise services.WorkflowError("The tally refuses.")

    parts.register(dataclasses.replace(TALLY, missing=None, on_submitted=refuse))
    with pytest.raises(services.WorkflowError, match="The tally refuses"):
        services.assessment_submit(assessment=complete_draft, by=complete_draft.lead_assessor)
    complete_draft.refresh_from_db()
    assert complete_draft.status == "draft"


def test_its_panel_is_on_the_pages_of_the_letters_own_sections(tally, draft, lead, client):
    parts.register(
        dataclasses.replace(
            TALLY,
            section_context=lambda assessment, page: {"tally_words": f"Tally for {page}"},
            section_template="tests/_letter_tally.html",
        )
    )
    client.force_login(lead)
    page = client.get(reverse("assessment_section", args=[draft.pk, "summary"])).content.decode()
    assert '<section class="tally">' in page and "Tally for summary" in page


PANELS = parts.Part(
    key="tally_panels",
    texts=lambda assessment: [parts.WrittenText("The tally", "/tally/#words", "Seven strokes.")],
    panel_templates={
        "overview": "tests/_panel_tally.html",
        "letter_preview": "tests/_panel_tally.html",
        "list_item": "tests/_panel_tally.html",
    },
    panel_context=lambda place, assessment, user: {"words": f"Tally on the {place} for {user.first_name}"},
)


@pytest.fixture
def tally_panels():
    parts.register(PANELS)
    yield PANELS
    parts.unregister("tally_panels")


def test_its_panels_are_on_the_overview_and_the_letters_page(tally_panels, draft, lead, client):
    client.force_login(lead)
    overview = client.get(reverse("assessment_overview", args=[draft.pk])).content.decode()
    assert "Tally on the overview for Roger" in overview
    preview = client.get(reverse("letter_preview_html", args=[draft.pk])).content.decode()
    assert "Tally on the letter_preview for Roger" in preview


def test_its_list_item_panel_is_beside_each_new_items_field(tally_panels, draft, lead, client):
    client.force_login(lead)
    page = client.get(reverse("assessment_element", args=[draft.pk, 1])).content.decode()
    assert "Beside the strength field id_strength-add-text" in page
    assert "Beside the area field id_area-add-text" in page
    page = client.get(reverse("assessment_section", args=[draft.pk, "key_successes"])).content.decode()
    assert "Beside the key_success field id_key_success-add-text" in page


def test_its_texts_are_read_by_name(tally_panels, draft):
    found = [hook(draft) for hook in parts.with_hook("texts")]
    assert [parts.WrittenText("The tally", "/tally/#words", "Seven strokes.")] in found
