"""The frozen rule reaches what a confirmed letter prints from outside the assessment: the
elements of its framework cannot be changed (in the admin or the models; a new version of the
framework is made instead), and the letter keeps the school's details as they were when it was
confirmed, while the school itself may change."""

import pytest
from django.urls import reverse

from assessments.models import Element, Framework, FrozenAssessmentError, FrozenFrameworkError
from reports import letter
from schools.models import School

pytestmark = pytest.mark.django_db


def first_element(assessment) -> Element:
    return assessment.framework.elements.order_by("number").first()


# The framework ------------------------------------------------------------------------------


def test_the_elements_of_a_framework_in_use_cannot_change(confirmed):
    element = first_element(confirmed)
    title = element.title
    element.title = "Renamed"
    with pytest.raises(FrozenFrameworkError, match="Make a new version of the framework instead"):
        element.save()
    with pytest.raises(FrozenFrameworkError):
        Element(framework=confirmed.framework, number=99, title="Added").save()
    with pytest.raises(FrozenFrameworkError):
        Element.objects.get(pk=element.pk).delete()
    with pytest.raises(FrozenFrameworkError):
        Element.objects.filter(pk=element.pk).update(title="Renamed in bulk")
    with pytest.raises(FrozenFrameworkError):
        Element.objects.bulk_create([Element(framework=confirmed.framework, number=98, title="Bulk")])
    assert issubclass(FrozenFrameworkError, FrozenAssessmentError)
    assert Element.objects.get(pk=element.pk).title == title
    assert not confirmed.framework.elements.filter(number__in=[98, 99]).exists()


def test_a_framework_only_drafts_use_can_still_change(draft):
    element = first_element(draft)
    element.title = "Renamed while nothing is confirmed"
    element.save()
    assert Element.objects.get(pk=element.pk).title == "Renamed while nothing is confirmed"


def _framework_form(framework: Framework, title: str) -> dict:
    elements = list(framework.elements.order_by("number"))
    data = {
        "name": framework.name,
        "version": framework.version,
        "description": framework.description,
        "is_current": "on" if framework.is_current else "",
        "elements-TOTAL_FORMS": len(elements) + 1,
        "elements-INITIAL_FORMS": len(elements),
        "elements-MIN_NUM_FORMS": 0,
        "elements-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for index, element in enumerate(elements):
        data.update(
            {
                f"elements-{index}-id": element.pk,
                f"elements-{index}-framework": framework.pk,
                f"elements-{index}-number": element.number,
                f"elements-{index}-title": title if index == 0 else element.title,
                f"elements-{index}-guidance": element.guidance,
            }
        )
    extra = len(elements)
    data.update({f"elements-{extra}-number": 99, f"elements-{extra}-title": "Added in the admin"})
    return data


def test_the_admin_shows_them_read_only_and_changes_nothing(client, admin_user, confirmed):
    framework = confirmed.framework
    element = first_element(confirmed)
    title = element.title
    preview = reverse("letter_preview_html", args=[confirmed.pk])
    client.force_login(admin_user)
    url = reverse("admin:assessments_framework_change", args=[framework.pk])
    page = client.get(url).content.decode()
    assert "its letter prints these elements, so they are read-only" in page
    assert 'name="elements-0-title"' not in page

    client.post(url, _framework_form(framework, "Renamed in the admin"))
    assert Element.objects.get(pk=element.pk).title == title
    assert not framework.elements.filter(number=99).exists()
    client.force_login(confirmed.lead_assessor)
    assert f"Element {element.number} - {title}" in client.get(preview).content.decode()


def test_the_admin_makes_a_new_version_to_change_instead(client, admin_user, confirmed):
    framework = confirmed.framework
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:assessments_framework_changelist"),
        {"action": "make_new_version", "_selected_action": [framework.pk]},
        follow=True,
    )
    assert response.status_code == 200
    copy = Framework.objects.get(name=framework.name, version=f"{framework.version} copy")
    assert not copy.is_current
    assert list(copy.elements.values_list("number", "title")) == list(
        framework.elements.values_list("number", "title")
    )
    renamed = copy.elements.order_by("number").first()
    renamed.title = "Renamed in the new version"
    renamed.save()
    assert first_element(confirmed).title != "Renamed in the new version"


# The school ---------------------------------------------------------------------------------


def _rename_school(client, director, school: School) -> None:
    client.force_login(director)
    data = {
        "name": "Renamed Academy",
        "addressed_name": "",
        "address_lines": "1 New Street",
        "town": "Newtown",
        "county": school.county,
        "postcode": school.postcode,
        "local_authority": "Another Council",
        "phase": school.phase,
        "number_on_roll": 5,
        "headteacher_title": "Dr",
        "headteacher_name": "New Head",
    }
    response = client.post(reverse("school_edit", args=[school.pk]), data)
    assert response.status_code == 302
    assert School.objects.get(pk=school.pk).name == "Renamed Academy"


def test_a_confirmed_letter_keeps_the_school_as_it_was(client, director, confirmed):
    school = confirmed.school
    before = (school.letter_name, school.name, school.headteacher_addressed, school.address_line_list)
    _rename_school(client, director, school)

    context = letter.gather_context(confirmed, draft=False)
    assert (
        context["school"]["letter_name"],
        context["school"]["name"],
        context["school"]["headteacher_addressed"],
    ) == before[:3]
    assert context["school"]["address_lines"][: len(before[3])] == before[3]

    review = client.get(reverse("review_assessment", args=[confirmed.pk])).content.decode()
    preview = client.get(reverse("letter_preview_html", args=[confirmed.pk])).content.decode()
    for page in (review, preview):
        assert before[2] in page
        assert "New Head" not in page
        assert "1 New Street" not in page
    assert letter.filename(confirmed).startswith("IQM-report-" + before[0].replace(" ", "-"))


def test_a_draft_letter_shows_the_school_as_it_is(client, director, draft):
    _rename_school(client, director, draft.school)
    context = letter.gather_context(draft, draft=True)
    assert (context["school"]["name"], context["school"]["headteacher_addressed"]) == (
        "Renamed Academy",
        "Dr New Head",
    )


def test_the_snapshot_is_taken_at_confirmation(confirmed):
    school = confirmed.school
    assert confirmed.school_snapshot["name"] == school.name
    assert confirmed.school_snapshot["headteacher_name"] == school.headteacher_name
    assert confirmed.school_snapshot["local_authority"] == school.local_authority
    assert confirmed.school_snapshot["number_on_roll"] == school.number_on_roll


@pytest.mark.django_db
def test_a_framework_in_use_keeps_its_letters_words_and_a_new_version_copies_them(confirmed):
    from assessments.models import Framework, FrozenFrameworkError

    framework = Framework.objects.get(pk=confirmed.framework_id)
    framework.running_header = "Another header"
    with pytest.raises(FrozenFrameworkError):
        framework.save()
    framework.refresh_from_db()
    assert framework.running_header == "Assessment Report by IQM"
    framework.is_current = False
    framework.save()  # what is not printed may change
    copy = framework.new_version("2010 b")
    assert (copy.running_header, copy.context_subheading, copy.letter_details) == (
        framework.running_header,
        framework.context_subheading,
        framework.letter_details,
    )
    copy.running_header = "Another header"
    copy.save()
