"""A carried item's legend (its label) reads as words: the *emphasis* markup the letter renders
as italics is not shown as asterisks (issue 26)."""

import pytest
from django.urls import reverse

from continuity.models import CarriedItem
from tests.continuity.test_continuity_pages import area, earlier, flagship  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_carried_items_legend_has_no_raw_markup(client, lead, flagship):  # noqa: F811
    item = area(flagship)
    CarriedItem.objects.filter(pk=item.pk).update(text="Extend *Read Write Inc* to\nevery class.")
    client.force_login(lead)
    html = client.get(reverse("continuity_previous", args=[flagship.pk])).content.decode()
    legend = html[html.index(f'id="id_item-{item.pk}-progress"') :]
    legend = legend[legend.index("<legend") : legend.index("</legend>")]
    assert "Progress on area for development 1: Extend Read Write Inc to every class." in legend
    assert "*" not in legend
    # The item's own paragraph renders the markup as the letter does.
    assert "Extend <em>Read Write Inc</em> to<br>every class." in html
