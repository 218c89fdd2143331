"""The demo shows the award cycle: The Heath School's Centre of Excellence, which runs out on
12 December 2026, gets its reminder on its day (and a month before), and Meadowbank Primary
School's overdue self-evaluation is chased."""

import pytest
from django.core import mail

from tests.cycle.helpers import london, run_at

pytestmark = pytest.mark.django_db


def subjects_to(address: str) -> list[str]:
    return [m.subject for m in mail.outbox if m.to == [address]]


def test_the_demo_centre_of_excellence_is_reminded_on_its_day(demo):
    run_at(london(2026, 12, 11))
    assert not any("lapsed" in s for s in subjects_to("heather.mullaney@theheath.example"))
    run_at(london(2026, 12, 12))
    assert subjects_to("heather.mullaney@theheath.example") == [
        "The Heath Specialist Technology College: your Centre of Excellence has lapsed"
    ]
    assert "has lapsed" in subjects_to("priya.shah@theheath.example")[0]


def test_the_demo_centre_of_excellence_is_reminded_a_month_before(demo):
    run_at(london(2026, 11, 12))
    assert subjects_to("heather.mullaney@theheath.example") == [
        "The Heath Specialist Technology College: your Centre of Excellence runs out on 12 December 2026"
    ]


def test_the_demo_overdue_self_evaluation_is_chased(demo):
    run_at(london(2026, 12, 2))
    assert subjects_to("daniel.okafor@meadowbank.example") == [
        "Meadowbank Primary School: your self-evaluation was due on 1 December 2026"
    ]
