"""prepared.Prepared: a queryset compiled once and run with each call's values bound gives what
the queryset itself gives, on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.db import connections
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.test import override_settings

from assessments.models import Assessment, Status
from prepared import LONGEST_LIST, Prepared, PreparedQueryError, forget_compiled
from schools.models import School
from tests.factories import AssessmentFactory, DirectorFactory, SchoolFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def assessments():
    """Six assessments over three schools, in every state that the queries below tell apart."""
    first, second, third = (SchoolFactory(name=name) for name in ("Ash", "Birch", "Cedar"))
    made = [
        AssessmentFactory(
            school=first,
            status=Status.DRAFT,
            visit_start=datetime.date(2026, 11, 2),
            visit_end=datetime.date(2026, 11, 3),
        ),
        AssessmentFactory(school=first, status=Status.RETURNED, visit_start=None, visit_end=None),
        AssessmentFactory(
            school=second,
            status=Status.SUBMITTED,
            visit_start=datetime.date(2026, 12, 1),
            visit_end=datetime.date(2026, 12, 3),
            submitted_at=datetime.datetime(2026, 12, 4, 9, 30, tzinfo=UTC),
        ),
        AssessmentFactory(
            school=second,
            status=Status.SUBMITTED,
            visit_start=datetime.date(2026, 10, 1),
            visit_end=datetime.date(2026, 10, 2),
            submitted_at=datetime.datetime(2026, 10, 9, 17, 5, tzinfo=UTC),
        ),
        AssessmentFactory(
            school=third,
            status=Status.DRAFT,
            visit_start=datetime.date(2027, 1, 20),
            visit_end=datetime.date(2027, 1, 21),
        ),
        AssessmentFactory(
            school=third,
            status=Status.CONFIRMED,
            confirmed_by=DirectorFactory(),
            confirmed_at=datetime.datetime(2026, 6, 20, 12, 0, tzinfo=UTC),
            visit_start=datetime.date(2026, 6, 1),
            visit_end=datetime.date(2026, 6, 1),
        ),
    ]
    return made


def _before(today):
    return (
        Assessment.objects.filter(
            Q(visit_start__lt=today) | Q(visit_start__isnull=True), status__in=[Status.DRAFT, Status.RETURNED]
        )
        .order_by("-status", "visit_start", "pk")
        .values_list("pk", "school__name", "visit_start", "submitted_at")
    )


BEFORE = Prepared(_before)


@pytest.mark.parametrize(
    "today", [datetime.date(2026, 11, 1), datetime.date(2026, 11, 3), datetime.date(2027, 2, 1)]
)
def test_the_rows_are_the_querysets_for_each_days_values(assessments, today):
    assert BEFORE(today=today) == list(_before(today))
    assert BEFORE.count(today=today) == _before(today).count()


def test_a_later_call_binds_its_own_values_into_the_same_compiled_query(assessments):
    calls = []

    def build(today):
        calls.append(today)
        return _before(today)

    prepared = Prepared(build)
    with override_settings(PREPARED_QUERIES_CHECK=False):
        early = prepared(today=datetime.date(2026, 11, 1))
        late = prepared(today=datetime.date(2027, 2, 1))
    assert len(calls) == 2, "built once with each set of probe values, then never again"
    assert not {datetime.date(2026, 11, 1), datetime.date(2027, 2, 1)} & set(calls)
    assert [row[0] for row in early] == [assessments[1].pk]
    assert [row[0] for row in late] == [assessments[1].pk, assessments[0].pk, assessments[4].pk]


def test_dates_and_datetimes_come_back_as_python_values(assessments):
    by_status = Prepared(
        lambda status: (
            Assessment.objects.filter(status=status).order_by("pk").values_list("visit_start", "submitted_at")
        )
    )
    rows = by_status(status=Status.SUBMITTED)
    assert rows == [
        (datetime.date(2026, 12, 1), datetime.datetime(2026, 12, 4, 9, 30, tzinfo=UTC)),
        (datetime.date(2026, 10, 1), datetime.datetime(2026, 10, 9, 17, 5, tzinfo=UTC)),
    ]
    assert all(isinstance(start, datetime.date) for start, _ in rows)


def test_a_datetime_is_bound_as_the_field_would_bind_it(assessments):
    since = Prepared(
        lambda moment: (
            Assessment.objects.filter(submitted_at__gte=moment).order_by("pk").values_list("pk", flat=True)
        )
    )
    assert since(moment=datetime.datetime(2026, 11, 1, tzinfo=UTC)) == [assessments[2].pk]
    assert since(moment=datetime.datetime(2026, 10, 9, 17, 5, tzinfo=UTC)) == [
        assessments[2].pk,
        assessments[3].pk,
    ]
    with pytest.raises(PreparedQueryError, match="naive"):
        since(moment=datetime.datetime(2026, 11, 1))


def test_a_list_binds_each_value_and_its_length_is_its_own_query(assessments):
    schools = Prepared(
        lambda pks, statuses: (
            Assessment.objects.filter(school__in=pks, status__in=statuses)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    )
    ash, birch, cedar = (assessment.school_id for assessment in assessments[::2])
    for pks, statuses in [
        ([ash], [Status.DRAFT]),
        ([birch, cedar], [Status.SUBMITTED, Status.CONFIRMED]),
        ({cedar, ash}, (Status.DRAFT, Status.RETURNED)),
        ([cedar, birch, ash], ["draft"]),
    ]:
        expected = list(
            Assessment.objects.filter(school__in=pks, status__in=statuses)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        assert schools(pks=pks, statuses=statuses) == expected
        assert expected, "each case finds something"


def test_an_empty_list_finds_nothing_without_asking_the_database(assessments, django_assert_num_queries):
    schools = Prepared(lambda pks: Assessment.objects.filter(school__in=pks).values_list("pk", flat=True))
    with django_assert_num_queries(0):
        assert schools(pks=[]) == []
        assert schools.count(pks=[]) == 0


def test_a_list_longer_than_the_longest_kept_is_run_the_ordinary_way(assessments):
    schools = Prepared(lambda pks: Assessment.objects.filter(school__in=pks).values_list("pk", flat=True))
    many = [assessments[0].school_id, *range(-LONGEST_LIST, 0)]
    assert sorted(schools(pks=many)) == sorted(a.pk for a in assessments[:2])
    assert schools.count(pks=many) == 2
    assert not any(key for key in _kept() if key[0] is schools._key), "nothing kept for it"
    schools(pks=many[:2])
    assert any(key for key in _kept() if key[0] is schools._key), "kept for a short list"


def _kept():
    return connections["default"].__dict__.get("_prepared_queries", {})


def test_a_limit_is_named_in_shape_and_each_limit_is_its_own_query(assessments):
    first = Prepared(
        lambda status, limit: (
            Assessment.objects.filter(status=status).order_by("pk").values_list("pk", flat=True)[:limit]
        ),
        shape=("limit",),
    )
    drafts = sorted(a.pk for a in assessments if a.status == Status.DRAFT)
    assert first(status=Status.DRAFT, limit=1) == drafts[:1]
    assert first(status=Status.DRAFT, limit=5) == drafts
    assert first.count(status=Status.DRAFT, limit=1) == 1


def test_a_limit_not_named_in_shape_is_refused_at_the_first_call(assessments):
    first = Prepared(lambda limit: Assessment.objects.order_by("pk").values_list("pk", flat=True)[:limit])
    with pytest.raises(PreparedQueryError, match="belongs in shape="):
        first(limit=3)
    offset = Prepared(
        lambda start: Assessment.objects.order_by("pk").values_list("pk", flat=True)[start : start + 2]
    )
    with pytest.raises(PreparedQueryError, match="belongs in shape="):
        offset(start=3)
    named = Prepared(
        lambda kind: Assessment.objects.filter(kind__name=kind).values_list("pk").extra(where=["1=1"])
    )
    assert named(kind="IQM assessment") == list(Assessment.objects.values_list("pk"))


@pytest.mark.parametrize("value", [None, True, False])
def test_none_and_bools_change_the_sql_so_they_must_be_shape(assessments, value):
    unset = Prepared(lambda empty: Assessment.objects.filter(visit_start__isnull=empty).values_list("pk"))
    with pytest.raises(PreparedQueryError, match="name 'empty' in shape"):
        unset(empty=value)
    shaped = Prepared(
        lambda empty: Assessment.objects.filter(visit_start__isnull=bool(empty)).values_list("pk", flat=True),
        shape=("empty",),
    )
    expected = set(Assessment.objects.filter(visit_start__isnull=bool(value)).values_list("pk", flat=True))
    assert set(shaped(empty=value)) == expected


def test_only_value_lists_are_prepared(assessments):
    with pytest.raises(PreparedQueryError, match="values_list"):
        Prepared(lambda status: Assessment.objects.filter(status=status))(status=Status.DRAFT)
    with pytest.raises(PreparedQueryError, match="values_list"):
        Prepared(lambda status: Assessment.objects.filter(status=status).values("pk"))(status=Status.DRAFT)


def test_annotations_named_before_fields_come_back_in_the_order_named(assessments):
    counted = Prepared(
        lambda status: (
            School.objects.filter(assessments__status=status)
            .annotate(
                n=Count("assessments"), last=Coalesce("assessments__visit_end", "assessments__visit_start")
            )
            .order_by("name")
            .values_list("n", "name", "last")
        )
    )
    queryset = (
        School.objects.filter(assessments__status=Status.SUBMITTED)
        .annotate(n=Count("assessments"), last=Coalesce("assessments__visit_end", "assessments__visit_start"))
        .order_by("name")
        .values_list("n", "name", "last")
    )
    assert counted(status=Status.SUBMITTED) == list(queryset)
    assert counted(status=Status.SUBMITTED)[0][1] == "Birch"


def test_a_parameter_used_twice_is_bound_in_both_places(assessments):
    between = Prepared(
        lambda day: (
            Assessment.objects.filter(visit_start__lte=day)
            .filter(Q(visit_end__gte=day) | Q(visit_end__isnull=True, visit_start=day))
            .values_list("pk", flat=True)
        )
    )
    assert between(day=datetime.date(2026, 12, 2)) == [assessments[2].pk]
    assert between(day=datetime.date(2026, 6, 1)) == [assessments[5].pk]
    assert between(day=datetime.date(2026, 12, 3)) == [assessments[2].pk]
    assert between(day=datetime.date(2026, 12, 4)) == []


def test_a_build_whose_sql_depends_on_a_bound_value_is_caught_by_the_check(assessments):
    def build(start):
        # Wrong for a prepared query: the probe (a date in 1111) takes the other branch.
        if start.year > 2000:
            return Assessment.objects.filter(visit_start__gte=start).values_list("pk")
        return Assessment.objects.filter(visit_start__lte=start).values_list("pk")

    with pytest.raises(PreparedQueryError, match="differs from the queryset"):
        Prepared(build)(start=datetime.date(2026, 11, 1))


def test_without_the_check_a_call_runs_exactly_one_query(assessments, django_assert_num_queries):
    with override_settings(PREPARED_QUERIES_CHECK=False):
        BEFORE(today=datetime.date(2026, 11, 1))  # compiled here
        with django_assert_num_queries(1):
            BEFORE(today=datetime.date(2026, 12, 1))
        with django_assert_num_queries(1):
            BEFORE.count(today=datetime.date(2026, 12, 1))


def test_a_count_of_a_slice_counts_the_slice(assessments):
    top = Prepared(
        lambda statuses, limit: (
            Assessment.objects.filter(status__in=statuses).order_by("pk").values_list("pk")[:limit]
        ),
        shape=("limit",),
    )
    assert top.count(statuses=[Status.DRAFT, Status.SUBMITTED], limit=3) == 3
    assert top.count(statuses=[Status.DRAFT, Status.SUBMITTED], limit=30) == 4


def test_expressions_over_columns_are_bound_as_django_binds_them(assessments):
    late = Prepared(
        lambda today: (
            Assessment.objects.annotate(last=Coalesce("visit_end", "visit_start"))
            .filter(last__lt=today, status__in=[Status.DRAFT, Status.RETURNED])
            .exclude(visit_start=F("visit_end"))
            .order_by("last", "pk")
            .values_list("pk", "last")
        )
    )
    today = datetime.date(2026, 12, 1)
    expected = list(
        Assessment.objects.annotate(last=Coalesce("visit_end", "visit_start"))
        .filter(last__lt=today, status__in=[Status.DRAFT, Status.RETURNED])
        .exclude(visit_start=F("visit_end"))
        .order_by("last", "pk")
        .values_list("pk", "last")
    )
    assert late(today=today) == expected
    assert expected == [(assessments[0].pk, assessments[0].visit_end)]


def test_a_constant_equal_to_a_probe_is_not_taken_for_the_parameter(assessments):
    # 20,000 is the first integer probe of the first set: the second set tells them apart.
    prepared = Prepared(
        lambda least: (
            Assessment.objects.filter(pk__gte=least)
            .exclude(revision=20_000)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    )
    for least in (assessments[2].pk, assessments[4].pk):
        expected = list(
            Assessment.objects.filter(pk__gte=least)
            .exclude(revision=20_000)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        assert prepared(least=least) == expected
        assert expected


@pytest.mark.parametrize("huge", [2**31, 10**12, 2**63, -(2**70)])
def test_a_number_beyond_a_columns_range_finds_nothing_as_django_does(assessments, huge, settings):
    settings.PREPARED_STATEMENTS = True
    by_pk = Prepared(lambda pk: Assessment.objects.filter(pk=pk).values_list("pk", flat=True))
    by_revision = Prepared(lambda n: Assessment.objects.filter(revision=n).values_list("pk", flat=True))
    assert by_pk(pk=assessments[0].pk) == [assessments[0].pk]
    assert by_pk(pk=huge) == [] == list(Assessment.objects.filter(pk=huge).values_list("pk", flat=True))
    assert by_revision(n=huge) == []
    assert by_revision.count(n=huge) == 0


def test_forgotten_queries_are_compiled_again_from_their_build(assessments):
    """forget_compiled: a build that changed since its query was compiled (mutation testing's
    forked runs) is compiled afresh; until then the check tells the two apart."""
    wanted = {"status": Status.DRAFT}
    query = Prepared(
        lambda: Assessment.objects.filter(status=wanted["status"]).order_by("pk").values_list("pk")
    )
    drafts = [(a.pk,) for a in Assessment.objects.filter(status=Status.DRAFT).order_by("pk")]
    assert query() == drafts and drafts
    wanted["status"] = Status.SUBMITTED
    with pytest.raises(PreparedQueryError, match="differs from the queryset"):
        query()
    forget_compiled()
    submitted = [(a.pk,) for a in Assessment.objects.filter(status=Status.SUBMITTED).order_by("pk")]
    assert query() == submitted and submitted != drafts
