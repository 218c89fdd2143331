"""The assessor's continuity pages (continuity.views): progress since the previous visit, the
targets for the coming year and the research project; with htmx and without JavaScript,
read-only views, conflicts, refusals and a bounded number of queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.kinds import VisitKind
from assessments.models import Assessment, Status
from continuity import services
from continuity.models import CarriedItem, ResearchProject, ResearchStep, Target
from continuity.views import UNDO_KEY
from tests.factories import AssessmentFactory, fill_complete

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def confirm(assessment: Assessment, by) -> Assessment:
    """Mark it confirmed without issuing a letter (fast; the frozen rules follow the status)."""
    Assessment.objects.filter(pk=assessment.pk).update(
        status=Status.CONFIRMED, confirmed_by=by, confirmed_at=timezone.now()
    )
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def earlier(school, lead, director):
    """A confirmed Flagship visit of the school with a target and a research project."""
    earlier = AssessmentFactory(school=school, lead_assessor=lead, kind=VisitKind.FLAGSHIP_ASSESSMENT)
    Target.objects.create(
        assessment=earlier, position=1, text="Raise attendance.", lead="Ms Reid", by_when="July 2026"
    )
    project = ResearchProject.objects.create(assessment=earlier, title="Reading for pleasure")
    ResearchStep.objects.create(assessment=earlier, project=project, position=1, step="Survey pupils.")
    fill_complete(earlier)
    return confirm(earlier, director)


def visit_of(kind, school, lead, co_assessor, previous=None) -> Assessment:
    visit = AssessmentFactory(school=school, lead_assessor=lead, kind=kind, previous_assessment=previous)
    visit.co_assessors.add(co_assessor)
    if previous is not None:
        services.carry_forward(assessment=visit)
    return visit


@pytest.fixture
def flagship(earlier, school, lead, co_assessor):
    """A Flagship review following the confirmed visit, with what it asked for carried in."""
    return visit_of(VisitKind.FLAGSHIP_REVIEW, school, lead, co_assessor, earlier)


@pytest.fixture
def coe(school, lead, co_assessor):
    return visit_of(VisitKind.COE_REVIEW, school, lead, co_assessor)


def previous_url(assessment):
    return reverse("continuity_previous", args=[assessment.pk])


def targets_url(assessment):
    return reverse("continuity_targets", args=[assessment.pk])


def research_url(assessment):
    return reverse("continuity_research", args=[assessment.pk])


def area(assessment) -> CarriedItem:
    return CarriedItem.objects.filter(assessment=assessment, source="area").order_by("position").first()


def progress_url(item):
    return reverse("continuity_progress", args=[item.assessment_id, item.pk])


def progress_post(item, progress="met", comment="Done well.", version=None):
    prefix = f"item-{item.pk}"
    return {
        f"{prefix}-progress": progress,
        f"{prefix}-comment": comment,
        f"{prefix}-version": item.version if version is None else version,
    }


# Progress since the previous visit -------------------------------------------------------------


def test_the_previous_page_groups_what_was_carried(client, lead, flagship):
    client.force_login(lead)
    html = client.get(previous_url(flagship)).content.decode()
    assert "Areas for development" in html and "Minor areas for development" in html
    assert "Last year&#x27;s targets" in html or "Last year's targets" in html
    assert "Element 1 - " in html  # an area's element heading
    assert "Raise attendance." in html and "Led by Ms Reid" in html and "by July 2026" in html
    item = area(flagship)
    assert f'<legend class="form-label fs-6 mb-1">Progress on area for development 1: {item.text}' in html
    for label in ("Met", "Partly met", "Not met"):
        assert f">{label}</label>" in html
    assert f'action="{progress_url(item)}"' in html


def test_a_plain_post_records_progress_and_goes_back(client, lead, flagship):
    client.force_login(lead)
    item = area(flagship)
    response = client.post(progress_url(item), progress_post(item, "partly_met", "Half way."))
    assert response.status_code == 302
    assert response.url == f"{previous_url(flagship)}#carried-{item.pk}"
    item.refresh_from_db()
    assert (item.progress, item.comment, item.version) == ("partly_met", "Half way.", 2)
    page = client.get(response.url).content.decode()
    assert "Saved the progress on area for development 1." in page


def test_htmx_records_progress_and_answers_with_the_item(client, lead, flagship):
    client.force_login(lead)
    item = area(flagship)
    response = client.post(progress_url(item), progress_post(item, "not_met"), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and f'id="carried-{item.pk}"' in html
    assert "Saved the progress" in html and f'data-focus="save-{item.pk}"' in html
    assert 'value="not_met" checked' in html
    item.refresh_from_db()
    assert item.progress == "not_met"


@pytest.mark.parametrize("htmx", [False, True])
def test_a_bad_progress_value_is_refused_and_changes_nothing(client, lead, flagship, htmx):
    client.force_login(lead)
    item = area(flagship)
    response = client.post(progress_url(item), progress_post(item, "nearly"), headers=HTMX if htmx else None)
    assert response.status_code == 200
    html = response.content.decode()
    assert "“nearly” is not a progress state: choose met, partly met or not met. Nothing was saved." in html
    assert ("<html" in html) != htmx
    item.refresh_from_db()
    assert (item.progress, item.comment, item.version) == ("", "", 1)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_newer_version_is_a_conflict_showing_both(client, lead, co_assessor, flagship, htmx):
    item = area(flagship)
    services.progress_record(
        assessment=flagship, by=co_assessor, item_id=item.pk, progress="met", comment="Theirs.", version=1
    )
    client.force_login(lead)
    response = client.post(
        progress_url(item), progress_post(item, "not_met", "Mine.", version=1), headers=HTMX if htmx else None
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "conflict-panel" in html and "Theirs." in html and "Mine." in html
    assert (
        'data-conflict-theirs="progress">Met<' in html and 'data-conflict-yours="progress">Not met<' in html
    )
    assert f'name="item-{item.pk}-version" value="2"' in html  # saving again goes through
    item.refresh_from_db()
    assert item.comment == "Theirs."


@pytest.mark.parametrize("htmx", [False, True])
def test_a_removed_item_says_so(client, lead, flagship, htmx):
    client.force_login(lead)
    item = area(flagship)
    data = progress_post(item)
    CarriedItem.objects.filter(pk=item.pk).delete()
    response = client.post(progress_url(item), data, headers=HTMX if htmx else None, follow=not htmx)
    assert "no longer in this visit" in response.content.decode()
    if htmx:
        assert response.status_code == 409


def test_a_first_visit_has_nothing_carried(client, lead, draft):
    client.force_login(lead)
    response = client.get(previous_url(draft))
    assert response.status_code == 200
    assert "Nothing was carried into this visit" in response.content.decode()


def test_user_text_is_escaped(client, lead, flagship):
    item = area(flagship)
    services.progress_record(
        assessment=flagship,
        by=lead,
        item_id=item.pk,
        progress="met",
        comment="<script>x()</script>",
        version=1,
    )
    services.target_add(assessment=flagship, by=lead, text="<script>t()</script>", lead="<b>me</b>")
    services.project_set(assessment=flagship, by=lead, title="<script>p()</script>")
    services.step_add(assessment=flagship, by=lead, step="<script>s()</script>")
    client.force_login(lead)
    for url in (previous_url(flagship), targets_url(flagship), research_url(flagship)):
        html = client.get(url).content.decode()
        assert "<script>x()" not in html and "<script>t()" not in html and "<b>me</b>" not in html
        assert "<script>p()" not in html and "<script>s()" not in html
    assert "&lt;script&gt;t()" in client.get(targets_url(flagship)).content.decode()


# Targets for the coming year --------------------------------------------------------------------


def target_texts(assessment):
    return list(
        Target.objects.filter(assessment=assessment).order_by("position").values_list("text", flat=True)
    )


def add_url(assessment, kind="targets"):
    return reverse(f"continuity_{kind}_add", args=[assessment.pk])


def test_targets_are_added_with_htmx_and_without(client, lead, coe):
    client.force_login(lead)
    response = client.post(
        add_url(coe),
        {"targets-add-text": "Train staff.", "targets-add-lead": "Mr Khan", "targets-add-by_when": "May"},
    )
    assert response.status_code == 302 and response.url == f"{targets_url(coe)}#rows-targets"
    response = client.post(add_url(coe), {"targets-add-text": "Open a hub."}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="rows-targets"' in html and "Open a hub." in html
    assert target_texts(coe) == ["Train staff.", "Open a hub."]
    target = Target.objects.get(assessment=coe, position=1)
    assert (target.lead, target.by_when) == ("Mr Khan", "May")
    page = client.get(targets_url(coe)).content.decode()
    assert "Led by: Mr Khan; by when: May" in page


@pytest.mark.parametrize("htmx", [False, True])
def test_a_blank_target_is_refused_and_changes_nothing(client, lead, coe, htmx):
    client.force_login(lead)
    response = client.post(add_url(coe), {"targets-add-text": "   "}, headers=HTMX if htmx else None)
    assert response.status_code == 200
    assert "A target needs some text: this one is only spaces." in response.content.decode()
    assert target_texts(coe) == []


def test_targets_are_edited_moved_and_deleted_with_undo(client, lead, coe):
    client.force_login(lead)
    for text in ("One.", "Two.", "Three."):
        services.target_add(assessment=coe, by=lead, text=text)
    one, two, three = Target.objects.filter(assessment=coe).order_by("position")
    edit = reverse("continuity_targets_edit", args=[coe.pk, two.pk])
    # Without JavaScript the edit form is in the page; with htmx in the list.
    assert f'name="targets-{two.pk}-text"' in client.get(edit).content.decode()
    html = client.get(edit, headers=HTMX).content.decode()
    assert "<html" not in html and f'data-focus="id_targets-{two.pk}-text"' in html
    response = client.post(
        edit,
        {
            f"targets-{two.pk}-text": "Deux.",
            f"targets-{two.pk}-lead": "Lea",
            f"targets-{two.pk}-by_when": "",
            f"targets-{two.pk}-version": 1,
        },
    )
    assert response.status_code == 302
    assert target_texts(coe) == ["One.", "Deux.", "Three."]
    move = reverse("continuity_targets_move", args=[coe.pk, three.pk])
    response = client.post(move, {"direction": "up"}, headers=HTMX)
    assert f'data-focus="up-targets-{three.pk}"' in response.content.decode()
    assert target_texts(coe) == ["One.", "Three.", "Deux."]
    client.post(move, {"direction": "sideways"})
    assert target_texts(coe) == ["One.", "Three.", "Deux."]
    # Delete the first; undo puts it back in its place.
    response = client.post(
        reverse("continuity_targets_delete", args=[coe.pk, one.pk]), {"version": 1}, headers=HTMX
    )
    html = response.content.decode()
    assert 'id="undo-targets"' in html and 'name="targets-add-position" value="1"' in html
    assert target_texts(coe) == ["Three.", "Deux."]
    client.post(add_url(coe), {"targets-add-text": "One.", "targets-add-position": "1"})
    assert target_texts(coe) == ["One.", "Three.", "Deux."]
    assert UNDO_KEY not in client.session


def test_undo_without_javascript(client, lead, coe):
    client.force_login(lead)
    target = services.target_add(assessment=coe, by=lead, text="Only.", lead="Ann", by_when="June")
    response = client.post(reverse("continuity_targets_delete", args=[coe.pk, target.pk]), {"version": 1})
    assert response.status_code == 302 and target_texts(coe) == []
    page = client.get(response.url).content.decode()
    assert "Deleted “Only.”." in page and 'name="targets-add-lead" value="Ann"' in page
    client.post(
        add_url(coe),
        {
            "targets-add-text": "Only.",
            "targets-add-lead": "Ann",
            "targets-add-by_when": "June",
            "targets-add-position": "1",
        },
    )
    restored = Target.objects.get(assessment=coe)
    assert (restored.text, restored.lead, restored.by_when) == ("Only.", "Ann", "June")


@pytest.mark.parametrize("htmx", [False, True])
def test_a_target_changed_meanwhile_is_a_conflict(client, lead, co_assessor, coe, htmx):
    target = services.target_add(assessment=coe, by=lead, text="First.")
    services.target_edit(
        assessment=coe, by=co_assessor, target_id=target.pk, text="Theirs.", lead="", by_when="", version=1
    )
    client.force_login(lead)
    prefix = f"targets-{target.pk}"
    response = client.post(
        reverse("continuity_targets_edit", args=[coe.pk, target.pk]),
        {f"{prefix}-text": "Mine.", f"{prefix}-lead": "", f"{prefix}-by_when": "", f"{prefix}-version": 1},
        headers=HTMX if htmx else None,
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "conflict-panel" in html and "Theirs." in html and "Mine." in html
    assert target_texts(coe) == ["Theirs."]
    # Deleting a changed target is refused too.
    response = client.post(
        reverse("continuity_targets_delete", args=[coe.pk, target.pk]), {"version": 1}, headers=HTMX
    )
    assert response.status_code == 409 and "so it was not deleted" in response.content.decode()
    assert target_texts(coe) == ["Theirs."]


def test_a_deleted_target_gives_the_text_back(client, lead, coe):
    target = services.target_add(assessment=coe, by=lead, text="Gone.")
    Target.objects.filter(pk=target.pk).delete()
    client.force_login(lead)
    prefix = f"targets-{target.pk}"
    response = client.post(
        reverse("continuity_targets_edit", args=[coe.pk, target.pk]),
        {
            f"{prefix}-text": "My words.",
            f"{prefix}-lead": "",
            f"{prefix}-by_when": "",
            f"{prefix}-version": 1,
        },
        headers=HTMX,
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else deleted this target" in html and "My words.</textarea>" in html


def test_kinds_without_targets_or_a_project_answer_404(client, lead, draft, coe):
    client.force_login(lead)
    assert client.get(targets_url(draft)).status_code == 404
    assert client.get(research_url(draft)).status_code == 404
    assert client.get(research_url(coe)).status_code == 404
    assert client.post(add_url(draft), {"targets-add-text": "No."}).status_code == 404
    assert (
        client.post(reverse("continuity_research_title", args=[coe.pk]), {"title": "No."}).status_code == 404
    )
    assert Target.objects.filter(assessment=draft).count() == 0


# The research project -------------------------------------------------------------------------------


def test_the_research_project_is_named_renamed_and_its_steps_kept(client, lead, coe, school, co_assessor):
    visit = visit_of(VisitKind.FLAGSHIP_ASSESSMENT, school, lead, co_assessor)
    client.force_login(lead)
    page = client.get(research_url(visit)).content.decode()
    assert "Give the project its title first" in page and 'id="rows-steps"' not in page
    title_url = reverse("continuity_research_title", args=[visit.pk])
    assert client.post(title_url, {"title": "Inclusive maths"}).status_code == 302
    project = ResearchProject.objects.get(assessment=visit)
    response = client.post(title_url, {"title": "Inclusive mathematics", "version": project.version})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Inclusive mathematics"
    # A rename from an old page is a conflict.
    response = client.post(title_url, {"title": "Old page", "version": 1})
    assert response.status_code == 409 and "conflict-panel" in response.content.decode()
    # Steps: add, edit with progress, move, delete and undo.
    add = add_url(visit, "steps")
    client.post(
        add, {"steps-add-step": "Audit.", "steps-add-responsible": "SENCo", "steps-add-timeline": "Autumn"}
    )
    client.post(add, {"steps-add-step": "Train."}, headers=HTMX)
    first, second = ResearchStep.objects.filter(assessment=visit).order_by("position")
    prefix = f"steps-{first.pk}"
    html = client.get(
        reverse("continuity_steps_edit", args=[visit.pk, first.pk]), headers=HTMX
    ).content.decode()
    assert "<legend" in html and "Progress on step 1" in html
    response = client.post(
        reverse("continuity_steps_edit", args=[visit.pk, first.pk]),
        {f"{prefix}-step": "Audit.", f"{prefix}-responsible": "SENCo", f"{prefix}-timeline": "Autumn",
         f"{prefix}-progress": "partly_met", f"{prefix}-comment": "Begun.", f"{prefix}-version": 1},
        headers=HTMX,
    )  # fmt: skip
    assert response.status_code == 200
    first.refresh_from_db()
    assert (first.progress, first.comment) == ("partly_met", "Begun.")
    response = client.post(
        reverse("continuity_steps_edit", args=[visit.pk, first.pk]),
        {f"{prefix}-step": "Audit.", f"{prefix}-progress": "nearly", f"{prefix}-version": first.version},
        headers=HTMX,
    )
    assert "“nearly” is not a progress state" in response.content.decode()
    first.refresh_from_db()
    assert first.progress == "partly_met"
    client.post(reverse("continuity_steps_move", args=[visit.pk, second.pk]), {"direction": "up"})

    def steps():
        return list(
            ResearchStep.objects.filter(assessment=visit).order_by("position").values_list("step", flat=True)
        )

    assert steps() == ["Train.", "Audit."]
    response = client.post(
        reverse("continuity_steps_delete", args=[visit.pk, second.pk]), {"version": 1}, headers=HTMX
    )
    assert 'name="steps-add-position" value="1"' in response.content.decode()
    client.post(add, {"steps-add-step": "Train.", "steps-add-position": "1"}, headers=HTMX)
    assert steps() == ["Train.", "Audit."]
    page = client.get(research_url(visit)).content.decode()
    assert "Inclusive mathematics" in page and "progress: Partly met" in page


def test_carried_steps_are_marked_and_need_progress(client, lead, flagship):
    client.force_login(lead)
    page = client.get(research_url(flagship)).content.decode()
    assert "Reading for pleasure" in page and "Survey pupils." in page and "From the previous visit" in page
    overview = client.get(reverse("assessment_overview", args=[flagship.pk])).content.decode()
    assert "Research project step 1: progress not recorded" in overview


# Read-only, links and missing parts -----------------------------------------------------------------


@pytest.fixture
def filled(flagship, lead):
    services.target_add(assessment=flagship, by=lead, text="A target.")
    return flagship


def assert_read_only(html):
    assert (
        '<form method="post" action="/assessments/'
        not in html.split("</nav>", 2)[-1].split('class="pager')[0]
    )
    assert "<textarea" not in html and 'type="radio"' not in html


def test_a_director_reads_the_pages_without_forms(client, director, filled):
    client.force_login(director)
    for url in (previous_url(filled), targets_url(filled), research_url(filled)):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert_read_only(html)
        assert "You are reading this as a director" in html
    assert "Progress</dt><dd" in client.get(previous_url(filled)).content.decode()
    assert "A target." in client.get(targets_url(filled)).content.decode()
    assert "Reading for pleasure" in client.get(research_url(filled)).content.decode()


def test_a_submitted_visit_is_read_only_and_refuses_changes(client, lead, filled):
    Assessment.objects.filter(pk=filled.pk).update(status=Status.SUBMITTED)
    client.force_login(lead)
    for url in (previous_url(filled), targets_url(filled), research_url(filled)):
        html = client.get(url).content.decode()
        assert_read_only(html)
        assert "submitted for confirmation" in html
    item = area(filled)
    response = client.post(progress_url(item), progress_post(item), headers=HTMX)
    assert response.status_code == 409 and "Nothing was changed." in response.content.decode()
    response = client.post(add_url(filled), {"targets-add-text": "More."}, follow=True)
    assert "Nothing was changed." in response.content.decode()
    item.refresh_from_db()
    assert item.progress == "" and target_texts(filled) == ["A target."]


def test_the_overview_and_navigation_link_the_pages_that_apply(client, lead, flagship, coe, draft):
    client.force_login(lead)
    html = client.get(reverse("assessment_overview", args=[flagship.pk])).content.decode()
    for url in (previous_url(flagship), targets_url(flagship), research_url(flagship)):
        assert f'href="{url}"' in html
    nav = client.get(reverse("assessment_section", args=[flagship.pk, "summary"])).content.decode()
    assert f'href="{targets_url(flagship)}"' in nav
    current = client.get(targets_url(flagship)).content.decode()
    assert f'<a href="{targets_url(flagship)}" aria-current="page">' in current
    html = client.get(reverse("assessment_overview", args=[coe.pk])).content.decode()
    assert f'href="{targets_url(coe)}"' in html
    assert research_url(coe) not in html and previous_url(coe) not in html
    html = client.get(reverse("assessment_overview", args=[draft.pk])).content.decode()
    assert "/targets/" not in html and "/research/" not in html and "/previous/" not in html


def test_missing_progress_links_to_the_previous_page(lead, flagship):
    from assessments.workspace import workspace_for

    workspace = workspace_for(flagship, lead)
    urls = {part.url for part in workspace.missing if part.section in ("previous", "research")}
    assert urls == {previous_url(flagship), research_url(flagship)}


# Queries ---------------------------------------------------------------------------------------------


def test_each_page_runs_the_same_queries_for_few_rows_and_many(
    client, lead, flagship, django_assert_max_num_queries
):
    client.force_login(lead)
    urls = [previous_url(flagship), targets_url(flagship), research_url(flagship)]
    client.get(urls[0])  # one-off sign-in checks
    counts = []
    for url in urls:
        with django_assert_max_num_queries(40) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    project = ResearchProject.objects.get(assessment=flagship)
    Target.objects.bulk_create(Target(assessment=flagship, position=p, text=f"T{p}") for p in range(1, 30))
    ResearchStep.objects.bulk_create(
        ResearchStep(assessment=flagship, project=project, position=p, step=f"S{p}") for p in range(2, 30)
    )
    CarriedItem.objects.bulk_create(
        CarriedItem(assessment=flagship, source="minor_area", position=p, text=f"M{p}") for p in range(2, 30)
    )
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
    assert client.get(targets_url(flagship)).content.decode().count('class="statement-item"') == 29


def test_the_error_summary_links_to_the_progress_fieldset(client, lead, flagship):
    client.force_login(lead)
    item = area(flagship)
    html = client.post(progress_url(item), progress_post(item, "nearly")).content.decode()
    assert f'href="#id_item-{item.pk}-progress"' in html
    assert f'<fieldset class="mb-2 progress-choice" id="id_item-{item.pk}-progress"' in html


def test_signed_out_htmx_gets_401_and_a_plain_post_the_sign_in_page(client, flagship):
    item = area(flagship)
    response = client.post(progress_url(item), progress_post(item), headers=HTMX)
    assert response.status_code == 401 and "signed out" in response.content.decode()
    response = client.post(add_url(flagship), {"targets-add-text": "Lost?"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert target_texts(flagship) == []
