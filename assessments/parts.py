"""The registry of an assessment's parts: what the apps built on the core add to an assessment.

The core (this app) knows the letter's own parts — details, summary, context, evidence, the
lists, outcome, the elements and a themed report's sections. A feature app that adds a part
(continuity: progress since the previous visit, the targets for the coming year, the research
project) registers it here from its AppConfig.ready(), and the core's readers take it from
here — the editor's pages and their order (assessments.workspace), completeness, the size
limit (assessments.editing), import and export (assessments.interchange) and the letter
(reports.letter) — without naming it.

The workflow's transitions take their feature steps from here in the same way: what happens
when a visit is scheduled (continuity carries the previous visit's findings in), what may stop
a confirmation (factcheck: an open factual-accuracy check) and what confirming does beyond the
assessment's own row (reports: the signed letter is issued); and who may correct a submitted
assessment's letter (factcheck: its lead assessor while the school checks the draft). Every hook runs inside the
transition's transaction, so a refusal or a failure undoes the whole transition.

A part is declared once with a `Part`; every field but `key` is optional.
"""

import dataclasses
from collections.abc import Callable
from typing import Any


@dataclasses.dataclass(frozen=True)
class PartPage:
    """One page of the editor a part adds: its key (the `section` of the part's missing items),
    its title, the URL name of its page (reversed with the assessment's pk) and whether it is
    one of a visit's pages (`applies(assessment)`; no queries: the kind comes with the
    assessment)."""

    key: str
    title: str
    url_name: str
    applies: Callable[[Any], bool] = lambda assessment: True


@dataclasses.dataclass(frozen=True)
class PartLink:
    """A link a part adds to the editor: to one of its own pages about the assessment (the URL
    name is reversed with the assessment's pk). Shown on the overview, or, with `section`, on
    that page of the letter (an editing.SECTIONS key) followed by `note`."""

    label: str
    url_name: str
    section: str = ""
    note: str = ""


@dataclasses.dataclass(frozen=True)
class Part:
    """A part of an assessment that a feature app adds, with every way the core reads it.

    - `pages`: its editor pages, after the letter's own and the elements (or sections);
    - `links`: links to its pages about the assessment, on the editor's overview or one of the
      letter's pages (selfeval: the school's self-evaluation; factcheck: the evidence log);
    - `missing(assessment)`: what it still lacks for completeness, as completeness.MissingPart
      rows whose `section` is one of its pages' keys;
    - `prefetch`: the related names a list of assessments prefetches so that `missing` reads
      no more rows (the assessor's home), unless the part has `missing_many`;
    - `missing_many(assessments)`: what `missing` says of each of a list of assessments, by
      assessment id, read in a fixed number of queries (completeness.drafts_completeness). The
      assessor's home hands it its rows (workspace.HomeAssessment: `pk`, `kind`, the visit's
      dates, statuses and ids, not model instances); a part that needs more of an assessment
      leaves `missing_many` out and gets Assessments for `missing`;
    - `text_length(assessment_id)`: the characters of text it adds towards the size limit;
    - `document_keys`, `export(assessment)`, `validate(check, top, kind)`,
      `document_text_length(clean)` and `load(assessment, clean)`: its keys in the JSON
      document (format version `since_version` and later), their values, their checking (the
      clean values, keyed like the document), the text a checked document holds and their
      writing on import;
    - `letter_context(assessment)`, `letter_annotations()` and `letter_templates`: what the
      letter's template gets, the annotations that spare the letter queries when the
      assessment is read, and the templates it includes at each place (`letter_templates`
      maps "after_context", "before_outcome" … to template names);
    - `element_context(assessment, element)` and `element_template`: what it shows on the
      assessor's page of each element (selfeval: the school's own evaluation of it);
    - `on_scheduled(assessment)`, `confirm_problem(assessment)` and
      `on_confirmed(assessment, by)`: its steps in the workflow's transitions;
    - `allows_correction(assessment, user)`: whether the user (one of its assigned assessors)
      may correct the letter of a submitted assessment, which is otherwise read-only
      (factcheck: the lead assessor while the school's factual-accuracy check is open). The
      editing services then take the user's edits as for a draft (assessments.editing.can_edit).
    - `section_context(assessment, page)` and `section_template`: what it shows on the assessor's
      page of one of the letter's own sections (`page` an editing.SECTIONS key: "summary",
      "key_successes" …) or of a themed report's section ("section:<id>"), as `element_context`
      does on an element's page (reading: the reader's comments on that page's text);
    - `on_submitted(assessment, by)`: its step when an assessment is submitted, inside the
      submission's transaction (reading: the rule that decides whether the report needs a
      second reading puts it in the readers' queue).
    - `texts(assessment)`: the text people wrote in the part, as `WrittenText` rows (where it
      is, the address of the page and field, the text), for checks over the whole draft
      (library: the spelling check);
    - `panel_templates` and `panel_context(place, assessment, user)`: what it shows at a place
      of the editor (`panel_templates` maps a place to a template name): "overview" (the
      overview page) and "letter_preview" (the letter as a web page) include it with the
      values `panel_context` returns as `panel`; "list_item" (just before the field of a list's
      new item: templates/assessments/_list.html and continuity's rows) includes it with that
      list's own values as `l` and no call of `panel_context` (library: the statement search).
    """

    key: str
    pages: tuple[PartPage, ...] = ()
    links: tuple[PartLink, ...] = ()
    missing: Callable | None = None
    prefetch: tuple[str, ...] = ()
    missing_many: Callable | None = None
    text_length: Callable | None = None
    since_version: int = 1
    document_keys: tuple[str, ...] = ()
    export: Callable | None = None
    validate: Callable | None = None
    document_text_length: Callable | None = None
    load: Callable | None = None
    letter_context: Callable | None = None
    letter_annotations: Callable | None = None
    letter_templates: dict = dataclasses.field(default_factory=dict)
    element_context: Callable | None = None
    element_template: str = ""
    on_scheduled: Callable | None = None
    confirm_problem: Callable | None = None
    on_confirmed: Callable | None = None
    allows_correction: Callable | None = None
    on_submitted: Callable | None = None
    section_context: Callable | None = None
    section_template: str = ""
    texts: Callable | None = None
    panel_templates: dict = dataclasses.field(default_factory=dict)
    panel_context: Callable | None = None


