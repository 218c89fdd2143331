"""A director changes when the award-expiry reminders go, per award level, on a page of the
award cycle (as well as in the admin): adds a window, removes one; a bad or repeated window is
refused with the reason and nothing changes; no one else may."""

import pytest
from django.urls import reverse

from assessments.kinds import AwardLevel
from cycle.models import ExpiryNotice

pytestmark = pytest.mark.django_db


@pytest.fixture
def level():
    return AwardLevel.objects.get(code=AwardLevel.CENTRE_OF_EXCELLENCE)


def months(level) -> list[int]:
    return sorted(ExpiryNotice.objects.filter(level=level).values_list("months_before", flat=True))


def test_the_migration_seeds_six_months_one_month_and_the_lapse_for_every_level():
    for level in AwardLevel.objects.all():
        assert months(level) == [0, 1, 6]


def test_the_page_lists_the_windows_by_level(client, director, level):
    client.force_login(director)
    response = client.get(reverse("cycle_expiry_notices"))
    assert response.status_code == 200
    assert "Centre of Excellence" in response.text
    assert "6 months before" in response.text
    assert "when it has lapsed" in response.text


def test_a_director_adds_a_window(client, director, level):
    client.force_login(director)
    response = client.post(reverse("cycle_expiry_notices"), {"level": level.pk, "months_before": "3"})
    assert response.status_code == 302
    assert months(level) == [0, 1, 3, 6]


@pytest.mark.parametrize(
    ("months_before", "message"),
    [
        ("6", "Centre of Excellence already has a reminder 6 months before."),
        ("37", "Give the months as a whole number from 0 to 36."),
        ("-1", "Give the months as a whole number from 0 to 36."),
        ("three", "Give the months as a whole number from 0 to 36."),
    ],
)
def test_a_bad_window_is_refused_with_the_reason_and_kept_on_screen(
    client, director, level, months_before, message
):
    client.force_login(director)
    response = client.post(
        reverse("cycle_expiry_notices"), {"level": level.pk, "months_before": months_before}
    )
    assert response.status_code == 200
    assert message in response.text
    assert f'value="{months_before}"' in response.text
    assert months(level) == [0, 1, 6]


def test_a_missing_level_is_refused(client, director):
    client.force_login(director)
    response = client.post(reverse("cycle_expiry_notices"), {"level": "", "months_before": "2"})
    assert "Choose an award level." in response.text


def test_a_director_removes_a_window(client, director, level):
    client.force_login(director)
    notice = ExpiryNotice.objects.get(level=level, months_before=6)
    response = client.post(reverse("cycle_expiry_notice_delete", args=[notice.pk]))
    assert response.status_code == 302
    assert months(level) == [0, 1]


def test_no_one_else_may(client, lead, headteacher, level):
    notice = ExpiryNotice.objects.get(level=level, months_before=6)
    for person in (lead, headteacher):
        client.force_login(person)
        assert client.get(reverse("cycle_expiry_notices")).status_code == 404
        assert client.post(reverse("cycle_expiry_notice_delete", args=[notice.pk])).status_code == 404
    assert months(level) == [0, 1, 6]


def test_the_director_digest_links_to_it(client, director):
    client.force_login(director)
    assert reverse("cycle_expiry_notices") in client.get(reverse("cycle_digest")).text
