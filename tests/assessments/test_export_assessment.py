"""export_assessment writes the whole assessment; export → import → export is identical."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from assessments.demo import REFERENCE_PATH


def export(pk: int) -> str:
    out = io.StringIO()
    call_command("export_assessment", str(pk), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_demo_exports_as_the_demo_document(demo):
    assert json.loads(export(demo.pk)) == json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_export_import_export_is_identical(demo, tmp_path):
    first = export(demo.pk)
    path = tmp_path / "doc.json"
    path.write_text(first, encoding="utf-8")
    out = io.StringIO()
    call_command("import_assessment", str(path), stdout=out)
    new_id = int(out.getvalue().split()[2].rstrip(":"))
    assert new_id != demo.pk
    assert export(new_id) == first


@pytest.mark.django_db
def test_a_draft_with_unicode_round_trips(complete_draft, tmp_path):
    from assessments.models import Statement

    complete_draft.summary = "Croeso! Ysgol Gymraeg — ŵ ŷ â 🎉\n\nمرحبا بالعالم"
    complete_draft.save()
    Statement.objects.filter(assessment=complete_draft, kind="key_success").update(
        text="<script>alert(1)</script>"
    )
    first = export(complete_draft.pk)
    path = tmp_path / "doc.json"
    path.write_text(first, encoding="utf-8")
    out = io.StringIO()
    call_command("import_assessment", str(path), stdout=out)
    new_id = int(out.getvalue().split()[2].rstrip(":"))
    assert export(new_id) == first


@pytest.mark.django_db
def test_it_says_so_for_an_unknown_id():
    with pytest.raises(CommandError, match="no assessment with id 999"):
        export(999)
