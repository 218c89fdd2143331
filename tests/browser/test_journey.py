"""The whole journey in a real browser, against the live server: the director adds The Heath
School, schedules its 2010 reassessment and gives its headteacher a login; the assessor types
the entire reference report through the real forms; the director returns it with a comment;
the assessor fixes it and resubmits; the director confirms; the headteacher downloads the PDF,
whose text holds the whole reference report in order. axe-core checks every distinct page each
role reaches on the way (WCAG 2.2 A and AA). SQLite pass only (marked `browser`)."""

import json
import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User
from assessments.models import Assessment, Framework, Status
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import AssessorFactory, DirectorFactory
from tests.letter_pdf import body_text
from tests.reference import assert_in_order, normalise, reference_blocks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DEMO = json.loads(
    (Path(__file__).resolve().parents[2] / "assessments" / "demo" / "heath-2010.json").read_text(
        encoding="utf-8"
    )
)
TYPO = " Teh typo."
HEADTEACHER_PASSWORD = "a long and private headteacher password"
NO_AREAS = {4, 7, 8, 9}


class Axe:
    """Runs axe-core once per distinct page (digits folded) and role; collects violations."""

    def __init__(self):
        self.seen: set[tuple[str, str]] = set()
        self.found: list[str] = []

    def check(self, page, role: str) -> None:
        path = re.sub(r"\d+", "N", page.url.split("//", 1)[1].split("/", 1)[1].split("?")[0])
        if (role, path) in self.seen:
            return
        self.seen.add((role, path))
        self.found += [f"{role} /{path}: {line}" for line in axe_violations(page)]


@pytest.fixture
def people(db):
    director = DirectorFactory(
        username="joe.mccann", first_name="Joe", last_name="McCann", email="joe.mccann@iqm.example"
    )
    assessor = AssessorFactory(
        username="roger.yates", first_name="Roger", last_name="Yates", email="roger.yates@iqm.example"
    )
    return director, assessor


def as_user(page, live_server, username: str, password: str | None = None) -> None:
    """Sign out whoever was signed in (their cookies go) and sign in as someone else."""
    page.context.clear_cookies()
    sign_in(page, live_server, username, *([password] if password else []))


def submit(page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).first.click()


def submit_for_confirmation(page) -> None:
    """The overview's button, then the submit page's box ("I have read the letter; submitting
    locks it") and its button."""
    submit(page, "Submit for confirmation")
    page.get_by_label("I have read the letter; submitting locks it").check()
    submit(page, "Submit for confirmation")


def add_items(page, kind: str, noun: str, texts: list[str]) -> None:
    """Add each text to the list through its add form (htmx), waiting for each to appear."""
    from playwright.sync_api import expect

    items = page.locator(f"#list-{kind} .statement-item")
    start = items.count()
    for count, text in enumerate(texts, start=start + 1):
        page.fill(f"#id_{kind}-add-text", text)
        page.get_by_role("button", name=f"Add the {noun}").click()
        expect(items).to_have_count(count)


def director_adds_the_school_and_schedules_the_visit(page, live_server, axe, assessor) -> Assessment:
    from playwright.sync_api import expect

    school = DEMO["school"]
    page.goto(live_server.url + reverse("home"))
    axe.check(page, "director")
    page.goto(live_server.url + reverse("school_list"))
    axe.check(page, "director")
    page.goto(live_server.url + reverse("school_create"))
    axe.check(page, "director")
    page.get_by_label("Name of the school").fill(school["name"])
    page.get_by_label("Name as the letter addresses it").fill(school["addressed_name"])
    page.get_by_label("Street address").fill("\n".join(school["address_lines"]))
    page.get_by_label("Town").fill(school["town"])
    page.get_by_label("County").fill(school["county"])
    page.get_by_label("Postcode").fill(school["postcode"])
    page.get_by_label("Local authority").fill(school["local_authority"])
    page.get_by_label("Phase").select_option(school["phase"])
    page.get_by_label("Number on roll").fill(str(school["number_on_roll"]))
    page.get_by_label("Headteacher's title").fill(school["headteacher_title"])
    page.get_by_label("Headteacher's name").fill(school["headteacher_name"])
    submit(page, "Add the school")
    expect(page.locator("h1")).to_have_text(school["name"])
    axe.check(page, "director")
    school_url = page.url

    # The headteacher's login: the welcome email's link chooses the password.
    page.get_by_role("link", name=re.compile("headteacher", re.I)).first.click()
    page.wait_for_load_state()
    axe.check(page, "director")
    page.get_by_label("Email").fill("heather.mullaney@heath.example")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("heather.mullaney@heath.example")

    # The visit: the 2010 framework, a reassessment on 14-15 July 2010, Roger Yates leading.
    page.goto(school_url)
    page.goto(live_server.url + reverse("visit_schedule"))
    axe.check(page, "director")
    framework = Framework.objects.get(name="Inclusion Quality Mark", version="2010")
    from schools.models import School

    page.get_by_label("School").select_option(str(School.objects.get(name=school["name"]).pk))
    page.get_by_label("Framework").select_option(str(framework.pk))
    page.get_by_label("Kind of visit").select_option("reassessment")
    page.get_by_label("First day of the visit").fill("2010-07-14")
    page.get_by_label("Last day of the visit").fill("2010-07-15")
    page.get_by_label("Lead assessor").select_option(str(assessor.pk))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Visit scheduled")
    axe.check(page, "director")
    return Assessment.objects.get(school__name=school["name"])


