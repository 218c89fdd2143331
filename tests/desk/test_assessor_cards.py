"""The assessor's home writes its cards in Python (desk.homes.assessor_cards): the same HTML,
byte for byte, as the template the cards had, for every case the template told apart."""

import itertools
from types import SimpleNamespace

from django.template import engines

from assessments.workspace import ASSESSOR_PAGE_SIZE, assessor_page, assessor_page_ids
from desk.homes import assessor_cards
from tests.factories import AssessmentFactory

# The card's template as it was (templates/assessments/assessor_home.html, with the second
# reading's count, templates/reading/_home_count.html, in the place it was included).
READING = '{% if row.open_reading_comments %}{% with n=row.open_reading_comments %}<p class="mb-2 open-reading-comments"><strong>{{ n }} comment{{ n|pluralize }} of the second reader {{ n|pluralize:"is,are" }} open.</strong> <a href="{% url \'reading_assessor\' a.pk %}">Read {{ n|pluralize:"it,them" }}<span class="visually-hidden"> — {{ row.school }}</span></a></p>{% endwith %}{% endif %}\n'
CARD = (
    "  {% for row in rows %}{% with a=row.assessment %}\n"
    '  <li class="card mb-3">\n'
    '    <div class="card-body">\n'
    '      <div class="d-flex flex-wrap justify-content-between gap-2">\n'
    '        <h2 class="h5 card-title mb-1"><a href="{{ row.url }}">{{ row.school }}</a></h2>\n'
    '        <span class="badge status-{{ row.status }} align-self-start">{{ row.status_label }}</span>\n'
    "      </div>\n"
    '      <p class="mb-2 text-body-secondary">{{ row.kind }} · {{ row.dates }} · {% if row.is_lead %}lead assessor{% else %}co-assessor{% endif %}</p>\n'
    '      {% if row.editable %}<p class="mb-2">{% if row.themed %}<span class="themed-sections">Written in themed sections</span>{% else %}<span class="elements-complete">{{ row.elements_complete }} of {{ row.elements_total }} elements complete</span>{% endif %}{% if row.missing %}; {{ row.missing|length }} thing{{ row.missing|length|pluralize }} missing in all{% else %}; nothing missing{% endif %}</p>{% endif %}\n'
    "      {% if row.unanswered_comments %}{% with n=row.unanswered_comments %}\n"
    '      <p class="mb-2 unanswered-comments"><strong>{{ n }} comment{{ n|pluralize }} of the school on the draft letter {{ n|pluralize:"waits,wait" }} for {% if row.is_lead %}your{% else %}the lead assessor\'s{% endif %} answer.</strong> <a href="{{ row.answer_url }}">{% if row.is_lead %}Answer {{ n|pluralize:"it,them" }}{% else %}Read {{ n|pluralize:"it,them" }}{% endif %}<span class="visually-hidden"> — {{ row.school }}</span></a></p>\n'
    "      {% endwith %}{% endif %}\n"
    '      {% if row.open_reading_comments %}{% include "reading/_home_count.html" %}{% endif %}\n'
    '      {% if row.status == "returned" and a.return_comment %}\n'
    '      <div class="alert alert-warning py-2 mb-2 return-comment">\n'
    '        <h3 class="h6 mb-1">The director\'s comment</h3>\n'
    '        {% for p in a.return_comment|paragraphs %}<p class="mb-1">{{ p }}</p>{% endfor %}\n'
    "      </div>\n"
    "      {% endif %}\n"
    '      <p class="mb-0 next-step">{{ row.next.text }} <a href="{{ row.next.url }}">{{ row.next.link }}<span class="visually-hidden"> — {{ row.school }}</span></a></p>\n'
    "    </div>\n"
    "  </li>\n"
    "  {% endwith %}{% endfor %}\n"
).replace('{% include "reading/_home_count.html" %}', READING)


def template_cards(rows) -> str:
    """The loop's HTML, without the indent before it and the line's end after it that the page's
    template writes around `{{ cards }}`."""
    template = engines["django"].from_string("{% load iqm %}" + CARD)
    html = template.render({"rows": rows})
    assert html.startswith("  ") and html.endswith("\n")
    return html[2:-1]


def rows() -> list[dict]:
    made = []
    cases = itertools.product(
        (True, False),  # the lead
        ("draft", "returned", "submitted"),
        (0, 1, 2),  # the school's comments waiting
        (0, 1, 3),  # the second reader's comments open
        (0, 1, 5),  # parts missing
    )
    for number, (is_lead, status, waiting, reading, missing) in enumerate(cases, 1):
        editable = status != "submitted"
        comment = "" if number % 4 == 0 else "Look <again> & see.\n\nThe “second” paragraph.\n\n\n"
        row = {
            "assessment": SimpleNamespace(
                pk=number, return_comment=comment, school=SimpleNamespace(name=f"St Mary's & <All> {number}")
            ),
            "school": f"St Mary's & <All> {number}",
            "is_lead": is_lead,
            "editable": editable,
            "status": status,
            "status_label": status.title(),
            "kind": "Centre of Excellence <review>",
            "dates": "10–11 November 2026" if number % 2 else "visit dates not set",
            "url": f"/assessments/{number}/?a=1&b=2",
            "return_comment": comment,
            "missing": [object()] * missing,
            "unanswered_comments": waiting,
            "open_reading_comments": reading,
            "next": {
                "text": f"Next: Element 1 - Care & <Support>: {missing}.",
                "url": f"/x/{number}/",
                "link": "Carry on",
            },
        }
        if waiting:
            row["answer_url"] = f"/assessments/{number}/check/?see=1&all=1"
        if editable:
            row.update(themed=number % 3 == 0, elements_complete=number % 10, elements_total=10)
        made.append(row)
    return made


def test_the_cards_are_the_templates_html():
    made = rows()
    assert len(made) == 162
    assert str(assessor_cards(made)) == template_cards(made)


def test_no_rows_no_cards():
    assert assessor_cards([]) == "" == template_cards([])


def test_the_pages_ids_are_the_ids_of_the_page_it_shows(lead, school):
    for _ in range(ASSESSOR_PAGE_SIZE + 3):
        AssessmentFactory(lead_assessor=lead, visit_start=None, visit_end=None)
    for number in (None, "1", "2", "99", "x"):
        shown = [assessment.pk for assessment in assessor_page(lead, number).object_list]
        assert assessor_page_ids(lead, number) == shown, number
        assert shown
