"""The journey once more, for a Centre of Excellence annual review of the demo school, in a real
browser against the live server: the demo is loaded; the director opens The Heath School's page
and the schedule page, is refused a Flagship assessment with the rule's words (the form keeps what
was chosen), then schedules a Centre of Excellence review against the eight-element framework
inside the school's current award; the assessor writes the review through the real forms and
submits it; the director confirms it; the headteacher sees the Centre of Excellence and its next
annual review on the portal and downloads the letter, whose text reads as a Centre of Excellence
annual review and keeps none of the 2010 labels. axe-core checks every distinct page reached
(WCAG 2.2 A and AA), the refused schedule page, the school list and the comparison page included.
SQLite pass only (marked `browser`)."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.dates import british_date, plain_date
from assessments.kinds import VisitKind
from assessments.models import Assessment, Framework, Status
from continuity.models import CarriedItem
from schools.models import School
from tests.browser.conftest import sign_in
from tests.browser.test_journey import Axe, add_items, as_user, submit, submit_for_confirmation
from tests.letter_pdf import body_text, reader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a long demo password for the journey"
SCHOOL = "The Heath Specialist Technology College"
VISIT = datetime.date(2026, 12, 1)
LETTER_DATE = datetime.date(2026, 12, 8)
NEXT_REVIEW = datetime.date(2027, 12, 8)  # the letter date and the kind's one year

SUMMARY = (
    "Demo text, typed in the browser: The Heath School continues to meet the standard of an IQM "
    "Centre of Excellence in its 2026 annual review, and has met the targets it set a year ago."
)
CONTEXT = (
    "Demo text. The review took place over one day, with meetings with leaders, staff, pupils and parents."
)
EVIDENCE = "Demo text. The school's annual written update against the eight elements and its targets."
RECOMMENDATION = (
    "I am of the opinion that the school continues to meet the standard of an IQM Centre of "
    "Excellence. I recommend that it retains the status and is reviewed again in twelve months' time."
)


def narrative(number: int) -> str:
    return (
        f"Demo text, 2026 review of element {number}: the school has kept up the work its last review found."
    )


def strength(number: int) -> str:
    return f"Demo text: the targets the school set for element {number} have been met."


def area(number: int) -> str:
    return f"Demo text: share the practice of element {number} with the school's partners."


def has_areas(number: int) -> bool:
    """Odd elements list an area for development; even ones are marked as having none."""
    return number % 2 == 1


def director_schedules_the_review(page, live_server, axe, school, assessor) -> Assessment:
    from playwright.sync_api import expect

    page.goto(live_server.url + reverse("home"))
    axe.check(page, "director")
    page.goto(live_server.url + reverse("school_list"))
    axe.check(page, "director")
    row = page.get_by_role("row").filter(has_text=SCHOOL)
    expect(page.get_by_role("columnheader", name="Award")).to_be_visible()
    expect(row).to_contain_text("Centre of Excellence")
    row.get_by_role("link", name=SCHOOL).click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text(SCHOOL)
    # "Annual review due" while the demo's award runs (to 12th December 2026), "is due" after.
    expect(page.locator("main")).to_contain_text(re.compile(r"Annual review (is )?due"))
    axe.check(page, "director")

    # The comparison page, linked from the school's page: the 2010 reassessment and the 2025 review.
    page.get_by_role("link", name="Compare the confirmed visits element by element").click()
    page.wait_for_load_state()
    table = page.get_by_role("table", name=re.compile(f"Findings of {SCHOOL}'s confirmed visits"))
    expect(table.get_by_role("rowheader")).to_have_count(8)
    expect(table.get_by_role("columnheader")).to_have_count(3)
    axe.check(page, "director")
    page.go_back()

    page.locator("main").get_by_role("link", name="Schedule a visit").click()
    page.wait_for_load_state()
    axe.check(page, "director")
    # The school holds a Centre of Excellence award, so its renewal is suggested.
    expect(page.get_by_label("School")).to_have_value(str(school.pk))
    expect(page.get_by_label("Kind of visit")).to_have_value(VisitKind.COE_REVIEW)

    framework = Framework.objects.get(name="IQM Evaluative Framework", version="Eight elements")
    page.get_by_label("Framework").select_option(str(framework.pk))
    page.get_by_label("First day of the visit").fill(VISIT.isoformat())
    page.get_by_label("Last day of the visit").fill(VISIT.isoformat())
    page.get_by_label("Lead assessor").select_option(str(assessor.pk))

    # A Flagship assessment needs three years as a Centre of Excellence: refused, with the
    # rule's words, and the form keeps what was chosen.
    page.get_by_label("Kind of visit").select_option(VisitKind.FLAGSHIP_ASSESSMENT)
    with page.expect_navigation():
        page.get_by_role("button", name="Schedule the visit").click()
    problem = (
        "A Flagship assessment needs at least 3 years as a Centre of Excellence; The Heath School "
        "has held it since 12 December 2025, and its award runs to 12 December 2026."
    )
    expect(page.locator(".error-summary")).to_contain_text(problem)
    expect(
        page.get_by_label("Reason to go ahead although the award rules say no")
    ).to_have_accessible_description(re.compile(re.escape(problem)))
    expect(page.get_by_label("School")).to_have_value(str(school.pk))
    expect(page.get_by_label("Framework")).to_have_value(str(framework.pk))
    expect(page.get_by_label("Kind of visit")).to_have_value(VisitKind.FLAGSHIP_ASSESSMENT)
    expect(page.get_by_label("First day of the visit")).to_have_value(VISIT.isoformat())
    expect(page.get_by_label("Last day of the visit")).to_have_value(VISIT.isoformat())
    expect(page.get_by_label("Lead assessor")).to_have_value(str(assessor.pk))
    axe.check(page, "director, the award rule refused")
    assert not Assessment.objects.filter(school=school, visit_start=VISIT).exists()

    # The Centre of Excellence review, inside the award that runs to 12th December 2026: the
    # demo's draft reassessment is still open, so it is refused, naming that visit, until the
    # director gives a reason.
    page.get_by_label("Kind of visit").select_option(VisitKind.COE_REVIEW)
    with page.expect_navigation():
        page.get_by_role("button", name="Schedule the visit").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "The Heath School already has an open visit: the IQM reassessment of 17–18 November 2026"
    )
    assert not Assessment.objects.filter(school=school, visit_start=VISIT).exists()
    page.get_by_label("Reason to go ahead although the award rules say no").fill(
        "The 2026 reassessment's draft is the demo's; the review goes ahead."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Schedule the visit").click()
    expect(page.locator("main")).to_contain_text("Visit scheduled")
    axe.check(page, "director")
    assessment = Assessment.objects.get(school=school, visit_start=VISIT)
    assert assessment.kind.code == VisitKind.COE_REVIEW
    assert assessment.framework == framework
    assert assessment.reassessment_years == 1  # the kind's interval
    return assessment


def assessor_writes_the_review(page, live_server, axe, assessment) -> None:
    from playwright.sync_api import expect

    pk = assessment.pk
    page.goto(live_server.url + reverse("home"))
    axe.check(page, "assessor")
    card = page.locator("li.card").filter(has_text="Centre of Excellence review · 1 December 2026")
    card.get_by_role("link", name=SCHOOL, exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith(reverse("assessment_overview", args=[pk]))
    axe.check(page, "assessor")

    def section(key: str) -> None:
        page.goto(live_server.url + reverse("assessment_section", args=[pk, key]))

    section("details")
    axe.check(page, "assessor")
    page.get_by_label("Date of the letter").fill(LETTER_DATE.isoformat())
    submit(page, "Save")
    expect(page.locator(".error-summary")).to_have_count(0)

    for key, text in (("summary", SUMMARY), ("context", CONTEXT), ("evidence", EVIDENCE)):
        section(key)
        axe.check(page, "assessor")
        page.fill(f"#id_{key}", text)
        submit(page, "Save")
        expect(page.locator(f"#id_{key}")).to_have_value(text)

    section("outcome")
    axe.check(page, "assessor")
    page.get_by_label("Yes").check()
    interval = page.get_by_label("Next annual review in (years)")
    expect(interval).to_have_value("1")  # the kind's interval, set when it was scheduled
    interval.fill("1")
    page.fill("#id_recommendation", RECOMMENDATION)
    submit(page, "Save")
    expect(page.locator("#id_recommendation")).to_have_value(RECOMMENDATION)

    for element in assessment.framework.elements.order_by("number"):
        number = element.number
        page.goto(live_server.url + reverse("assessment_element", args=[pk, number]))
        expect(page.locator("h1")).to_have_text(f"Element {number} - {element.title}")
        axe.check(page, "assessor")
        add_items(page, "strength", "strength", [strength(number)])
        if has_areas(number):
            add_items(page, "area", "area for development", [area(number)])
        else:
            page.get_by_label("There are no significant areas for development.").check()
            expect(page.locator("#autosave-status-no_significant_areas")).to_contain_text("Saved at")
            expect(page.locator("#list-area")).to_contain_text("There are no significant areas")
        # Let htmx settle (it puts the focus back in the list's add field) before typing.
        page.wait_for_load_state("networkidle")
        page.fill("#id_narrative", narrative(number))
        page.locator("#id_narrative").press("Tab")
        expect(page.locator("#autosave-status-narrative")).to_contain_text("Saved at")
        submit(page, "Save")
        expect(page.locator("#id_narrative")).to_have_value(narrative(number))
        expect(page.locator("main .done").first).to_have_text("Complete.")

    # What the school's previous confirmed visit asked for was carried in: record its progress.
    carried = list(CarriedItem.objects.filter(assessment_id=pk).order_by("source", "position"))
    assert carried, "the review follows a confirmed visit, whose areas for development are carried in"
    page.goto(live_server.url + reverse("continuity_previous", args=[pk]))
    axe.check(page, "assessor")
    for item in carried:
        page.locator(f"#carried-{item.pk} input[value=met]").check()
        page.click(f"#save-{item.pk}")
        expect(page.locator(f"#carried-{item.pk} .alert-success")).to_be_visible()
    assert not CarriedItem.objects.filter(assessment_id=pk, progress="").exists()

    # A Centre of Excellence review sets the school's targets for the coming year: one at least.
    page.goto(live_server.url + reverse("continuity_targets", args=[pk]))
    page.fill("#id_targets-add-text", "Share the nurture model with two partner schools.")
    page.get_by_role("button", name="Add the target").click()
    expect(page.locator("#rows-targets .item-text")).to_contain_text("Share the nurture model")
    axe.check(page, "assessor")

    page.goto(live_server.url + reverse("letter_preview_html", args=[pk]))
    expect(page.locator("main")).to_contain_text("Centre of Excellence annual review")
    expect(page.locator("main")).to_contain_text(SUMMARY)
    axe.check(page, "assessor")
    page.goto(live_server.url + reverse("assessment_overview", args=[pk]))
    submit_for_confirmation(page)
    axe.check(page, "assessor")
    assert Assessment.objects.get(pk=pk).status == Status.SUBMITTED


def test_a_centre_of_excellence_review_goes_from_the_director_to_the_headteacher(page, live_server, settings):
    from playwright.sync_api import expect

    # The test settings leave two-factor sign-in off (as test_journey relies on); say so here too.
    settings.IQM_2FA_ENFORCED = False
    call_command("load_demo", password=PASSWORD, stdout=io.StringIO())
    school = School.objects.get(name=SCHOOL)
    axe = Axe()
    expect.set_options(timeout=15_000)
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    sign_in(page, live_server, "director", PASSWORD)
    assessor = school.assessments.first().lead_assessor  # Roger Yates, the demo's assessor
    assert assessor.username == "assessor"
    assessment = director_schedules_the_review(page, live_server, axe, school, assessor)
    pk = assessment.pk

    as_user(page, live_server, "assessor", PASSWORD)
    assessor_writes_the_review(page, live_server, axe, assessment)

    # The demo's rule reads every Centre of Excellence review a second time: the reader signs it
    # off (a director's confirmation before then is refused; tests/reading has that).
    from reading.models import Reading

    reading = Reading.objects.get(assessment_id=pk)
    as_user(page, live_server, "reader", PASSWORD)
    page.goto(live_server.url + reverse("reading_page", args=[reading.pk]))
    axe.check(page, "reader")
    submit(page, "Sign the report off")
    reading.refresh_from_db()
    assert reading.status == Reading.Status.SIGNED_OFF

    # The director confirms; the letter is issued.
    as_user(page, live_server, "director", PASSWORD)
    page.goto(live_server.url + reverse("review_assessment", args=[pk]))
    axe.check(page, "director")
    submit(page, "Confirm and issue the report")
    expect(page.locator("main")).to_contain_text("Download")
    axe.check(page, "director after confirming")
    assessment = Assessment.objects.get(pk=pk)
    assert assessment.status == Status.CONFIRMED
    assert assessment.valid_until == NEXT_REVIEW
    page.goto(live_server.url + reverse("school_compare", args=[school.pk]))
    table = page.get_by_role("table", name=re.compile(f"Findings of {SCHOOL}'s confirmed visits"))
    expect(table.get_by_role("columnheader")).to_have_count(4)
    expect(table).to_contain_text(narrative(3))
    axe.check(page, "director after confirming")

    # The headteacher sees the Centre of Excellence and its next annual review, and downloads the letter.
    as_user(page, live_server, "headteacher", PASSWORD)
    page.goto(live_server.url + reverse("home"))
    award = page.locator("section", has=page.locator("#h-award"))
    expect(award).to_contain_text("Centre of Excellence")
    # Whatever the day the test runs: "due by …" while the award runs, "expired on …" after.
    expect(award).to_contain_text(re.compile(r"Annual review (is )?due"))
    expect(award).to_contain_text(plain_date(NEXT_REVIEW))
    expect(award).not_to_contain_text("Reassessment")
    axe.check(page, "headteacher")
    report = page.locator("li").filter(has_text=f"Centre of Excellence review — visit {plain_date(VISIT)}")
    with page.expect_download() as download:
        report.get_by_role("link", name=re.compile("Download")).click()
    pdf = Path(download.value.path()).read_bytes()

    assert reader(pdf).metadata.title == (
        f"Centre of Excellence annual review — The Heath School — {british_date(VISIT)}"
    )
    text = body_text(pdf)
    flat = " ".join(text.split())
    for words in (
        "Centre of Excellence annual review",
        "Type of visit: Centre of Excellence review",
        "Award level confirmed: Centre of Excellence",
        f"Date of next review: {british_date(NEXT_REVIEW)}",
        SUMMARY,
        RECOMMENDATION,
        narrative(8),
        strength(8),
        area(7),
    ):
        assert words in flat, words
    for words in ("Specific Issues Known", "Final assessor/s"):
        assert words not in flat, words
    assert errors == []
    # The pages this issue added or changed were among those axe checked.
    assert {
        ("director", "schools/"),
        ("director", "schools/N/"),
        ("director", "review/schools/N/compare/"),
        ("director", "review/schedule/"),
        ("director, the award rule refused", "review/schedule/"),
        ("assessor", "reports/assessments/N/letter/"),
        ("headteacher", ""),
    } <= axe.seen
    assert axe.found == [], "\n".join(axe.found)