def assessor_types_the_report(page, live_server, axe, assessment) -> None:
    from playwright.sync_api import expect

    pk = assessment.pk
    page.goto(live_server.url + reverse("home"))
    axe.check(page, "assessor")
    page.get_by_role("link", name=DEMO["school"]["name"]).first.click()
    page.wait_for_load_state()
    axe.check(page, "assessor")

    def section(key: str) -> None:
        page.goto(live_server.url + reverse("assessment_section", args=[pk, key]))

    section("details")
    axe.check(page, "assessor")
    page.get_by_label("Date of the letter").fill("2010-08-03")
    submit(page, "Save")
    expect(page.locator(".error-summary")).to_have_count(0)

    for key in ("summary", "context", "evidence"):
        section(key)
        axe.check(page, "assessor")
        page.fill(f"#id_{key}", DEMO[key])
        submit(page, "Save")
        expect(page.locator(f"#id_{key}")).to_have_value(DEMO[key])

    section("key_successes")
    axe.check(page, "assessor")
    add_items(page, "key_success", "key area of success", DEMO["key_areas_of_success"])
    section("minor_areas")
    add_items(page, "minor_area", "minor area for development", DEMO["minor_areas_for_development"])

    section("outcome")
    axe.check(page, "assessor")
    page.get_by_label("Yes").check()
    page.get_by_label("Next reassessment in (years)").fill(str(DEMO["reassessment_years"]))
    page.fill("#id_recommendation", DEMO["recommendation"])
    submit(page, "Save")
    expect(page.locator("#id_recommendation")).to_have_value(DEMO["recommendation"])

    for element in DEMO["elements"]:
        number = element["number"]
        page.goto(live_server.url + reverse("assessment_element", args=[pk, number]))
        axe.check(page, "assessor")
        strengths = list(element["strengths"])
        if number == 1:
            # Typed with the last two the wrong way round, then put right with a move button.
            strengths[-2], strengths[-1] = strengths[-1], strengths[-2]
        if number == 6:
            strengths[0] += TYPO  # the director asks for this to be fixed
        add_items(page, "strength", "strength", strengths)
        if number == 1:
            items = page.locator("#list-strength .statement-item")
            items.last.get_by_role("button", name=re.compile(r"Move strength \d+ up")).click()
            expect(items.nth(len(strengths) - 2).locator(".item-text")).to_have_text(element["strengths"][-2])
            expect(items.last.locator(".item-text")).to_have_text(element["strengths"][-1])
        add_items(page, "area", "area for development", element["areas_for_development"])
        if number in NO_AREAS:
            assert element["no_significant_areas"]
            page.get_by_label("There are no significant areas for development.").check()
            expect(page.locator("#autosave-status-no_significant_areas")).to_contain_text("Saved at")
            expect(page.locator("#list-area")).to_contain_text("There are no significant areas")
        # After an item is added, the page's script puts the focus back in the list's add
        # field once htmx settles; let that happen first, or the narrative's text would follow
        # the focus into the add field.
        page.wait_for_load_state("networkidle")
        page.fill("#id_narrative", element["narrative"])
        expect(page.locator("#id_narrative")).to_have_value(element["narrative"])
        # Let the narrative's autosave finish before pressing Save.
        page.locator("#id_narrative").press("Tab")
        expect(page.locator("#autosave-status-narrative")).to_contain_text("Saved at")
        submit(page, "Save")
        expect(page.locator("#id_narrative")).to_have_value(element["narrative"])
        expect(page.locator("main .done").first).to_have_text("Complete.")

    page.goto(live_server.url + reverse("letter_preview_html", args=[pk]))
    axe.check(page, "assessor")
    page.goto(live_server.url + reverse("assessment_overview", args=[pk]))
    submit_for_confirmation(page)
    axe.check(page, "assessor")
    assert Assessment.objects.get(pk=pk).status == Status.SUBMITTED