@dataclasses.dataclass(frozen=True)
class WrittenText:
    """One field of text people wrote in an assessment (Part.texts): where it is, in words
    ("Element 3 - Leadership, strength 2"), the address of its page (with the field's #id),
    and its text."""

    where: str
    url: str
    text: str


_PARTS: dict[str, Part] = {}


def register(part: Part) -> Part:
    """Add a part (from an AppConfig.ready()); registering the same key again replaces it, so a
    reloaded app does not add its part twice."""
    _PARTS[part.key] = part
    return part


def unregister(key: str) -> Part | None:
    """Take a part out again (for tests that plug in a part of their own); returns it."""
    return _PARTS.pop(key, None)


def registered() -> list[Part]:
    """Every registered part, in the order their apps are installed."""
    return list(_PARTS.values())


def pages() -> list[PartPage]:
    """Every page the parts add to the editor, in order."""
    return [page for part in _PARTS.values() for page in part.pages]


def page(key: str) -> PartPage | None:
    """The part's page with this key, or None."""
    return next((page for page in pages() if page.key == key), None)


def links() -> list[PartLink]:
    """Every link the parts add to the editor, in order."""
    return [link for part in _PARTS.values() for link in part.links]


def with_hook(name: str) -> list[Callable]:
    """The registered parts' callables for one hook (a field of Part), in order."""
    return [hook for part in _PARTS.values() if (hook := getattr(part, name)) is not None]


def letter_templates(place: str) -> list[str]:
    """The templates the parts add to the letter at one place, in order."""
    return [name for part in _PARTS.values() if (name := part.letter_templates.get(place))]


def panel_templates(place: str) -> list[str]:
    """The templates the parts show at one place of the editor (Part.panel_templates), in order."""
    return [name for part in _PARTS.values() if (name := part.panel_templates.get(place))]


def panels(place: str, assessment, user) -> list[dict]:
    """What the parts show at one place of the editor: their template and its values (Part.
    panel_context), in order, as {"template": …, "context": …}."""
    found = []
    for part in _PARTS.values():
        template = part.panel_templates.get(place)
        if template:
            context = part.panel_context(place, assessment, user) if part.panel_context else {}
            found.append({"template": template, "context": context})
    return found
