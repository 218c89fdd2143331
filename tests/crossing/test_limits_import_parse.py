"""The import reads any file without a traceback: a number of 5,000 digits, a document nested
200,000 deep and a file over the size limit are refused with a message, by the command and by
interchange.parse_document, which any other way in would use."""

import io

import pytest
from django.core.management import CommandError, call_command

from assessments import limits
from assessments.interchange import ImportProblems, parse_document
from assessments.models import Assessment

DEEP = "[" * 200_000 + "]" * 200_000
BIG_NUMBER = '{"format": "iqm-assessment", "format_version": ' + "9" * 5000 + "}"


def test_a_5000_digit_number_is_refused_with_a_message():
    with pytest.raises(ImportProblems) as caught:
        parse_document(BIG_NUMBER)
    assert caught.value.problems == [
        f"The document holds a number of 5,000 digits; no number of this format has more than "
        f"{limits.MAX_NUMBER_DIGITS}."
    ]


def test_a_document_nested_200000_deep_is_refused_with_a_message():
    with pytest.raises(ImportProblems) as caught:
        parse_document(DEEP)
    (problem,) = caught.value.problems
    assert f"nests arrays and objects more than {limits.MAX_DOCUMENT_DEPTH} deep" in problem


def test_brackets_inside_strings_do_not_count_as_nesting():
    text = '{"a": "' + "[" * 1000 + '\\"[[[", "b": [[1, -22]]}'
    assert parse_document(text) == {"a": "[" * 1000 + '"[[[', "b": [[1, -22]]}


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed():
    with pytest.raises(ImportProblems, match="the largest accepted is"):
        parse_document(b" " * (limits.MAX_DOCUMENT_BYTES + 1))


@pytest.mark.django_db
@pytest.mark.parametrize("content", [BIG_NUMBER, DEEP], ids=["number", "nesting"])
def test_the_command_refuses_both_with_a_message_and_writes_nothing(tmp_path, content):
    path = tmp_path / "hostile.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_assessment", str(path), stdout=io.StringIO())
    assert str(path) in str(caught.value)
    assert "Traceback" not in str(caught.value)
    assert not Assessment.objects.exists()
    with pytest.raises(CommandError):
        call_command("import_assessment", str(path), "--dry-run", stdout=io.StringIO())
