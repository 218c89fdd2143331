"""The one table of what feeds the cached pages (pagecache.topics.TOPICS) names every field those
pages show, in a group whose writes move the page on.

Every cached page is rendered here for real, and every model field read while one of its parts
is computed (by the view's context or by the template, through a property or a lookup) is
recorded with the topics the part is cached under. A field the table does not name, or names as
one whose writes move none of those topics, would be shown stale: the test names it. Adding a
field to a cached page therefore means naming it in the table.

Only the rows of a confirmed assessment are let off: the models refuse every write to them
(FrozenAssessmentError, tests/assessments/test_frozen.py), so what a page reads of them cannot go stale —
the headteacher's portal reads the letter date and interval of a confirmed assessment, content
that no autosave can change any more, under the lists alone.
"""

import copy
import functools
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.expressions import Col
from django.db.models.query import FlatValuesListIterable
from django.db.models.sql.compiler import SQLCompiler
from django.urls import reverse

from assessments.models import Assessment, Status
from assessments.services import assessment_submit
from pagecache import invalidation, render, topics
from prepared import Prepared
from reports import publishing
from tests.factories import AssessmentFactory, HeadteacherFactory, fill_complete

pytestmark = pytest.mark.django_db


@functools.cache
def _fields(model) -> dict:
    """The model's fields by every name an attribute read may use (`school`, `school_id`),
    but its primary key, which no write changes."""
    found = {}
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if not field.primary_key:
            found[field.name] = found[field.attname] = field.name
    return found


def _owner(instance):
    owner = topics.TOPICS.get(instance._meta.label, {}).get("owner")
    if owner is None:
        return None
    stored = object.__getattribute__(instance, "__dict__")
    return stored.get(instance._meta.pk.attname if owner == "pk" else owner)


@contextmanager
def reading(monkeypatch):
    """Records, for each cached part computed inside the block, its name, its topics and the
    fields it read: [(name, topics, {(label, field, owner)})]."""
    parts, computing = [], []
    real_remember = render.remember

    def remember(name, key, part_topics, compute):
        part_topics = list(part_topics() if callable(part_topics) else part_topics)
        read: set = set()

        def recording():
            computing.append(read)
            try:
                return compute()
            finally:
                computing.pop()

        parts.append((name, part_topics, read))
        return real_remember(name, key, part_topics, recording)

    def getattribute(instance, name):
        if computing and name[:1] != "_":
            field = _fields(type(instance)).get(name)
            if field is not None:
                computing[-1].add((instance._meta.label, field, _owner(instance)))
        return object.__getattribute__(instance, name)

    real_results_iter = SQLCompiler.results_iter

    def results_iter(compiler, results=None, *args, **kwargs):
        """The rows of a query that reads values (`values`, `values_list`), not models: each
        selected column of each row is a field read, owned by the row's owner (_owners). (A query
        of models passes its `results`: what it shows is read through the models.)"""
        rows = real_results_iter(compiler, results, *args, **kwargs)
        if not computing or results is not None:
            return rows
        rows = list(rows)
        record(compiler, rows)
        return iter(rows)

    def record(compiler, rows):
        columns = [_column(expression) for expression, _, _ in compiler.select]
        for column in columns:
            if column is None:
                continue
            alias, field = column
            name = _fields(field.model).get(field.name)
            if name is None:
                continue
            for row in rows:
                for owner in _owners(compiler, columns, alias, field.model, row):
                    computing[-1].add((field.model._meta.label, name, owner))

    real_prepared = Prepared.__call__

    def prepared(query, **values):
        """A prepared query's rows (prepared.Prepared, whose compiled query holds made-up values
        in its WHERE): recorded as the same queryset built with the call's values reads them."""
        rows = real_prepared(query, **values)
        if computing:
            queryset = query.build(**values)
            compiler = queryset.query.get_compiler(queryset.db)
            compiler.setup_query()
            flat = queryset._iterable_class is FlatValuesListIterable
            record(compiler, [(row,) if flat else row for row in rows])
        return rows

    with monkeypatch.context() as patch:
        patch.setattr(render, "remember", remember)
        patch.setattr(models.Model, "__getattribute__", getattribute)
        patch.setattr(SQLCompiler, "results_iter", results_iter)
        patch.setattr(Prepared, "__call__", prepared)
        yield parts


def _column(expression):
    """The (table alias, field) a selected column reads, or None for a computed one."""
    if isinstance(expression, Col):
        return expression.alias, expression.target
    return None


