"""Issue 26, item 3: a correction the school asks for reaches the letter. While the school's
factual-accuracy check is open the lead assessor corrects the submitted letter through the
editing services (conflict refusal, history); the answer links to the corrected part; the
director sees, at confirmation, every comment with its answer and what changed in the letter
since the school was sent the draft."""

import pytest
from django.urls import reverse

from assessments import editing, services
from assessments.models import Assessment, Element, Status
from factcheck import services as fc
from factcheck.models import CheckComment
from tests.factories import HeadteacherFactory
from tests.letter_pdf import tiny_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick_pdf(monkeypatch):
    from reports import letter

    monkeypatch.setattr(letter, "html_to_pdf", lambda html, **kwargs: tiny_pdf())


@pytest.fixture
def head(submitted):
    return HeadteacherFactory(school=submitted.school, email="head@example.org")


@pytest.fixture
def on_roll(submitted):
    Assessment.objects.filter(pk=submitted.pk).update(context="The school has 940 pupils on roll.")
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def check(on_roll, director, head):
    return fc.check_send(assessment=on_roll, by=director)


def _correct_context(assessment, by, text="The school has 952 pupils on roll."):
    assessment.refresh_from_db()
    return editing.assessment_section_save(
        assessment=assessment, by=by, section="context", values={"context": text}, version=assessment.version
    )


def test_it_lets_the_lead_assessor_correct_the_letter_while_the_check_is_open(check, lead):
    saved = _correct_context(check.assessment, lead)
    assert saved.status == Status.SUBMITTED
    assert Assessment.objects.get(pk=saved.pk).context == "The school has 952 pupils on roll."
    record = Assessment.history.filter(id=saved.pk).order_by("-history_date", "-history_id").first()
    assert record.history_user == lead and record.context.startswith("The school has 952")


def test_it_records_each_correction_in_the_history_with_who_and_what_field(client, check, lead, director):
    _correct_context(check.assessment, lead)
    client.force_login(director)
    page = client.get(reverse("review_history", args=[check.assessment_id])).content.decode()
    assert "Details and letter edited" in page and "Context" in page
    assert '<del><span class="visually-hidden">removed: </span>940</del>' in page
    assert lead.get_full_name() in page


def test_it_refuses_a_correction_before_the_draft_is_sent(on_roll, lead):
    with pytest.raises(editing.ReadOnlyError, match="submitted for confirmation"):
        _correct_context(on_roll, lead)


def test_it_refuses_a_correction_by_a_co_assessor(check, co_assessor):
    with pytest.raises(editing.ReadOnlyError):
        _correct_context(check.assessment, co_assessor)


def test_it_refuses_a_correction_once_confirmed(check, lead, director):
    fc.nothing_to_correct(assessment=check.assessment, by=HeadteacherFactory(school=check.assessment.school))
    services.assessment_confirm(assessment=check.assessment, by=director)
    with pytest.raises(editing.ReadOnlyError):
        _correct_context(check.assessment, lead)


def test_it_refuses_a_correction_that_conflicts_with_a_newer_one(check, lead):
    assessment = check.assessment
    assessment.refresh_from_db()
    started = assessment.version
    _correct_context(assessment, lead)
    with pytest.raises(editing.VersionConflict):
        editing.assessment_section_save(
            assessment=assessment,
            by=lead,
            section="context",
            values={"context": "The school has 951 pupils."},
            version=started,
        )


def test_it_refuses_to_confirm_a_letter_corrected_after_the_director_read_it(check, lead, director):
    fc.nothing_to_correct(assessment=check.assessment, by=HeadteacherFactory(school=check.assessment.school))
    check.assessment.refresh_from_db()
    read = check.assessment.version
    element = Element.objects.filter(framework=check.assessment.framework).order_by("number").first()
    finding = check.assessment.findings.get(element=element)
    editing.finding_save(
        assessment=check.assessment,
        by=lead,
        element=element,
        values={"narrative": "Corrected."},
        version=finding.version,
    )
    with pytest.raises(services.WorkflowError, match="changed since you opened it"):
        services.assessment_confirm(assessment=check.assessment, by=director, seen_version=read)


