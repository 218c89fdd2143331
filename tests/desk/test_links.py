"""desk.links.id_link: the address reverse() gives, the pattern reversed once."""

import pytest
from django.urls import reverse

from desk.links import id_link


@pytest.mark.parametrize("name", ["review_assessment", "school_detail"])
@pytest.mark.parametrize("pk", [1, 7, 42, 987654321, 10**12])
def test_it_gives_the_address_reverse_gives(name, pk):
    assert id_link(name)(pk) == reverse(name, args=[pk])
