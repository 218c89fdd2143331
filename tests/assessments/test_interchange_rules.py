"""The import's rules at their edges (found by mutation testing, docs/testing.md)."""

import pytest

from assessments import limits
from assessments.interchange import ImportProblems, parse_document


@pytest.mark.parametrize("given", [bytes, str], ids=["bytes", "text"])
def test_a_document_of_exactly_the_largest_size_is_read_and_one_byte_more_is_not(given):
    def document(size: int):
        text = " " * (size - 2) + "{}"
        return text.encode() if given is bytes else text

    assert parse_document(document(limits.MAX_DOCUMENT_BYTES)) == {}
    with pytest.raises(ImportProblems) as refused:
        parse_document(document(limits.MAX_DOCUMENT_BYTES + 1))
    assert refused.value.problems == [
        f"The document is {limits.MAX_DOCUMENT_BYTES + 1:,} bytes; the largest accepted is "
        f"{limits.MAX_DOCUMENT_BYTES:,} (an assessment at every limit is far smaller)."
    ]


def test_a_document_nested_exactly_the_deepest_allowed_is_read_and_one_level_more_is_not():
    deepest = limits.MAX_DOCUMENT_DEPTH
    assert parse_document("[" * deepest + "]" * deepest) is not None
    with pytest.raises(ImportProblems, match="more than"):
        parse_document("[" * (deepest + 1) + "]" * (deepest + 1))