def _lookups(node):
    """The lookups of a WHERE, however nested."""
    for child in getattr(node, "children", ()):
        if hasattr(child, "children"):
            yield from _lookups(child)
        else:
            yield child


def _owners(compiler, columns, alias, model, row) -> list:
    """The owners (pagecache.topics' "owner") of a row's columns read from table `alias`: its
    owner column if the query selects it; for a table joined by its primary key, the foreign key
    it was joined by if that is selected; else the owner the query's WHERE names (= or IN); else
    unknown (None), which the table must then cover for any owner."""
    owner = topics.TOPICS.get(model._meta.label, {}).get("owner")
    if owner is None:
        return [None]
    attname = model._meta.pk.attname if owner == "pk" else owner
    for index, column in enumerate(columns):
        if column is not None and column[0] == alias and column[1].attname == attname:
            return [row[index]]
    join = compiler.query.alias_map.get(alias)
    for parent_column, own_column in getattr(join, "join_cols", ()):
        if own_column == attname:
            for index, column in enumerate(columns):
                if (
                    column is not None
                    and column[0] == join.parent_alias
                    and column[1].column == parent_column
                ):
                    return [row[index]]
    for lookup in _lookups(compiler.query.where):
        target = getattr(getattr(lookup, "lhs", None), "target", None)
        if target is not None and lookup.lhs.alias == alias and target.attname == attname:
            if lookup.lookup_name == "exact":
                return [lookup.rhs]
            if lookup.lookup_name == "in":
                return list(lookup.rhs)
    return [None]


def unmoved(parts, table, frozen=frozenset()) -> list[str]:
    """What the parts read that no write, as the table says, moves them on for; but the rows
    of the `frozen` assessments, which no write changes."""
    problems = set()
    for name, part_topics, read in parts:
        for label, field, owner in read:
            if owner in frozen:
                continue
            if label not in table:
                problems.add(f"{name} reads {label}.{field}, and the table has no {label}")
            elif topics.group_of(label, field, table) is None:
                problems.add(f"{name} reads {label}.{field}, which the table does not name")
            elif not set(topics.written(label, [owner], {field}, table)) & set(part_topics):
                problems.add(f"{name} reads {label}.{field}, whose writes move none of {part_topics}")
    return sorted(problems)


@pytest.fixture
def every_cached_page(client, monkeypatch, school, other_school, lead, director, confirmed):
    """Each cached page rendered, with what each of its parts read: a school with a confirmed
    assessment (its report issued) and a headteacher, a draft full of findings and list items,
    and a submitted assessment of another school waiting for review."""
    draft = fill_complete(AssessmentFactory(school=school, lead_assessor=lead, previous_assessment=confirmed))
    draft.co_assessors.add(confirmed.co_assessors.first())
    assessment_submit(
        assessment=fill_complete(AssessmentFactory(school=other_school, lead_assessor=lead)), by=lead
    )
    headteacher = HeadteacherFactory(school=school)
    pages = [
        (lead, "/"),
        (lead, reverse("assessment_element", args=[draft.pk, 1])),
        (director, "/"),
        (director, reverse("school_list")),
        (director, reverse("school_list") + "?q=" + school.name[:4]),
        (headteacher, "/"),
    ]
    # The letter pages: the school's own, and the public verification and letter pages.
    report = confirmed.issued_report
    publishing.set_published(report, headteacher, True)
    pages += [
        (headteacher, reverse("issued_letter", args=[report.pk])),
        (None, reverse("verify_letter", args=[report.verification_code])),
        (None, reverse("verify_letter_html", args=[report.verification_code])),
    ]
    with reading(monkeypatch) as parts:
        for user, path in pages:
            if user is None:
                client.logout()
            else:
                client.force_login(user)
            assert client.get(path).status_code == 200, path
    return parts


@pytest.fixture
def frozen(every_cached_page) -> set:
    """The confirmed assessments, which no write changes."""
    return set(Assessment.objects.filter(status=Status.CONFIRMED).values_list("pk", flat=True))


def test_it_renders_every_cached_page_and_records_what_they_read(every_cached_page):
    names = {name for name, _, _ in every_cached_page}
    assert names == {
        "assessor-home",
        "assessor-home-page",
        "element",
        "director-home",
        "school-list",
        "headteacher-portal",
        "issued-letter",
        "letter-code",
        "verify",
    }
    read = set().union(*(read for _, _, read in every_cached_page))
    # The reading sees through templates, properties and the views' own code alike.
    assert {("schools.School", "name"), ("assessments.Assessment", "visit_start")} <= {r[:2] for r in read}
    assert ("assessments.Statement", "text") in {r[:2] for r in read}


