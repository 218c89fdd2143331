"""The assessor's and the director's home pages (assessments/apps.py registers them as the
roles' homes)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from assessments.workspace import assessor_page, assessor_rows
from desk.links import id_link
from desk.overdue import overdue_context
from desk.selectors import home_sections
from factcheck.home import unanswered_comments
from pagecache import render as pagecache
from reading.selectors import reading_states

# The assessor's home ------------------------------------------------------------------------


@login_required
def assessor_home(request: HttpRequest) -> HttpResponse:
    """The assessor's home: the assessments they lead or assist on, what each lacks, the
    school's comments on its draft that wait for an answer, and the next thing to do. A fixed
    number of queries, however many assessments and items."""
    user, number = request.user, request.GET.get("page")

    def page():
        return assessor_page(user, number)

    def context() -> dict:
        shown = page()
        rows = assessor_rows(user, shown.object_list)
        # A confirmed assessment's check is closed: its comments wait for nothing.
        waiting = unanswered_comments(
            [row["assessment"].pk for row in rows if not row["assessment"].is_confirmed]
        )
        # The second reader's comments not yet resolved (only a report once submitted has been
        # read: a page of drafts asks nothing).
        reading = reading_states(
            [
                row["assessment"].pk
                for row in rows
                if (row["assessment"].submitted_at or row["assessment"].status != "draft")
                and not row["assessment"].is_confirmed
            ]
        )
        answer_url = id_link("factcheck_assessor")
        for row in rows:
            pk = row["assessment"].pk
            row["unanswered_comments"] = waiting.get(pk, 0)
            if row["unanswered_comments"]:
                row["answer_url"] = answer_url(pk)
            state = reading.get(pk, {"open_comments": 0, "is_open": False})
            row["open_reading_comments"] = state["open_comments"]
            if state["is_open"] and row["assessment"].status == "submitted":
                # Not yet a director's: the report waits for the reader's sign-off first.
                row["next"] = {
                    **row["next"],
                    "text": "In its second reading: a director confirms it once the reader signs it off.",
                }
        return {"rows": rows, "page": shown}

    # Which assessments the page shows changes with the lists (who is assigned, statuses); what
    # it says of each, with the assessment's own content as well.
    def topics() -> list:
        shown = pagecache.remember(
            "assessor-home-page",
            (user.pk, number),
            [pagecache.LISTS],
            lambda: [a.pk for a in page().object_list],
        )
        return [pagecache.LISTS, *map(pagecache.assessment_topic, shown)]

    return pagecache.render_page(
        request,
        "assessments/assessor_home.html",
        context,
        name="assessor-home",
        parts=(user.pk, number),
        topics=topics,
    )


@login_required
def director_home(request: HttpRequest) -> HttpResponse:
    """The director's home: assessments waiting for review first, then visits coming up,
    assessments in draft, and awards expiring within six months; each list cut short with a
    link to the whole of it. A fixed number of queries."""
    if not request.user.is_director:
        raise Http404("No such page.")
    # The same for every director: cached until an assessment, school or user changes.
    return pagecache.render_page(
        request,
        "assessments/director_home.html",
        lambda: {"sections": home_sections(timezone.localdate()), **overdue_context(timezone.localdate())},
        name="director-home",
        parts=(),
        topics=[pagecache.LISTS],
    )
