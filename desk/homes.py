"""The assessor's and the director's home pages (assessments/apps.py registers them as the
roles' homes)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from assessments.html_rows import escaped
from assessments.templatetags.iqm import paragraphs
from assessments.workspace import assessor_page, assessor_page_ids, assessor_rows
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
        return {"rows": rows, "cards": assessor_cards(rows), "page": shown}

    # Which assessments the page shows changes with the lists (who is assigned, statuses); what
    # it says of each, with the assessment's own content as well.
    def topics() -> list:
        shown = pagecache.remember(
            "assessor-home-page",
            (user.pk, number),
            [pagecache.LISTS],
            lambda: assessor_page_ids(user, number),
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


def _plural(n: int, singular: str, plural: str) -> str:
    return singular if n == 1 else plural


def assessor_cards(rows: list[dict]) -> SafeString:
    """The assessor's home's cards, one for each of assessor_rows' rows (with the view's
    counts of comments), written once: every value escaped as the template escapes it, the
    same HTML, whitespace and all, as the card's template gave (a tenth of its cost)."""
    e = escaped
    reading_link = None
    cards = []
    for row in rows:
        school = e(row["school"])
        is_lead = row["is_lead"]
        editable = unanswered = reading = returned = ""
        if row["editable"]:
            done = (
                '<span class="themed-sections">Written in themed sections</span>'
                if row.get("themed")
                else f'<span class="elements-complete">{e(row["elements_complete"])} of'
                f" {e(row['elements_total'])} elements complete</span>"
            )
            missing = len(row["missing"])
            said = (
                f"; {missing} thing{_plural(missing, '', 's')} missing in all"
                if missing
                else "; nothing missing"
            )
            editable = f'<p class="mb-2">{done}{said}</p>'
        if n := row.get("unanswered_comments"):
            whose = "your" if is_lead else "the lead assessor's"
            verb = "Answer" if is_lead else "Read"
            unanswered = (
                f'\n      <p class="mb-2 unanswered-comments"><strong>{n} comment{_plural(n, "", "s")} of the'
                f" school on the draft letter {_plural(n, 'waits', 'wait')} for {whose} answer.</strong>"
                f' <a href="{e(row["answer_url"])}">{verb} {_plural(n, "it", "them")}<span'
                f' class="visually-hidden"> — {school}</span></a></p>\n      '
            )
        if n := row.get("open_reading_comments"):
            reading_link = reading_link or id_link("reading_assessor")
            reading = (
                f'<p class="mb-2 open-reading-comments"><strong>{n} comment{_plural(n, "", "s")} of the second'
                f" reader {_plural(n, 'is', 'are')} open.</strong>"
                f' <a href="{e(reading_link(row["assessment"].pk))}">Read {_plural(n, "it", "them")}<span'
                f' class="visually-hidden"> — {school}</span></a></p>\n'
            )
        if row["status"] == "returned" and row["return_comment"]:
            said = "".join(f'<p class="mb-1">{e(p)}</p>' for p in paragraphs(row["return_comment"]))
            returned = (
                '\n      <div class="alert alert-warning py-2 mb-2 return-comment">'
                """\n        <h3 class="h6 mb-1">The director's comment</h3>"""
                f"\n        {said}\n      </div>\n      "
            )
        step = row["next"]
        cards.append(
            f'\n  <li class="card mb-3">\n    <div class="card-body">'
            '\n      <div class="d-flex flex-wrap justify-content-between gap-2">'
            f'\n        <h2 class="h5 card-title mb-1"><a href="{e(row["url"])}">{school}</a></h2>'
            f'\n        <span class="badge status-{e(row["status"])} align-self-start">{e(row["status_label"])}</span>'
            "\n      </div>"
            f'\n      <p class="mb-2 text-body-secondary">{e(row["kind"])} · {e(row["dates"])} ·'
            f" {'lead assessor' if is_lead else 'co-assessor'}</p>"
            f"\n      {editable}\n      {unanswered}\n      {reading}\n      {returned}"
            f'\n      <p class="mb-0 next-step">{e(step["text"])} <a href="{e(step["url"])}">{e(step["link"])}<span'
            f' class="visually-hidden"> — {school}</span></a></p>'
            "\n    </div>\n  </li>\n  "
        )
    return mark_safe("".join(cards))  # noqa: S308 - every value escaped above


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