def test_it_names_every_field_a_cached_page_reads_in_a_group_that_moves_the_page_on(
    every_cached_page, frozen
):
    assert frozen
    assert unmoved(every_cached_page, topics.TOPICS, frozen) == []


def test_it_lets_off_only_the_confirmed_assessments_rows(every_cached_page, frozen):
    assert unmoved(every_cached_page, topics.TOPICS) == [
        "headteacher-portal reads assessments.Assessment.letter_date, whose writes move none of ['lists']",
        # Whether an issued letter awards anything (a badge is offered only then): read of
        # confirmed assessments only, whose outcome never changes.
        "headteacher-portal reads assessments.Assessment.outcome, whose writes move none of ['lists']",
        "headteacher-portal reads assessments.Assessment.reassessment_years, whose writes move none of ['lists']",
        # An issued letter's pages read what its confirmed assessment says, which never changes
        # (its award's term too: the pages read the letter's columns at once).
        "issued-letter reads assessments.Assessment.letter_date, whose writes move none of ['lists']",
        "issued-letter reads assessments.Assessment.outcome, whose writes move none of ['lists']",
        "issued-letter reads assessments.Assessment.reassessment_years, whose writes move none of ['lists']",
        "verify reads assessments.Assessment.letter_date, whose writes move none of ['lists']",
        "verify reads assessments.Assessment.outcome, whose writes move none of ['lists']",
        "verify reads assessments.Assessment.reassessment_years, whose writes move none of ['lists']",
    ]


@pytest.mark.parametrize(
    ("label", "group", "field", "page"),
    [
        ("assessments.Assessment", "lists", "visit_start", "director-home"),
        ("accounts.User", "lists", "last_name", "director-home"),
        ("assessments.Assessment", "content", "summary", "element"),
    ],
)
def test_it_finds_a_field_missing_from_the_table(every_cached_page, frozen, label, group, field, page):
    table = copy.deepcopy(topics.TOPICS)
    table[label][group].discard(field)
    assert f"{page} reads {label}.{field}, which the table does not name" in unmoved(
        every_cached_page, table, frozen
    )


def test_it_finds_a_field_the_table_puts_where_its_writes_miss_the_page(every_cached_page, frozen):
    table = copy.deepcopy(topics.TOPICS)
    table["assessments.Assessment"]["lists"].discard("status")
    table["assessments.Assessment"]["content"].add("status")
    assert (
        "director-home reads assessments.Assessment.status, whose writes move none of ['lists']"
        in unmoved(every_cached_page, table, frozen)
    )


def test_it_finds_a_model_missing_from_the_table(every_cached_page, frozen):
    table = {label: entry for label, entry in topics.TOPICS.items() if label != "schools.School"}
    assert "school-list reads schools.School.name, and the table has no schools.School" in unmoved(
        every_cached_page, table, frozen
    )


def test_every_field_of_a_model_the_table_names_field_by_field_is_named_once():
    """A new field of such a model must be put in a group: the test fails until it is."""
    problems = []
    for label, entry in topics.TOPICS.items():
        groups = [entry.get(group, set()) for group in ("lists", "content", "unshown")]
        if topics.ALL in groups:
            continue
        for name in set(_fields(apps.get_model(label)).values()):
            count = sum(name in group for group in groups)
            if count != 1:
                problems.append(f"{label}.{name} is named {count} times")
    assert problems == []


def test_a_field_the_table_names_that_the_model_lacks_stops_start_up():
    with pytest.raises(ImproperlyConfigured, match=r"\['content'\] names no field of the model: summery"):
        invalidation._check(Assessment, {"owner": "pk", "content": {"summary", "summery"}})
    with pytest.raises(ImproperlyConfigured, match="no field 'assessment'"):
        invalidation._check(Assessment, {"owner": "assessment", "content": topics.ALL})
    invalidation._check(Assessment, topics.TOPICS["assessments.Assessment"])


def test_a_model_of_the_table_without_a_manager_of_its_own_stops_start_up():
    inherited = SimpleNamespace(
        _meta=SimpleNamespace(label="tests.Inherited", local_managers=[], managers=[])
    )
    with pytest.raises(ImproperlyConfigured, match=r"tests\.Inherited needs a manager of its own"):
        invalidation._hook_bulk_writes(inherited)
