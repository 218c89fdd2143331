"""Directors curate the library: add, edit, tag, retire; adopt a statement used often in
confirmed letters (never added by itself); extend the spelling check's word list. Bad input
gets a clear message and changes nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import limits
from assessments.models import Assessment, Statement, StatementKind
from library import selectors, services
from library.models import LibraryStatement, ProjectWord, Source
from tests.factories import AssessmentFactory, DirectorFactory

pytestmark = pytest.mark.django_db


def test_a_director_adds_a_statement_with_its_element_and_themes(client, director, draft):
    element = draft.framework.elements.get(number=2)
    client.force_login(director)
    response = client.post(
        reverse("library_statement_add"),
        {
            "kind": "strength",
            "element": element.pk,
            "text": "Pupils' behaviour is good.",
            "themes": "behaviour, Wellbeing, behaviour",
        },
    )
    assert response.status_code == 302
    statement = LibraryStatement.objects.get()
    assert (statement.kind, statement.element, statement.text) == (
        "strength",
        element,
        "Pupils' behaviour is good.",
    )
    assert sorted(t.name for t in statement.themes.all()) == ["Wellbeing", "behaviour"]


def test_a_statement_over_the_list_item_limit_is_refused(client, director):
    client.force_login(director)
    text = "x" * (limits.MAX_ITEM_LENGTH + 1)
    response = client.post(
        reverse("library_statement_add"), {"kind": "key_success", "text": text, "themes": ""}
    )
    assert response.status_code == 400
    assert "the most allowed is 5,000" in response.content.decode()
    assert not LibraryStatement.objects.exists()
    with pytest.raises(services.LibraryError, match="the most allowed is 5,000"):
        services.statement_add(by=director, kind="key_success", text=text)


def test_an_element_only_for_an_elements_list(client, director, draft):
    client.force_login(director)
    element = draft.framework.elements.get(number=1)
    response = client.post(
        reverse("library_statement_add"),
        {"kind": "key_success", "element": element.pk, "text": "A success.", "themes": ""},
    )
    assert response.status_code == 400
    assert "Only a strength or an area for development belongs to an element" in response.content.decode()
    assert not LibraryStatement.objects.exists()


def test_a_director_edits_and_retires_and_brings_back(client, director):
    statement = services.statement_add(by=director, kind="key_success", text="Old.")
    client.force_login(director)
    client.post(
        reverse("library_statement_edit", args=[statement.pk]),
        {"kind": "minor_area", "text": "New.", "themes": "x"},
    )
    statement.refresh_from_db()
    assert (statement.kind, statement.text) == ("minor_area", "New.")
    client.post(reverse("library_statement_retire", args=[statement.pk]))
    statement.refresh_from_db()
    assert statement.retired
    listed = client.get(reverse("library_statement_list")).content.decode()
    assert "New." not in listed
    assert "New." in client.get(reverse("library_statement_list"), {"retired": "1"}).content.decode()
    client.post(reverse("library_statement_retire", args=[statement.pk]), {"restore": "1"})
    statement.refresh_from_db()
    assert not statement.retired


def test_the_pages_are_the_directors_alone(client, lead, director):
    statement = services.statement_add(by=director, kind="key_success", text="A.")
    client.force_login(lead)
    for url in (
        reverse("library_statement_list"),
        reverse("library_statement_add"),
        reverse("library_statement_edit", args=[statement.pk]),
        reverse("library_suggestion_list"),
        reverse("library_word_list"),
    ):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_the_statement_list_reads_a_fixed_number_of_rows(
    client, director, draft, size, django_assert_num_queries
):
    element = draft.framework.elements.get(number=1)
    for n in range(size):
        services.statement_add(
            by=director, kind="strength", element=element, text=f"Statement {n}.", themes="a, b"
        )
    client.force_login(director)
    client.get(reverse("library_statement_list"))
    # Session, user, count, page, themes of the page, the theme filter's list.
    with django_assert_num_queries(6):
        assert client.get(reverse("library_statement_list")).status_code == 200


def _confirmed_letter_with(school, text, kind=StatementKind.KEY_SUCCESS):
    assessment = AssessmentFactory(school=school)
    Statement.objects.create(assessment=assessment, kind=kind, position=1, text=text)
    # Confirmed without the workflow (the letter needs no other part for this).
    director = DirectorFactory()
    Assessment.objects.filter(pk=assessment.pk).update(
        status="confirmed", confirmed_by=director, confirmed_at=timezone.now()
    )
    return assessment


def test_statements_used_often_in_confirmed_letters_are_suggested_never_added(
    client, director, school, other_school
):
    _confirmed_letter_with(school, "Safeguarding is rigorous.")
    _confirmed_letter_with(other_school, "Safeguarding is rigorous.")
    _confirmed_letter_with(school, "Only one school says this.")
    draft = AssessmentFactory(school=other_school)
    Statement.objects.create(
        assessment=draft, kind="key_success", position=1, text="Only one school says this."
    )
    assert [(s.text, s.schools) for s in selectors.suggestions()] == [("Safeguarding is rigorous.", 2)]
    assert not LibraryStatement.objects.exists()  # suggested, not added
    client.force_login(director)
    page = client.get(reverse("library_suggestion_list")).content.decode()
    assert "Safeguarding is rigorous." in page
    response = client.post(
        reverse("library_suggestion_adopt"), {"kind": "key_success", "text": "Safeguarding is rigorous."}
    )
    assert response.status_code == 302
    adopted = LibraryStatement.objects.get()
    assert (adopted.text, adopted.source) == ("Safeguarding is rigorous.", Source.ADOPTED)
    assert selectors.suggestions() == []  # in the library now


def test_only_a_suggested_statement_is_adopted(client, director):
    client.force_login(director)
    client.post(reverse("library_suggestion_adopt"), {"kind": "key_success", "text": "Made up."})
    assert not LibraryStatement.objects.exists()


def test_a_director_extends_the_word_list(client, director):
    client.force_login(director)
    assert client.post(reverse("library_word_list"), {"word": "Widnesian"}).status_code == 302
    assert ProjectWord.objects.filter(word="Widnesian").exists()
    word = ProjectWord.objects.get(word="Widnesian")
    client.post(reverse("library_word_remove", args=[word.pk]))
    assert not ProjectWord.objects.filter(word="Widnesian").exists()


@pytest.mark.parametrize(
    ("word", "message"),
    [
        ("Key Stage", "without spaces"),
        ("<b>SENCO</b>", "without markup"),
        ("SEN&amp;D", "without markup"),
        ("   ", "Type the word"),
    ],
)
def test_a_word_list_entry_with_spaces_or_markup_is_refused(client, director, word, message):
    before = ProjectWord.objects.count()
    client.force_login(director)
    response = client.post(reverse("library_word_list"), {"word": word})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ProjectWord.objects.count() == before
