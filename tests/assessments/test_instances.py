"""assessments.instances.Joined builds, from one values_list() row, the instances select_related
would: every field's value, each related instance in its foreign key's cache (None for a null
relation), the fields named in `defer` deferred; and the access check that reads the editor's
assessment through it (a prepared query) gives the instance the ordinary read gives."""

import pytest
from django.http import Http404

from accounts.models import User
from assessments import access
from assessments.instances import Joined
from assessments.models import Assessment, Framework
from assessments.workspace import framework_elements
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

RELATED = ("school", "framework", "lead_assessor", "kind__award_level")


def _values(instance) -> dict:
    """The instance's loaded field values, read without a query."""
    deferred = instance.get_deferred_fields()
    return {
        field.attname: instance.__dict__[field.attname]
        for field in instance._meta.concrete_fields
        if field.attname not in deferred
    }


def _graph(assessment) -> dict:
    """The assessment and the related instances select_related caches, as plain values."""
    return {
        "assessment": _values(assessment),
        "school": _values(assessment.school),
        "framework": _values(assessment.framework),
        "lead_assessor": _values(assessment.lead_assessor),
        "kind": _values(assessment.kind),
        "award_level": _values(assessment.kind.award_level),
    }


def test_it_builds_what_select_related_reads(draft, django_assert_num_queries):
    joined = Joined(Assessment, *RELATED)
    row = Assessment.objects.filter(pk=draft.pk).values_list(*joined.names).get()
    expected = Assessment.objects.select_related(*RELATED).get(pk=draft.pk)
    with django_assert_num_queries(0):
        built = joined.instance(row)
        assert _graph(built) == _graph(expected)
        assert built.kind.award_level.code == expected.kind.award_level.code
    assert not built._state.adding
    assert built._state.db == "default"
    assert built.get_deferred_fields() == set()


def test_a_null_relation_is_cached_as_none(draft, django_assert_num_queries):
    assert draft.confirmed_by_id is None
    joined = Joined(Assessment, "confirmed_by")
    row = Assessment.objects.filter(pk=draft.pk).values_list(*joined.names).get()
    with django_assert_num_queries(0):
        assert joined.instance(row).confirmed_by is None


def test_deferred_fields_are_left_out_and_read_if_asked(draft, django_assert_num_queries):
    joined = Joined(Assessment, "lead_assessor", defer=("lead_assessor__password", "summary"))
    assert "lead_assessor__password" not in joined.names
    assert "summary" not in joined.names
    assert "lead_assessor__id" in joined.names  # a key is never deferred
    row = Assessment.objects.filter(pk=draft.pk).values_list(*joined.names).get()
    built = joined.instance(row)
    assert built.get_deferred_fields() == {"summary"}
    assert built.lead_assessor.get_deferred_fields() == {"password"}
    stored = User.objects.get(pk=draft.lead_assessor_id).password
    assert stored
    with django_assert_num_queries(1):
        assert built.lead_assessor.password == stored


def test_it_refuses_a_path_that_is_not_a_foreign_key():
    with pytest.raises(ValueError, match="not a foreign key"):
        Joined(Assessment, "findings")


def test_the_access_check_gives_the_assessment_the_ordinary_read_gives(
    draft, lead, co_assessor, director, django_assert_num_queries
):
    expected = Assessment.objects.select_related(*RELATED).get(pk=draft.pk)
    for user in (lead, co_assessor, director):
        found = access.assessment_for_viewer(user, draft.pk)
        with django_assert_num_queries(0):
            graph = _graph(found)
        lead_values = _values(expected.lead_assessor)
        # The lead assessor's sign-in fields are left in the database (pagecache.topics' "unshown").
        for name in ("password", "last_login", "two_factor_stamp"):
            del lead_values[name]
        assert graph == {**_graph(expected), "lead_assessor": lead_values}
        assert found.lead_assessor.get_deferred_fields() == {"password", "last_login", "two_factor_stamp"}


def test_a_key_that_cannot_be_bound_is_read_the_ordinary_way(draft, lead, other_assessor):
    assert access.assessment_for_viewer(lead, str(draft.pk)).pk == draft.pk
    for pk in (2**63, -(2**63) - 1, 10**30):
        assert not access.bindable_key(pk)
        with pytest.raises(Http404):
            access.assessment_for_viewer(lead, pk)
    with pytest.raises(Http404):
        access.assessment_for_viewer(other_assessor, draft.pk)
    with pytest.raises(Http404):
        access.assessment_for_viewer(other_assessor, str(draft.pk))


def test_the_framework_s_elements_are_read_once_and_kept_as_its_prefetched_elements(
    draft, django_assert_num_queries
):
    # Another framework, with elements of the same numbers.
    other = Framework.objects.exclude(pk=draft.framework_id).get(version="Eight elements")
    assert other.elements.filter(number=2).exists()
    assessment = Assessment.objects.select_related("framework").get(pk=draft.pk)
    with django_assert_num_queries(1):
        elements = framework_elements(assessment)
    assert [e.pk for e in elements] == list(
        draft.framework.elements.order_by("number").values_list("pk", flat=True)
    )
    with django_assert_num_queries(0):
        assert framework_elements(assessment) == elements
        assert list(assessment.framework.elements.all()) == elements
        assert all(element.framework is assessment.framework for element in elements)
    # A queryset made from the kept one reads the database afresh, for this framework only.
    with django_assert_num_queries(1):
        assert [e.pk for e in assessment.framework.elements.filter(number=2)] == [elements[1].pk]


def test_one_row_s_sight_agrees_with_the_list_s_for_every_role(
    confirmed, lead, co_assessor, other_assessor, director, headteacher, other_headteacher
):
    """one_within_sight (the access check's form for one row) and within_sight (visible_to's,
    for lists) find the same rows, for every kind of viewer and assessment."""
    from assessments.models import sight_of

    assessments = [confirmed.pk, AssessmentFactory().pk]  # (the draft fixture, confirmed)
    seen = set()
    for user in (lead, co_assessor, other_assessor, director, headteacher, other_headteacher):
        sight = sight_of(user)
        values = {"user_id": user.pk, "school_id": user.school_id}
        for pk in assessments:
            one = set(Assessment.objects.one_within_sight(pk, sight, **values).values_list("pk", flat=True))
            listed = set(
                Assessment.objects.within_sight(sight, **values).filter(pk=pk).values_list("pk", flat=True)
            )
            assert (
                one
                == listed
                == set(Assessment.objects.visible_to(user).filter(pk=pk).values_list("pk", flat=True))
            )
            seen.add((sight, bool(one)))
    # Each sight was asked of a row it sees and of one it does not (directors see every row).
    assert seen >= {
        ("assigned", True),
        ("assigned", False),
        ("school", True),
        ("school", False),
        ("all", True),
    }
