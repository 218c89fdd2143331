"""What the cached pages depend on: the *topics*, the one table of which models and fields feed
which topic, and each topic's current *generation*.

There are two kinds of topic:

- `LISTS`: everything but an assessment's own text — schools, users, frameworks, and each
  assessment's school, team, kind, dates, status and the rest of what lists show;
- `assessment_topic(pk)`: one assessment's content — its sections, findings and list items.

A cached part (pagecache.render) is stored under the generations of the topics it depends on.
Every write through the models moves on the topics that TOPICS says it feeds (pagecache.
invalidation reads the table; the models themselves say nothing about caching): the generation
moves on when the transaction commits, so the next request renders afresh, and a part rendered
from older data is never shown again and expires by itself. An autosave of an assessment's text
moves on only that assessment's topic, so the directors' lists stay cached while assessors type.

Adding a field to a cached page means naming it here: tests/test_page_cache_table.py renders
every cached page and fails for a field it reads that the table does not say moves that page on.
"""

import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache

from pagecache.redis import now_and_on_commit

LISTS = "lists"


def assessment_topic(pk) -> str:
    return f"assessment:{pk}"


# Every field of the model, those added later too (less the ones an entry names otherwise).
ALL = "__all__"

# For each model (by label), which of its fields feed which topic:
#
# - "lists": a write to these moves LISTS on, and the owning assessment's topic;
# - "content": a write to these moves only the owning assessment's topic;
# - "unshown": no cached page shows these: a write to only these moves nothing;
# - "owner": the field holding the assessment whose topic the row belongs to ("pk": the row is
#   the assessment);
# - "rows": the row cache a write clears ("user": pagecache.rows.CachedUserBackend's).
#
# A field an entry does not name counts as a "lists" field, so a write to it is never missed;
# the tests ask for every field of an entry that names its fields one by one to be named.
#
# A row created or deleted (and a link of a many-to-many "lists" field added or removed) moves
# LISTS on if the model feeds it, and the owner's topic if the owner is another row: a deleted
# assessment's own pages go with the lists.
TOPICS: dict[str, dict] = {
    "accounts.User": {
        "lists": {
            "username",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "is_staff",
            "is_superuser",
            "date_joined",
            "role",
            "school",
            "post_nominals",
            "job_title",
        },
        # A sign-in saves last_login; a new password, or a new two-factor device's stamp.
        "unshown": {"last_login", "password", "two_factor_stamp", "groups", "user_permissions"},
        "rows": "user",
    },
    "schools.School": {"lists": ALL},
    "assessments.AwardLevel": {"lists": ALL},
    "assessments.VisitKind": {"lists": ALL},
    "assessments.Framework": {"lists": ALL},
    "assessments.Element": {"lists": ALL},
    "assessments.Assessment": {
        "owner": "pk",
        "lists": {
            "school",
            "framework",
            "kind",
            "remote",
            "renews_lower_award",
            "report_structure",
            "status",
            "visit_start",
            "visit_end",
            "lead_assessor",
            "co_assessors",
            "return_comment",
            "submitted_at",
            "confirmed_by",
            "confirmed_at",
            "expires_on",
            "school_snapshot",
            "previous_assessment",
            "revision_of",
            "revision",
            "created_at",
        },
        # What an assessor writes in the letter and no list shows.
        "content": {
            "summary",
            "recommendation",
            "outcome",
            "reassessment_years",
            "context",
            "evidence",
            "letter_date",
            "version",
            "updated_at",
        },
    },
    "assessments.Finding": {"owner": "assessment_id", "content": ALL},
    "assessments.Statement": {"owner": "assessment_id", "content": ALL},
    # A themed report's sections and quotations (assessments.sections), like findings.
    "assessments.Section": {"owner": "assessment_id", "content": ALL},
    "assessments.Quotation": {"owner": "assessment_id", "content": ALL},
    "continuity.Target": {"owner": "assessment_id", "content": ALL},
    "continuity.CarriedItem": {"owner": "assessment_id", "content": ALL},
    "continuity.ResearchProject": {"owner": "assessment_id", "content": ALL},
    "continuity.ResearchStep": {"owner": "assessment_id", "content": ALL},
    # The evidence log is letter content; the factual check feeds the director's overdue list.
    "factcheck.Meeting": {"owner": "assessment_id", "content": ALL},
    "factcheck.DocumentSeen": {"owner": "assessment_id", "content": ALL},
    "factcheck.FactualCheck": {"owner": "assessment_id", "lists": ALL},
    "factcheck.CheckComment": {"lists": ALL},
    "factcheck.CommentAnswer": {"lists": ALL},
    # A submitted self-evaluation takes its stage off the director's overdue list.
    "selfeval.SelfEvaluation": {"owner": "assessment_id", "lists": ALL},
    # The school's words and evidence, which the assessors' element pages show.
    "selfeval.ElementEvaluation": {"owner": "assessment_id", "content": ALL},
    "selfeval.Evidence": {"owner": "assessment_id", "content": ALL},
    # The second reading: the assessor's home counts its open comments; the element pages show them.
    "reading.ReadingRule": {"unshown": ALL},
    "reading.Draw": {"unshown": ALL},
    "reading.Reading": {"owner": "assessment_id", "lists": ALL},
    "reading.Comment": {"lists": ALL},
    "reading.Reply": {"lists": ALL},
    # The headteachers' portals list issued reports.
    "reports.IssuedReport": {"lists": ALL},
    # Whether the school published a letter: the letter pages and /verify/ say so.
    "reports.LetterPublication": {"lists": ALL},
    # Cluster meetings and who attended them, which the school pages show.
    "clusters.ClusterMeeting": {"lists": ALL},
    "clusters.Attendance": {"lists": ALL},
}