def test_the_report_goes_from_the_director_to_the_headteacher_through_the_browser(
    page, live_server, people, mailoutbox
):
    from playwright.sync_api import expect

    director, assessor = people
    axe = Axe()
    expect.set_options(timeout=15_000)
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    writer = head = page
    sign_in(page, live_server, director.username)
    assessment = director_adds_the_school_and_schedules_the_visit(page, live_server, axe, assessor)
    pk = assessment.pk

    as_user(page, live_server, assessor.username)
    assessor_types_the_report(writer, live_server, axe, assessment)

    # The director returns it with a comment.
    as_user(page, live_server, director.username)
    page.goto(live_server.url + reverse("home"))
    axe.check(page, "director")
    page.goto(live_server.url + reverse("review_assessment", args=[pk]))
    axe.check(page, "director")
    page.get_by_label("What should the assessors change?").fill("Please check Element 6: a typo.")
    submit(page, "Return to the assessors")
    expect(page.locator("main")).to_contain_text("Please check Element 6")
    axe.check(page, "director")

    # The assessor sees the comment, fixes the typo and resubmits.
    as_user(page, live_server, assessor.username)
    writer.goto(live_server.url + reverse("home"))
    expect(writer.locator("main")).to_contain_text("Please check Element 6")
    writer.goto(live_server.url + reverse("assessment_overview", args=[pk]))
    expect(writer.locator("main")).to_contain_text("Please check Element 6")
    writer.goto(live_server.url + reverse("assessment_element", args=[pk, 6]))
    writer.get_by_role("link", name="Edit strength 1").click()
    field = writer.get_by_label("Text of the strength")
    expect(field).to_have_value(DEMO["elements"][5]["strengths"][0] + TYPO)
    axe.check(writer, "assessor editing an item")
    field.fill(DEMO["elements"][5]["strengths"][0])
    writer.get_by_role("button", name="Save strength 1").click()
    expect(writer.locator("#list-strength .item-text").first).to_have_text(
        DEMO["elements"][5]["strengths"][0]
    )
    writer.goto(live_server.url + reverse("assessment_overview", args=[pk]))
    submit_for_confirmation(writer)
    assert Assessment.objects.get(pk=pk).status == Status.SUBMITTED

    # The director confirms; the report is issued.
    as_user(page, live_server, director.username)
    page.goto(live_server.url + reverse("review_assessment", args=[pk]))
    submit(page, "Confirm and issue the report")
    expect(page.locator("main")).to_contain_text("Download")
    axe.check(page, "director after confirming")

    # The headteacher chooses a password through the emailed link, signs in and downloads it.
    welcome = next(m for m in mail.outbox if "heather.mullaney@heath.example" in m.to)
    link = re.search(r"https?://\S+/schools/welcome/\S+/", welcome.body).group(0)
    page.context.clear_cookies()
    head.goto(live_server.url + link[link.index("/schools/") :])
    axe.check(head, "headteacher")
    head.locator("#id_new_password1").fill(HEADTEACHER_PASSWORD)
    head.locator("#id_new_password2").fill(HEADTEACHER_PASSWORD)
    with head.expect_navigation():
        head.locator("main form button[type=submit]").click()
    headteacher = User.objects.get(role=Role.HEADTEACHER, email="heather.mullaney@heath.example")
    sign_in(head, live_server, headteacher.username, HEADTEACHER_PASSWORD)
    axe.check(head, "headteacher")
    with head.expect_download() as download:
        head.get_by_role("link", name=re.compile("Download")).first.click()
    pdf = Path(download.value.path()).read_bytes()

    text = body_text(pdf)
    assert_in_order(text, reference_blocks())
    assert normalise("Mrs Heather Mullaney") in normalise(text)
    assert errors == []
    assert axe.found == [], "\n".join(axe.found)
