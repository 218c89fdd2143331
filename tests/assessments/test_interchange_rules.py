"""The import's rules at their edges (found by mutation testing, docs/testing.md)."""

import pytest

from assessments import limits
from assessments.interchange import ImportProblems, parse_document


def test_a_document_of_exactly_the_largest_size_is_read_and_one_byte_more_is_not():
    body = b"{}"
    assert parse_document(b" " * (limits.MAX_DOCUMENT_BYTES - len(body)) + body) == {}
    with pytest.raises(ImportProblems):
        parse_document(b" " * (limits.MAX_DOCUMENT_BYTES - len(body) + 1) + body)
