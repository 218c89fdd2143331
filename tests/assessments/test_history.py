"""Every state change and every edit is recorded — who, when, what changed — and the director
sees it on the assessment's history page."""

import pytest
from django.urls import reverse

from assessments import services
from assessments.history import timeline, word_diff
from assessments.models import Finding, Statement


@pytest.mark.django_db
def test_it_shows_state_changes_with_who_and_the_comment(client, director, submitted):
    services.assessment_return(assessment=submitted, by=director, comment="Please expand element 2.")
    client.force_login(director)
    page = client.get(reverse("review_history", args=[submitted.pk])).content.decode()
    assert "Returned to the assessor" in page
    assert "Please expand element 2." in page
    assert "Submitted for confirmation" in page
    assert str(director) in page
    assert page.index("Returned to the assessor") < page.index("Submitted for confirmation")  # newest first


@pytest.mark.django_db
def test_it_shows_edits_with_old_and_new_values(client, director, lead, draft):
    draft._history_user = lead
    draft.summary = "The first summary."
    draft.save()
    draft.summary = "The second summary."
    draft.save()
    finding = Finding(
        assessment=draft, element=draft.framework.elements.get(number=3), narrative="Leaders lead."
    )
    finding._history_user = lead
    finding.save()
    statement = Statement(
        assessment=draft, finding=finding, kind="strength", position=1, text="Good <governors>."
    )
    statement._history_user = lead
    statement.save()
    statement.delete()
    client.force_login(director)
    page = client.get(reverse("review_history", args=[draft.pk])).content.decode()
    assert "Details and letter edited" in page
    assert '<del><span class="visually-hidden">removed: </span>first</del>' in page
    assert '<ins><span class="visually-hidden">added: </span>second</ins>' in page
    assert "Element 3 - Leadership &amp; Management: started" in page
    assert "Strength 1 of Element 3 added" in page
    assert "Good &lt;governors&gt;." in page
    assert "removed" in page
    assert str(lead) in page


def test_a_word_diff_keeps_context_and_shortens_long_unchanged_text():
    old = " ".join(f"w{n}" for n in range(200)) + " end"
    new = " ".join(f"w{n}" for n in range(200)) + " finish"
    parts = word_diff(old, new)
    assert parts[-2:] == [("removed", "end"), ("added", "finish")]
    assert parts[0][0] == "same" and parts[0][1].startswith("… ")
    assert len(parts[0][1]) < 200


@pytest.mark.django_db
def test_it_reads_the_history_in_a_fixed_number_of_queries(draft, lead, django_assert_max_num_queries):
    def edit(n):
        draft.summary = f"Summary {n}."
        draft.save()
        Statement.objects.create(assessment=draft, kind="key_success", position=n, text=f"Item {n}.")

    edit(1)
    with django_assert_max_num_queries(10) as few:
        timeline(draft)
    for n in range(2, 20):
        edit(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        entries = timeline(draft)
    assert len(entries) >= 38


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["lead", "headteacher"])
def test_it_is_for_directors_only(request, client, draft, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("review_history", args=[draft.pk])).status_code == 404
