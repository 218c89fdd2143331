"""Every text people wrote in an assessment, with where it is and a link there: the letter's
own fields, the elements' narratives, the lists, a themed report's sections and quotations
(read here from the core's models), and what the feature apps add (their Part.texts hook).
The spelling check reads the whole draft from here."""

import dataclasses

from django.db.models import prefetch_related_objects
from django.urls import reverse

from assessments import parts as registry
from assessments.editing import LIST_KINDS
from assessments.models import Assessment, Quotation, Section, StatementKind
from assessments.parts import WrittenText
from assessments.views.kit import host_page
from library import spelling
from library.models import ProjectWord

# The letter's own fields of prose: (page key, field, what it is called).
_OWN_FIELDS = (
    ("summary", "summary", "Summary"),
    ("context", "context", "Context of the school"),
    ("evidence", "evidence", "Portfolio and other supporting evidence"),
    ("outcome", "recommendation", "Recommendation"),
)
# The most questioned words a page lists; more are counted but not listed.
MAX_LISTED = 200


def written_texts(assessment: Assessment) -> list[WrittenText]:
    """The text of the assessment, part by part, in the editor's order (a fixed number of
    queries: the core's four, then each part's own)."""
    pk = assessment.pk
    found = [
        WrittenText(
            label, reverse("assessment_section", args=[pk, key]) + f"#id_{field}", getattr(assessment, field)
        )
        for key, field, label in _OWN_FIELDS
    ]
    prefetch_related_objects([assessment], "framework__elements", "findings", "statements")
    elements = {element.pk: element for element in assessment.framework.elements.all()}
    findings = {finding.pk: finding for finding in assessment.findings.all()}
    statements = sorted(assessment.statements.all(), key=lambda s: (s.kind, s.position))
    for kind in (StatementKind.KEY_SUCCESS, StatementKind.MINOR_AREA):
        page = host_page(pk, kind)
        for number, item in enumerate((s for s in statements if s.kind == kind and not s.finding_id), 1):
            found.append(
                WrittenText(f"{LIST_KINDS[kind].title}, item {number}", f"{page}#item-{item.pk}", item.text)
            )
    for finding in sorted(findings.values(), key=lambda f: elements[f.element_id].number):
        element = elements[finding.element_id]
        name = f"Element {element.number} - {element.title}"
        page = reverse("assessment_element", args=[pk, element.number])
        found.append(WrittenText(f"{name}, narrative", f"{page}#id_narrative", finding.narrative))
        for kind in (StatementKind.STRENGTH, StatementKind.AREA):
            items = (s for s in statements if s.finding_id == finding.pk and s.kind == kind)
            for number, item in enumerate(items, 1):
                noun = LIST_KINDS[kind].noun
                found.append(WrittenText(f"{name}, {noun} {number}", f"{page}#item-{item.pk}", item.text))
    sections = {
        section.pk: section for section in Section.objects.filter(assessment=assessment).order_by("position")
    }
    quotations = Quotation.objects.filter(assessment=assessment).order_by("section_id", "position")
    for section in sections.values():
        page = reverse("themed_section", args=[pk, section.pk])
        found.append(
            WrittenText(f"Themed section “{section.heading}”, heading", f"{page}#id_heading", section.heading)
        )
        found.append(
            WrittenText(
                f"Themed section “{section.heading}”, narrative", f"{page}#id_narrative", section.narrative
            )
        )
    for quotation in quotations:
        section = sections.get(quotation.section_id)
        if section is not None:
            page = reverse("themed_section", args=[pk, section.pk])
            where = f"Themed section “{section.heading}”, quotation {quotation.position}"
            found.append(
                WrittenText(
                    where, f"{page}#quotation-{quotation.pk}", f"{quotation.text} {quotation.attribution}"
                )
            )
    for texts in registry.with_hook("texts"):
        found.extend(texts(assessment))
    return [text for text in found if text.text and text.text.strip()]


@dataclasses.dataclass(frozen=True)
class Questioned:
    """A word the spelling check questions, where it is and a link there."""

    word: str
    suggestion: str
    american: bool
    where: str
    url: str


@dataclasses.dataclass
class Report:
    """The spelling check of a whole draft: `available` False when the server has no en-GB
    dictionary; `words` the questioned words (at most MAX_LISTED), `total` how many in all."""

    available: bool
    words: list
    total: int = 0

    @property
    def american(self) -> list:
        return [word for word in self.words if word.american]

    @property
    def unknown(self) -> list:
        return [word for word in self.words if not word.american]


def project_words() -> frozenset[str]:
    """The project's word list, lower case (one query)."""
    return frozenset(word.lower() for word in ProjectWord.objects.values_list("word", flat=True))


def check_assessment(assessment: Assessment) -> Report:
    """The spelling check over every text of the assessment."""
    if not spelling.available():
        return Report(available=False, words=[])
    words = project_words()
    found = []
    for text in written_texts(assessment):
        for problem in spelling.check_text(text.text, words):
            found.append(Questioned(problem.word, problem.suggestion, problem.american, text.where, text.url))
    return Report(available=True, words=found[:MAX_LISTED], total=len(found))
