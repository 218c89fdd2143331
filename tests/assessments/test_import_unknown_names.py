"""An import that names a kind of visit or a framework the app does not know gets a message
naming it, and nothing changes: assessments (import_assessment) and frameworks
(import_framework, whose crosswalk names another framework)."""

import io
import json
import pathlib

import pytest
from django.core.management import CommandError, call_command

from assessments.models import Assessment, Framework
from schools.models import School
from tests.factories import AssessorFactory

pytestmark = pytest.mark.django_db

DEMO = pathlib.Path(__file__).resolve().parents[2] / "assessments" / "demo" / "heath-2010.json"


def write(tmp_path, doc) -> str:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


@pytest.fixture
def assessment_doc():
    doc = json.loads(DEMO.read_text(encoding="utf-8"))
    lead = AssessorFactory(email="lead@iqm.example")
    doc.update(
        status="draft", confirmed_by=None, confirmed_at=None, lead_assessor=lead.email, co_assessors=[]
    )
    return doc


def test_an_unknown_kind_is_named(tmp_path, assessment_doc):
    assessment_doc["kind"] = "coe_revue"
    with pytest.raises(CommandError) as caught:
        call_command("import_assessment", write(tmp_path, assessment_doc), stdout=io.StringIO())
    assert 'kind: "coe_revue" is not a kind of visit this app knows; it must be one of "assessment",' in str(
        caught.value
    )
    assert Assessment.objects.count() == 0
    assert School.objects.count() == 0


def test_an_unknown_framework_is_named(tmp_path, assessment_doc):
    assessment_doc["framework"] = {"name": "Inclusion Quality Mark", "version": "2031"}
    with pytest.raises(CommandError) as caught:
        call_command("import_assessment", write(tmp_path, assessment_doc), stdout=io.StringIO())
    assert 'framework: no framework "Inclusion Quality Mark" version "2031"' in str(caught.value)
    assert Assessment.objects.count() == 0


def test_a_known_kind_still_imports(tmp_path, assessment_doc):
    call_command("import_assessment", write(tmp_path, assessment_doc), stdout=io.StringIO())
    assert Assessment.objects.get().kind_id == assessment_doc["kind"]


def test_a_crosswalk_from_an_unknown_framework_is_named(tmp_path):
    out = io.StringIO()
    call_command("export_framework", "IQM Evaluative Framework", "Eight elements", stdout=out)
    doc = json.loads(out.getvalue())
    doc["version"] = "Nine elements"
    doc["crosswalk"] = {"from": {"name": "IQM", "version": "1999"}, "map": {}}
    before = Framework.objects.count()
    with pytest.raises(CommandError) as caught:
        call_command("import_framework", write(tmp_path, doc), stdout=io.StringIO())
    assert str(caught.value).endswith('crosswalk.from: no framework "IQM" version "1999"')
    assert Framework.objects.count() == before
