"""pagecache.render_blocks renders a page's blocks as render_block.render_block_to_string does,
the second time from the block nodes it found the first."""

import pytest
from render_block import render_block_to_string

from pagecache.render import render_blocks

BLOCKS = ("title", "content")


@pytest.mark.parametrize("template", ["assessments/director_home.html", "assessments/review/list.html"])
def test_the_blocks_are_those_render_block_gives(template):
    section = {"key": "waiting", "title": "Waiting & <ready>", "rows": [], "empty": "None.", "total": 0}
    values = {"sections": [], "overdue": [], "overdue_total": 0, "section": section}
    expected = {name: render_block_to_string(template, name, values) for name in BLOCKS}
    assert render_blocks(template, BLOCKS, values) == expected
    assert render_blocks(template, BLOCKS, values) == expected  # the nodes kept from the first


def test_a_block_the_template_lacks_is_refused():
    with pytest.raises(LookupError):
        render_blocks("assessments/director_home.html", ["no_such_block"], {})