def test_the_lead_assessors_editor_is_open_during_the_check(client, check, lead, co_assessor):
    url = reverse("assessment_section", args=[check.assessment_id, "context"])
    client.force_login(lead)
    page = client.get(url).content.decode()
    assert "you may correct its letter while the school checks the draft" in page
    assert 'name="context"' in page
    check.assessment.refresh_from_db()
    response = client.post(
        url, {"context": "The school has 952 pupils on roll.", "version": check.assessment.version}
    )
    assert response.status_code == 302
    assert Assessment.objects.get(pk=check.assessment_id).context == "The school has 952 pupils on roll."
    overview = client.get(reverse("assessment_overview", args=[check.assessment_id])).content.decode()
    assert "Submit for confirmation</button>" not in overview
    client.force_login(co_assessor)
    assert "submitted for confirmation, so it is read-only" in client.get(url).content.decode()


def test_the_draft_text_is_kept_when_it_is_sent(check):
    assert "The school has 940 pupils on roll." in check.draft_text
    assert "## Context of the School and Sources of Data" in check.draft_text


def test_the_director_sees_each_answer_and_what_changed_since_the_draft(client, check, head, lead, director):
    comment = fc.comment_add(
        assessment=check.assessment, by=head, target="section:context", text="952 on roll, not 940."
    )
    _correct_context(check.assessment, lead)
    fc.comment_answer(comment=comment, by=lead, changed=True, text="The context now says 952.")
    client.force_login(director)
    page = client.get(reverse("review_assessment", args=[check.assessment_id])).content.decode()
    assert "952 on roll, not 940." in page and "The context now says 952." in page
    assert "What changed since the school was sent the draft" in page
    assert '<del><span class="visually-hidden">removed: </span>940</del>' in page
    assert '<ins><span class="visually-hidden">added: </span>952</ins>' in page
    part = reverse("assessment_section", args=[check.assessment_id, "context"])
    assert f'<a href="{part}">The corrected part: Context of the school and sources of data</a>' in page


def test_the_director_is_told_when_nothing_changed_since_the_draft(client, check, director):
    client.force_login(director)
    page = client.get(reverse("review_assessment", args=[check.assessment_id])).content.decode()
    assert "The letter about to be issued is the draft the school checked, unchanged." in page


def test_the_assessors_page_links_each_comment_to_its_part(client, check, head, lead):
    fc.comment_add(assessment=check.assessment, by=head, target="section:recommendation", text="A date.")
    client.force_login(lead)
    page = client.get(reverse("factcheck_assessor", args=[check.assessment_id])).content.decode()
    part = reverse("assessment_section", args=[check.assessment_id, "outcome"])
    assert f'<a href="{part}">Correct Recommendation in the letter</a>' in page
    assert CheckComment.objects.count() == 1


def test_the_director_sees_a_change_to_the_details_table_apart_from_the_context(check, director):
    from factcheck import letter_text
    from factcheck.review_panel import review_context

    framework = check.assessment.framework
    framework.letter_details = [["school", "Name of School"], ["number_on_roll", "Number on roll"]]
    framework.save()
    school = check.assessment.school
    check.draft_text = letter_text.text_of(letter_text.letter_html(check.assessment))
    check.save()
    school.number_on_roll = 952
    school.save()
    changes = review_context(check.assessment)["check_changes"]
    assert [change.heading for change in changes] == ["The school's details"]
    assert ("added", "952") in changes[0].lines[0]
    assert letter_text.changes("## A\nsame", "## A\nsame") == []


def test_the_draft_text_marks_the_headings_of_the_letters_parts():
    from factcheck import letter_text

    html = (
        '<h3 class="section-heading">Element 1 - Learner Progress</h3><p>Text &amp; more.</p>'
        '<h4 class="subsection-heading">Strengths</h4><ul><li>One</li></ul>'
        "<table><tr><th>Number on roll:</th><td>940</td></tr></table>"
    )
    text = letter_text.text_of(html)
    assert text.splitlines() == [
        "## Element 1 - Learner Progress",
        "Text & more.",
        "### Strengths",
        "One",
        "## The school's details",
        "Number on roll: 940",
    ]
    changed = letter_text.changes(text, text.replace("One", "Two"))
    assert changed[0].heading == "Element 1 - Learner Progress, Strengths"