_GROUPS = ("lists", "content", "unshown")


def group_of(label: str, field: str, table: dict | None = None) -> str | None:
    """Which group of the table's entry for `label` names the field ("lists", "content" or
    "unshown"), by name or through ALL; None if none does."""
    entry = (TOPICS if table is None else table).get(label, {})
    for group in _GROUPS:
        named = entry.get(group, ())
        if named != ALL and field in named:
            return group
    for group in _GROUPS:
        if entry.get(group) == ALL:
            return group
    return None


def feeds_lists(entry: dict) -> bool:
    return bool(entry.get("lists"))


def written(label: str, owners: Iterable, fields: Iterable[str] | None, table: dict | None = None) -> list:
    """The topics a write of `fields` (None: every field) to rows of `label` owned by `owners`
    moves on."""
    entry = (TOPICS if table is None else table)[label]
    if fields is None:
        groups = {"lists"} if feeds_lists(entry) else {"content"}
    else:
        groups = {group_of(label, field, table) or "lists" for field in fields}
    topics = []
    if groups & {"lists", "content"} and entry.get("owner"):
        topics.extend(assessment_topic(pk) for pk in owners if pk is not None)
    if "lists" in groups:
        topics.append(LISTS)
    return topics


def appeared_or_gone(label: str, owners: Iterable, table: dict | None = None) -> list:
    """The topics that rows of `label` owned by `owners` being created or deleted move on."""
    entry = (TOPICS if table is None else table)[label]
    topics = []
    if entry.get("owner") not in (None, "pk"):
        topics.extend(assessment_topic(pk) for pk in owners if pk is not None)
    if feeds_lists(entry):
        topics.append(LISTS)
    return topics


# Generations -----------------------------------------------------------------------------------


def _generation_key(topic: str) -> str:
    return f"gen:{topic}"


def _new_generation() -> int:
    # Never a small counter that starts again at 1: a generation lost from the cache (evicted,
    # or the cache restarted) must not come back as one that parts were once stored under.
    return time.time_ns()


def _move_on(topics: Iterable[str]) -> None:
    values = {_generation_key(topic): _new_generation() for topic in topics}
    if values:
        cache.set_many(values, timeout=None)


def changed(*topics: str) -> None:
    """Say that the data behind these topics has changed: no part cached under them is shown
    again. Their generations move on at once, and again when the current transaction commits
    (at once outside one), so that a request that read the old rows in between cannot leave a
    part under the generation that follows."""
    # Even where this process serves nothing from the cache (IQM_PAGE_CACHE off), others
    # sharing the cache may: they must hear of the change.
    if not settings.IQM_SHARED_CACHE:
        return
    topics = tuple(dict.fromkeys(topics))
    if not topics:
        return
    now_and_on_commit(lambda: _move_on(topics))


def generations(topics: Iterable[str]) -> tuple:
    """The topics' current generations, in order; a topic never seen before gets one."""
    keys = [_generation_key(topic) for topic in topics]
    found = cache.get_many(keys)
    missing = {key: _new_generation() for key in keys if key not in found}
    for key, value in missing.items():
        # add(): two requests starting the same topic at once agree on one generation.
        if not cache.add(key, value, timeout=None):
            value = cache.get(key, value)
        found[key] = value
    return tuple(found[key] for key in keys)
